"""Time-limit normalizers register themselves; the loader checks patterns.toml against them."""
import shutil

import pytest

from analyzer.extract.time import NORMALIZERS, load_data, normalizer
from analyzer.resources import DataError, corpus_path


@pytest.mark.parametrize("name, groups, idiom, position_free", [
    ("fixed", (), True, True),
    ("relative_date", (), True, False),
    ("date", ("d",), False, True),
    ("range", ("d1", "d2"), False, True),
    ("within", ("dur",), False, False),
    ("ratio", ("n", "period", "act"), False, True),
    ("cadence", (), False, False),
])
def test_a_normalizer_declares_its_groups_and_options(name, groups, idiom, position_free):
    n = NORMALIZERS[name]
    assert (n.groups, n.idiom, n.position_free) == (groups, idiom, position_free)


def test_every_normalizer_named_by_the_data_is_registered():
    data = load_data()
    assert {r.normalize for r in data.rules} <= set(NORMALIZERS)
    assert NORMALIZERS["every"].needs_period


def test_registering_a_name_twice_fails():
    with pytest.raises(ValueError, match="registered twice"):
        normalizer("date")(lambda run, m, rule: None)


@pytest.mark.parametrize("file, old, new, message", [
    ("lexicon.toml", 'id = "urgency.prompt"\ntype = "urgency"', 'id = "urgency.prompt"\ntype = "urgency"\nnormalize = "date"',
     "lexicon.toml: idiom 'urgency.prompt': unknown normalize 'date' for an idiom"),
    ("patterns.toml", 'normalize = "ratio"', 'normalize = "range"',
     "patterns.toml: rule 'frequency.ratio': normalize 'range' needs the named group(s) ['d1', 'd2']"),
])
def test_the_loader_checks_normalizers_against_the_registry(tmp_path, file, old, new, message):
    folder = tmp_path / "time"
    shutil.copytree(corpus_path("time"), folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_data(folder)
    assert message in str(err.value)
    assert err.value.rule and err.value.path == path
