"""Trust: models and rule files load as data only and fail clearly when damaged;
outputs are written safely; odd inputs give a clear answer."""
import errno
import json
import os
import shutil

import pytest
from click.testing import CliRunner

from analyzer.classify import model as model_mod
from analyzer.cli import main
from analyzer.normalize.boilerplate import parse_rules
from analyzer.output import OutputError, atomic_write
from analyzer.resources import DataError, model_path


@pytest.fixture
def model_copy(tmp_path):
    for name in ("classifier.json", "classifier.npz"):
        shutil.copy(model_path(name), tmp_path / name)
    return tmp_path / "classifier.json", tmp_path / "classifier.npz"


def test_shipped_model_loads_without_scikit_learn_or_pickle(model_copy):
    clf = model_mod.load_classifier(*model_copy)
    cat, prob = clf.predict(["要建立健全整改台账制度。", "个别干部违规收受礼品礼金。"])
    assert cat.shape == (2, 5) and prob.shape == (2,)
    assert clf.meta["weights_sha256"] and clf.meta["data_sha256"]


@pytest.mark.parametrize("damage,message", [
    (lambda j, n: j.write_text("{not json", encoding="utf-8"), "corrupted"),
    (lambda j, n: j.write_text(json.dumps({"format": "other"}), encoding="utf-8"), "not a model"),
    (lambda j, n: n.write_bytes(n.read_bytes()[:-10] + b"0123456789"), "tampered"),
    (lambda j, n: n.unlink(), "missing"),
    (lambda j, n: j.unlink(), "missing"),
])
def test_damaged_model_is_a_clear_error_naming_the_file(model_copy, damage, message):
    json_path, npz_path = model_copy
    damage(json_path, npz_path)
    with pytest.raises(DataError) as exc:
        model_mod.load_classifier(json_path, npz_path)
    assert message in str(exc.value)
    assert str(json_path.parent) in str(exc.value)


def test_weights_that_do_not_fit_are_refused(model_copy, tmp_path):
    import numpy as np

    from analyzer.classify.train import _write_npz

    json_path, npz_path = model_copy
    with np.load(npz_path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["category_weights"] = arrays["category_weights"][:, :10]
    _write_npz(npz_path, arrays)
    meta = json.loads(json_path.read_text(encoding="utf-8"))
    meta["weights_sha256"] = model_mod.sha256_file(npz_path)
    json_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(DataError, match="do not fit"):
        model_mod.load_classifier(json_path, npz_path)


def test_cli_reports_a_damaged_model_in_one_line(monkeypatch, tmp_path, model_copy):
    json_path, npz_path = model_copy
    npz_path.write_bytes(b"garbage")
    monkeypatch.setattr(model_mod, "model_path", lambda name="": tmp_path / name)
    model_mod.get_classifier.cache_clear()
    try:
        r = CliRunner().invoke(main, ["analyze", "--sample", "--no-tokens"])
    finally:
        model_mod.get_classifier.cache_clear()
    assert r.exit_code != 0
    assert "classifier.npz" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("data,message", [
    ({"line": [{"id": "a", "kind": "boilerplate", "pattern": "("}]}, "does not compile"),
    ({"line": [{"id": "a", "kind": "weird", "pattern": "x"}]}, "kind must be"),
    ({"line": [{"kind": "boilerplate", "pattern": "x"}]}, "has no id"),
    ({"line": [{"id": "a", "kind": "boilerplate", "pattern": "x"}, {"id": "a", "kind": "gap", "pattern": "y"}]}, "duplicate"),
    ({"line": [{"id": "a", "kind": "metadata", "pattern": "x"}]}, "need a 'field'"),
    ({"blocks": []}, "unknown table"),
])
def test_page_noise_rules_are_validated(data, message):
    with pytest.raises(DataError) as exc:
        parse_rules(data, "page_noise.toml")
    assert message in str(exc.value) and "page_noise.toml" in str(exc.value)


def test_full_disk_leaves_earlier_output_intact(tmp_path, monkeypatch):
    out = tmp_path / "out.jsonl"
    out.write_text("earlier\n", encoding="utf-8")

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OutputError) as exc:
        with atomic_write(out, force=True) as fh:
            fh.write("new\n")
    assert "No space left" in str(exc.value) and "intact" in str(exc.value)
    assert out.read_text(encoding="utf-8") == "earlier\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temp file left behind


def test_interrupted_write_leaves_no_partial_file(tmp_path):
    out = tmp_path / "o.json"
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(out) as fh:
            fh.write("half")
            raise KeyboardInterrupt
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name,data", [
    ("empty.txt", b""),
    ("empty.html", b""),
    ("blank.txt", b"   \n\n\t\n"),
    ("bom_only.txt", b"\xef\xbb\xbf"),
    ("script.html", b"<script>" + b"x" * 100000 + b"</script><p>\xe8\xa6\x81\xe6\x8a\x93\xe5\xa5\xbd\xe3\x80\x82</p>"),
    ("utf16_nobom.txt", "各单位要抓好整改。".encode("utf-16-le")),
])
def test_odd_but_valid_inputs_give_a_result(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    r = CliRunner().invoke(main, ["analyze", "--no-tokens", str(p)])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)   # stderr may carry a warning (an empty file is named)
    assert doc["id"] == name
