"""The one loader convention for rule data, and the one error type."""
import shutil

import pytest

from analyzer.resources import LOADERS, DataError, RuleLoader, corpus_path, rule_loader


def test_the_shipped_data_is_loaded_once_and_shared():
    calls = []
    loader = RuleLoader("probe", lambda folder: calls.append(folder) or object(), "time")
    first = loader()
    assert loader() is first and calls == [corpus_path("time")]
    loader.cache_clear()
    assert loader() is not first and len(calls) == 2


def test_another_folder_is_loaded_every_time_and_not_cached(tmp_path):
    loader = RuleLoader("probe", lambda folder: [folder], "time")
    shipped = loader()
    assert loader(tmp_path) == [tmp_path] and loader(tmp_path) is not loader(tmp_path)
    assert loader() is shipped


def test_rule_loader_registers_by_name():
    @rule_loader("probe-registered", "time")
    def load(folder):
        """Probe."""
        return folder
    try:
        assert LOADERS["probe-registered"] is load and load.folder == "time" and load.__doc__ == "Probe."
    finally:
        del LOADERS["probe-registered"]


@pytest.mark.parametrize("rule, message", [
    ("rule 'x.y'", "a.toml: rule 'x.y': bad"),
    (None, "a.toml: bad"),
])
def test_data_error_names_file_and_rule(rule, message):
    err = DataError.at("a.toml", rule, "bad")
    assert str(err) == message and err.path == "a.toml" and err.rule == rule
    assert isinstance(err, ValueError)  # callers that caught ValueError still do


@pytest.mark.parametrize("name", ["time", "parties", "directives", "page_noise", "openings",
                                  # issue 15: the rule data that had conventions of its own
                                  "ledger_linking", "ledger_rows", "ledger_problems", "ledger_status",
                                  "ledger_table_headers", "problem_rules", "cues", "script_fixes",
                                  "stopwords", "domain_dict"])
def test_every_shipped_loader_is_registered_and_loads(name):
    import analyzer.extract.check as check

    loaders = check._register_loaders()
    assert loaders[name]() is loaders[name]()


def test_no_rule_file_is_read_by_two_loaders(monkeypatch):
    """One loader per file: rows.toml, table_headers.toml, openings.toml and
    problem_rules.toml were each read by two functions before issue 15."""
    import pathlib

    import analyzer.extract.check as check

    reads, real = [], pathlib.Path.read_text
    monkeypatch.setattr(pathlib.Path, "read_text", lambda self, *a, **k: reads.append(self) or real(self, *a, **k))
    readers: dict = {}
    for name, loader in sorted(check._register_loaders().items()):
        del reads[:]
        loader(corpus_path(loader.folder))
        for path in set(reads):
            readers.setdefault(path, []).append(name)
    assert readers and {f: n for f, n in readers.items() if len(n) > 1} == {}


def test_a_missing_file_is_a_data_error_naming_it(tmp_path):
    from analyzer.extract.directives import load_rules

    shutil.copytree(corpus_path("directives"), tmp_path / "directives")
    (tmp_path / "directives" / "filters.toml").unlink()
    with pytest.raises(DataError, match=r"filters\.toml: data file missing"):
        load_rules(tmp_path / "directives")
