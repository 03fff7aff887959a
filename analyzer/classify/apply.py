"""Problems and categories for a document: one batched model call per document.

Problem candidates are the clauses that carry at least one shortcoming cue
(corpora/categories/shortcoming_cues.txt): a clause with none (no 不够, 不到位,
违规, 存在…) states no shortcoming, so the model is not asked.  The model then
decides problem or not, and gives every directive and problem its category and
the scores of all categories.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np

from ..document import Directive, Problem
from ..resources import DataError, compile_pattern, load_toml, rule_loader
from ..spanindex import SpanIndex
from .features import CATEGORIES, cue_lexicon
from .model import get_classifier

PROBLEM_THRESHOLD = 0.5


@dataclass(frozen=True)
class ClauseRules:
    """The rules of problem_rules.toml, compiled: the class-label pattern and
    label -> category, and the not_problem and target patterns."""
    class_label: re.Pattern | None
    class_labels: dict
    not_problem: tuple[re.Pattern, ...]
    target: tuple[re.Pattern, ...]


@rule_loader("problem_rules", "categories")
def load_clause_rules(directory: Path) -> ClauseRules:
    """The rules of ``directory``/problem_rules.toml (corpora/categories when
    called with no argument: loaded once, shared), validated on load; a
    DataError names the file and the rule."""
    path = directory / "problem_rules.toml"
    data = load_toml(path)
    rx, labels = _class_label_rule(data, path)
    return ClauseRules(rx, labels, *_patterns(data, path))


def _class_label_rule(data: dict, path: Path) -> tuple[re.Pattern | None, dict[str, str]]:
    """The class-label pattern and label -> category."""
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


def class_label_rule() -> tuple[re.Pattern | None, dict[str, str]]:
    """The class-label pattern and label -> category, from problem_rules.toml."""
    rules = load_clause_rules()
    return rules.class_label, rules.class_labels


def stated_category(text: str) -> str | None:
    """The category a clause names itself (`对制度机制方面的问题，要…` -> system)."""
    rx, labels = class_label_rule()
    if rx is None:
        return None
    m = rx.search(text)
    return labels.get(m.group("label").strip()) if m else None


def problem_rules() -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
    """(not_problem, target) patterns from corpora/categories/problem_rules.toml.
    Kept apart, not joined into one alternation: most are anchored at the
    clause start, which a search tries once; joined, every branch is tried at
    every position (measured: 7.2 against 2.1 µs a clause)."""
    rules = load_clause_rules()
    return rules.not_problem, rules.target


def _patterns(data: dict, path: Path) -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
    """The not_problem and target patterns, compiled."""
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


def is_problem(text: str, probability: float, lexicon) -> bool:
    """A rule where one decides (not_problem: no; a target naming a
    shortcoming: yes), else the model — searching only the rules that can
    change the answer: when the model says problem, a target rule would say
    the same, so only not_problem is searched; when it says no, only a
    target makes it yes (and then not_problem may still veto)."""
    not_problem, targets = problem_rules()
    if probability >= PROBLEM_THRESHOLD:
        return not any(p.search(text) for p in not_problem)
    return _names_a_target(text, targets, lexicon) and not any(p.search(text) for p in not_problem)


def _names_a_target(text: str, targets, lexicon) -> bool:
    for p in targets:
        m = p.search(text)
        if m and lexicon.has_shortcoming(m.group("target")):
            return True
    return False


def classify_document(doc, heading_spans: list[tuple[int, int]]) -> None:
    """Fill ``doc.problems`` and the category/scores of ``doc.directives``."""
    classify_documents([(doc, heading_spans)])


def classify_documents(items: list[tuple[object, list[tuple[int, int]]]]) -> None:
    """``classify_document`` for each (document, heading spans), with one
    model call for the clauses of all of them: numpy's cost per call is paid
    once per batch instead of once per document.  A text's scores depend on
    that text alone, so the result is the same, document by document."""
    lexicon = cue_lexicon()
    plans = [_candidates(doc, headings, lexicon) for doc, headings in items]
    texts = [t for _, _, doc_texts in plans for t in doc_texts]
    if texts:
        cue_counts = np.fromiter((c for _, doc_counts, _ in plans for c in doc_counts), dtype=np.float32,
                                 count=len(texts))
        cat, prob = get_classifier().predict(texts, cue_counts)
        rows, labels, probs = np.round(cat, 4).tolist(), np.argmax(cat, axis=1).tolist(), prob.tolist()
    at = 0
    for (doc, _), (spans, counts, doc_texts) in zip(items, plans):
        n = len(spans)
        if not n:
            doc.problems = []
            continue
        _apply(doc, spans, counts, doc_texts, rows[at:at + n], labels[at:at + n], probs[at:at + n], lexicon)
        at += n


def _candidates(doc, heading_spans, lexicon) -> tuple[list[tuple[int, int]], list[int], list[str]]:
    """The clauses to classify (directives, and clauses with a shortcoming
    cue; never headings), their shortcoming-cue counts and texts."""
    directive_spans = {(d.start, d.end) for d in doc.directives}
    spans, counts = [], []
    headings = SpanIndex(heading_spans)
    # Shortcoming cues found once in the whole text, then counted per clause
    # (and given to the model's cue features, which would otherwise search
    # every clause again).  The regex, not literals.LiteralSet: over a whole
    # document, between the other steps, it measured 0.11 against 0.27 ms.
    cues = ([(m.start(), m.end()) for m in lexicon.shortcoming.finditer(doc.text)]
            if lexicon.shortcoming is not None else [])
    for (s, e), count in zip(doc.clauses, _cues_per_clause(cues, doc.clauses)):
        if count is None:  # a match runs over the clause's edge: search the clause alone
            count = len(lexicon.shortcoming.findall(doc.text, s, e))
        if (count or (s, e) in directive_spans) and not headings.covering(s, e):
            spans.append((s, e))
            counts.append(count)
    return spans, counts, [doc.text[s:e] for s, e in spans]


def _apply(doc, spans, counts, texts, rows, labels, probs, lexicon) -> None:
    """Problems and directive categories of one document from its clauses' scores."""
    by_span = {}
    problems = []
    for (s, e), text, row, label, p, cue in zip(spans, texts, rows, labels, probs, counts):
        scores = dict(zip(CATEGORIES, row))
        label = stated_category(text) or CATEGORIES[label]
        by_span[(s, e)] = (label, scores)
        if not cue:  # no shortcoming word: a measure, never a problem
            continue
        if is_problem(text, p, lexicon):
            problems.append(Problem(s, e, text, label, {"scores": scores, "probability": round(p, 4)},
                                    "model:problem"))
    doc.problems = problems
    found = [(d, by_span.get((d.start, d.end))) for d in doc.directives]
    doc.directives = [_with_category(d, *c) if c is not None else d for d, c in found]


