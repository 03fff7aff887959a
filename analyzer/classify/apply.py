"""Problems and categories for a document: one batched model call per document.

Problem candidates are the clauses that carry at least one shortcoming cue
(corpora/categories/shortcoming_cues.txt): a clause with none (no 不够, 不到位,
违规, 存在…) states no shortcoming, so the model is not asked.  The model then
decides problem or not, and gives every directive and problem its category and
the scores of all categories.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..document import Problem
from ..spanindex import SpanIndex
from .features import CATEGORIES, cue_lexicon
from .model import get_classifier

PROBLEM_THRESHOLD = 0.5


def _shortcoming_cue(text: str, lexicon) -> bool:
    if lexicon.regex is None:
        return False
    col = len(lexicon.columns) - 1
    return any(lexicon.weights[m.group()][col] > 0 for m in lexicon.regex.finditer(text))


def classify_document(doc, heading_spans: list[tuple[int, int]]) -> None:
    """Fill ``doc.problems`` and the category/scores of ``doc.directives``."""
    lexicon = cue_lexicon()
    directive_spans = {(d.start, d.end) for d in doc.directives}
    spans = []
    headings = SpanIndex(heading_spans)
    for s, e in doc.clauses:
        if headings.covering(s, e):
            continue
        text = doc.text[s:e]
        if (s, e) in directive_spans or _shortcoming_cue(text, lexicon):
            spans.append((s, e))
    if not spans:
        doc.problems = []
        return
    model = get_classifier()
    texts = [doc.text[s:e] for s, e in spans]
    cat, prob = model.predict(texts)
    by_span = {}
    problems = []
    for (s, e), text, row, p in zip(spans, texts, cat, prob):
        scores = {c: round(float(v), 4) for c, v in zip(CATEGORIES, row)}
        label = CATEGORIES[int(np.argmax(row))]
        by_span[(s, e)] = (label, scores)
        if p >= PROBLEM_THRESHOLD and _shortcoming_cue(text, lexicon):
            problems.append(Problem(s, e, text, label, {"scores": scores, "probability": round(float(p), 4)},
                                    "model:problem"))
    doc.problems = problems
    doc.directives = [replace(d, category=by_span[(d.start, d.end)][0], scores=by_span[(d.start, d.end)][1])
                      if (d.start, d.end) in by_span else d for d in doc.directives]
