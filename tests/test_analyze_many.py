"""analyze_many: a chunk's documents analyzed together (the classifier runs
once over all of them) give what analyzing each alone gives, and one bad
document fails alone."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer import pipeline
from analyzer.pipeline import analyze, analyze_many

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

TEXTS = [
    "同志们：\n一、压实整改责任\n各单位主要负责人要在6月底前完成整改，每月至少通报2次；严禁弄虚作假。",
    "",
    "整改工作仍然存在不到位、不扎实的问题，个别干部纪律意识淡薄。",
    "对思想认识方面的问题，要组织专题学习。对制度机制方面的问题，要建立健全制度。",
    "谢谢大家。",
    "要" * 5000,
]


def as_json(doc) -> str:
    return json.dumps(doc.to_dict(), ensure_ascii=False)


@pytest.mark.parametrize("texts", [TEXTS, TEXTS[:1], TEXTS[::-1], [], ["", ""]])
def test_together_equals_one_by_one(texts):
    assert [as_json(d) for d in analyze_many(texts)] == [as_json(analyze(t)) for t in texts]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the project")
def test_seed_documents_together_equal_one_by_one():
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS.glob("*.txt"))]
    assert [as_json(d) for d in analyze_many(texts)] == [as_json(analyze(t)) for t in texts]


def test_a_document_that_breaks_a_step_fails_alone(monkeypatch):
    real_step, real_batch = pipeline.STEPS["directives"], pipeline.BATCH_STEPS["classify"]

    def directives(doc, options):
        if "BREAK" in doc.text:
            raise RuntimeError("broken on purpose")
        real_step(doc, options)

    monkeypatch.setitem(pipeline.STEPS, "directives", directives)
    out = analyze_many([TEXTS[0], "BREAK " + TEXTS[2], TEXTS[3]])
    assert isinstance(out[1], RuntimeError)
    assert [as_json(out[0]), as_json(out[2])] == [as_json(analyze(TEXTS[0])), as_json(analyze(TEXTS[3]))]
    assert real_batch is pipeline.BATCH_STEPS["classify"]


def test_a_batch_step_that_raises_is_run_again_document_by_document(monkeypatch):
    real_one = pipeline.STEPS["classify"]

    def classify_one(doc, options):
        if "BREAK" in doc.text:
            raise RuntimeError("broken on purpose")
        real_one(doc, options)

    def classify_all(docs, options):
        for doc in docs:
            classify_one(doc, options)

    monkeypatch.setitem(pipeline.STEPS, "classify", classify_one)
    monkeypatch.setitem(pipeline.BATCH_STEPS, "classify", classify_all)
    out = analyze_many([TEXTS[0], "BREAK " + TEXTS[2], TEXTS[3]])
    assert isinstance(out[1], RuntimeError)
    assert as_json(out[0]) == as_json(analyze(TEXTS[0]))
    assert as_json(out[2]) == as_json(analyze(TEXTS[3]))