def _cues_per_clause(cues: list[tuple[int, int]], clauses: list[tuple[int, int]]) -> list[int | None]:
    """How many of the document's cue matches lie in each clause: the
    matches a search of that clause alone finds, unless a document match
    crosses the clause's start or end (then None: the caller searches the
    clause).  None in practice: no cue holds the punctuation or line break
    that ends a clause.  Vectorized: a document has hundreds of clauses."""
    if not cues:
        return [0] * len(clauses)
    if not clauses:
        return []
    # fromiter over the flattened pairs: np.array on a list of tuples costs twice as much
    cue_at = np.fromiter(chain.from_iterable(cues), dtype=np.int64, count=2 * len(cues)).reshape(-1, 2)
    span = np.fromiter(chain.from_iterable(clauses), dtype=np.int64, count=2 * len(clauses)).reshape(-1, 2)
    first = np.searchsorted(cue_at[:, 0], span[:, 0])
    after = np.searchsorted(cue_at[:, 0], span[:, 1])
    ends = np.concatenate(([-1], cue_at[:, 1]))  # ends[k]: the end of the k-th match before (-1: none)
    crossed = (ends.take(first) > span[:, 0]) | (ends.take(after) > span[:, 1])
    counts = (after - first).tolist()
    for k in np.flatnonzero(crossed).tolist():
        counts[k] = None
    return counts


def _with_category(d: Directive, category: str, scores: dict) -> Directive:
    # The constructor, not dataclasses.replace: replace inspects the fields on
    # every call and costs three times as much, for every directive.
    return Directive(d.start, d.end, d.text, d.label, d.value, d.rule, d.parties, d.time_limits, d.section,
                     category, scores)
