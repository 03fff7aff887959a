"""Problems and categories for a document: one batched model call per document.

Problem candidates are the clauses that carry at least one shortcoming cue
(corpora/categories/shortcoming_cues.txt): a clause with none (no 不够, 不到位,
违规, 存在…) states no shortcoming, so the model is not asked.  The model then
decides problem or not, and gives every directive and problem its category and
the scores of all categories.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_left

import numpy as np

from ..document import Directive, Problem
from ..resources import DataError, compile_pattern, corpus_path, load_toml
from ..spanindex import SpanIndex
from .features import CATEGORIES, cue_lexicon
from .model import get_classifier

PROBLEM_THRESHOLD = 0.5


@functools.cache
def class_label_rule() -> tuple[re.Pattern | None, dict[str, str]]:
    """The class-label pattern and label -> category, from problem_rules.toml."""
    path = corpus_path("categories", "problem_rules.toml")
    data = load_toml("categories", "problem_rules.toml")
    pattern = data.get("class_label")
    if pattern is None:
        return None, {}
    rx = compile_pattern(pattern, f"{path}: class_label")
    if "label" not in rx.groupindex:
        raise DataError(f"{path}: class_label needs a (?P<label>…) group")
    labels = data.get("class_labels", {})
    if not isinstance(labels, dict):
        raise DataError(f"{path}: [class_labels] must be a table of category = [labels]")
    out: dict[str, str] = {}
    for category, words in labels.items():
        if category not in CATEGORIES or category == "other":
            raise DataError(f"{path}: class_labels: unknown category '{category}'")
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise DataError(f"{path}: class_labels.{category} must be a list of words")
        for w in words:
            if w in out and out[w] != category:
                raise DataError(f"{path}: class_labels: '{w}' is under both {out[w]} and {category}")
            out[w] = category
    return rx, out


def stated_category(text: str) -> str | None:
    """The category a clause names itself (`对制度机制方面的问题，要…` -> system)."""
    rx, labels = class_label_rule()
    if rx is None:
        return None
    m = rx.search(text)
    return labels.get(m.group("label").strip()) if m else None


@functools.cache
def problem_rules() -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
    """(not_problem, target) patterns from corpora/categories/problem_rules.toml."""
    path = corpus_path("categories", "problem_rules.toml")
    data = load_toml("categories", "problem_rules.toml")
    out = []
    for key in ("not_problem", "target"):
        pats = []
        for i, p in enumerate(data.get(key, [])):
            rx = compile_pattern(p, f"{path}: {key}[{i}]")
            if key == "target" and "target" not in rx.groupindex:
                raise DataError(f"{path}: {key}[{i}] needs a (?P<target>…) group")
            pats.append(rx)
        out.append(tuple(pats))
    return out[0], out[1]


def rule_verdict(text: str, lexicon) -> bool | None:
    """True / False where a rule decides; None leaves it to the model."""
    not_problem, targets = problem_rules()
    if any(p.search(text) for p in not_problem):
        return False
    for p in targets:
        m = p.search(text)
        if m and _shortcoming_cue(m.group("target"), lexicon):
            return True
    return None


def _shortcoming_cue(text: str, lexicon) -> bool:
    return lexicon.has_shortcoming(text)


def classify_document(doc, heading_spans: list[tuple[int, int]]) -> None:
    """Fill ``doc.problems`` and the category/scores of ``doc.directives``."""
    lexicon = cue_lexicon()
    directive_spans = {(d.start, d.end) for d in doc.directives}
    spans, cued = [], []
    headings = SpanIndex(heading_spans)
    # Shortcoming cues found once in the whole text (no cue holds the
    # punctuation clauses end at, so none straddles two clauses), then each
    # clause asks whether one starts inside it and ends by its end.
    cues = ([(m.start(), m.end()) for m in lexicon.shortcoming.finditer(doc.text)]
            if lexicon.shortcoming is not None else [])
    cue_starts = [c[0] for c in cues]
    for s, e in doc.clauses:
        if headings.covering(s, e):
            continue
        i = bisect_left(cue_starts, s)
        cue = i < len(cues) and cues[i][1] <= e
        if cue or (s, e) in directive_spans:
            spans.append((s, e))
            cued.append(cue)
    if not spans:
        doc.problems = []
        return
    model = get_classifier()
    texts = [doc.text[s:e] for s, e in spans]
    cat, prob = model.predict(texts)
    labels = np.argmax(cat, axis=1).tolist()
    by_span = {}
    problems = []
    for (s, e), text, row, label, p, cue in zip(spans, texts, np.round(cat, 4).tolist(), labels,
                                                 prob.tolist(), cued):
        scores = dict(zip(CATEGORIES, row))
        label = stated_category(text) or CATEGORIES[label]
        by_span[(s, e)] = (label, scores)
        if not cue:  # no shortcoming word: a measure, never a problem
            continue
        verdict = rule_verdict(text, lexicon)
        if verdict is None:
            verdict = p >= PROBLEM_THRESHOLD
        if verdict:
            problems.append(Problem(s, e, text, label, {"scores": scores, "probability": round(p, 4)},
                                    "model:problem"))
    doc.problems = problems
    doc.directives = [_with_category(d, *by_span[(d.start, d.end)]) if (d.start, d.end) in by_span else d
                      for d in doc.directives]


def _with_category(d: Directive, category: str, scores: dict) -> Directive:
    # The constructor, not dataclasses.replace: replace inspects the fields on
    # every call and costs three times as much, for every directive.
    return Directive(d.start, d.end, d.text, d.label, d.value, d.rule, d.parties, d.time_limits, d.section,
                     category, scores)
