"""Training is reproducible and the shipped model matches the data it claims."""
import hashlib
import json

import pytest

from analyzer.classify.model import load_classifier
from analyzer.classify.train import DATA_FILES, train
from analyzer.resources import corpus_path, model_path


def test_shipped_model_was_built_from_the_current_data():
    meta = json.loads(model_path("classifier.json").read_text(encoding="utf-8"))
    for parts in DATA_FILES:
        digest = hashlib.sha256(corpus_path(*parts).read_bytes()).hexdigest()
        assert meta["data_sha256"]["/".join(parts)] == digest, \
            f"{'/'.join(parts)} changed since the model was trained: run `analyzer train`"


def test_shipped_model_records_its_provenance():
    meta = json.loads(model_path("classifier.json").read_text(encoding="utf-8"))
    assert set(meta["versions"]) == {"numpy", "scikit-learn", "scipy"}
    assert meta["held_out"]["category"]["macro_f1"] > 0.8
    assert meta["cross_validation"]["category"] and meta["params"]["C"]


@pytest.mark.slow
def test_training_twice_gives_the_same_files(tmp_path):
    pytest.importorskip("sklearn")
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for out in (a, b):
        train(out, log=lambda m: None, c_grid=(10.0,), folds=2, limit=400)
    for name in ("classifier.json", "classifier.npz"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    clf = load_classifier(a / "classifier.json", a / "classifier.npz")
    cat, prob = clf.predict(["严禁违规收受礼品礼金。"])
    assert cat.shape == (1, 5)
