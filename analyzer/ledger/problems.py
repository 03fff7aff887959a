"""Link rows to the problems their document states outside their sentence.

After the sentence-level linking (``build.py``) two sources of problems are
left (rules: ``corpora/ledger/problems.toml``):

1. **Heading frames.** ``二、针对项目资金拨付迟缓的问题`` names the problem of
   every row under it that states none (link ``heading``).
2. **The document's problem list.** The items of a findings section
   (``一、发现的主要问题`` with ``（一）…`` items or ``一是…二是…``) are matched
   to the rows of every document of the list, by the share of the item's
   character bigrams found in the row's text (link ``list``).  A row with no
   problem takes the item's text; every matched row gets a source in the
   findings document, so feedback, plan and report are one list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..resources import DataError, rule_loader
from .build import Row, Source, bigrams, load_rules
from .cite import cite_of
from .ruledata import load_rule_file

PROBLEMS_FILE = ("ledger", "problems.toml")
_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．])\s*")
_PIECE = re.compile(r"(?:^|(?<=[。；;]))\s*[一二三四五六七八九十]+是")


@dataclass(frozen=True)
class ProblemRules:
    """Compiled ``problems.toml``."""
    heading: re.Pattern
    findings: re.Pattern
    min_share: float
    self_frame: re.Pattern


@rule_loader("ledger_problems", "ledger")
def load_problem_rules(directory: Path) -> ProblemRules:
    """Load and check ``directory``/problems.toml (corpora/ledger when called
    with no argument: loaded once, shared)."""
    path = directory / PROBLEMS_FILE[1]
    rules = load_rule_file(path, lambda data: ProblemRules(
        re.compile(data["heading"]["frame"]), re.compile(data["list"]["findings"]), float(data["list"]["min_share"]),
        re.compile(data["self"]["frame"])))
    if not 0 < rules.min_share <= 1:
        raise DataError(f"{path}: [list] min_share must be in (0, 1]", path=path)
    return rules


def heading_problem(heading: str, rules: ProblemRules | None = None) -> tuple[int, int] | None:
    """The ``[start, end)`` of the problem a heading names, within the heading, or None."""
    rules = rules or load_problem_rules()
    marker = _MARKER.match(heading)
    off = marker.end() if marker else 0
    m = rules.heading.match(heading[off:].strip())
    if not m:
        return None
    obj = m.group("obj")
    linking = load_rules()
    if linking.class_label.search(obj) or linking.anaphora.match(obj):
        return None
    start = heading.index(obj, off)
    return start, start + len(obj)


def _sections(doc):
    return [s for s in (doc.outline.all_sections() if doc.outline else []) if not s.inferred]


def findings_items(doc, rules: ProblemRules | None = None) -> list[tuple[int, int]]:
    """Spans of the problems a document lists under its findings sections."""
    rules = rules or load_problem_rules()
    out = []
    for sec in _sections(doc):
        heading = doc.text[sec.heading_start:sec.heading_end]
        if not rules.findings.search(heading):
            continue
        kids = [c for c in sec.children if not c.inferred]
        if kids:
            for c in kids:
                s = c.heading_start + _marker_len(doc.text[c.heading_start:c.heading_end])
                out.append((s, c.heading_end))
            continue
        body_start, body_end = sec.heading_end, sec.end
        body = doc.text[body_start:body_end]
        marks = list(_PIECE.finditer(body))
        if marks:
            # 一是…。二是…。: each piece runs from its marker to the next one
            ends = [m.start() for m in marks[1:]] + [len(body)]
            out += [(body_start + m.end(), body_start + _trim_end(body, m.end(), end))
                    for m, end in zip(marks, ends)]
        else:
            out += [(s, e) for s, e in doc.sentences if body_start <= s < body_end]
    return [(s, e) for s, e in out if e - s >= 4]


def _marker_len(heading: str) -> int:
    m = _MARKER.match(heading)
    return m.end() if m else 0


def _trim_end(body: str, a: int, b: int) -> int:
    while b > a and body[b - 1] in " \n\t":
        b -= 1
    return b


def self_rows(ledger, docs, rules: ProblemRules | None = None) -> int:
    """Problems left with no measure whose clause carries its own measure
    (``对进度滞后的单位重点督办``) become rows; returns how many."""
    rules = rules or load_problem_rules()
    by_id = {d.id: d for d in docs}
    kept, added = [], []
    for u in ledger.unaddressed:
        doc = by_id.get(u["doc"])
        m = rules.self_frame.search(u["text"]) if doc is not None else None
        if m is None:
            kept.append(u)
            continue
        s, e = u["start"] + m.start("obj"), u["start"] + m.end("obj")
        src = Source(doc.id, doc.meta.get("title"), doc.section_path(u["start"]), ((s, e),),
                     ((u["start"], u["end"]),), (u["start"], u["end"]), "frame",
                     _original(doc, [(s, e)], [(u["start"], u["end"])]), cite_of(doc, u["start"]))
        added.append(Row(m.group("obj"), u.get("category") or "other", [u["text"]], [], [], [], [src],
                         u.get("category")))
    if added:
        ledger.unaddressed = kept
        order = {d["id"]: i for i, d in enumerate(ledger.documents)}
        ledger.rows = sorted(ledger.rows + added, key=lambda r: (order.get(r.sources[0].doc, 0),
                                                                 _first(r.sources[0])))
        ledger.renumber()
    return len(added)


def _original(doc, problems, measures) -> dict:
    """The spans in the original input, as build.py keeps them (empty when
    the offsets cannot be mapped)."""
    try:
        return {"problems": [list(doc.to_original(a, b)) for a, b in problems],
                "measures": [list(doc.to_original(a, b)) for a, b in measures]}
    except Exception:  # an offset chain that cannot map is no reason to lose the row
        return {}


def _first(src) -> int:
    spans = list(src.problems) + list(src.measures)
    return min((a for a, _ in spans), default=0)


def link_problems(ledger, docs) -> int:
    """Give rows the problems of their headings and of the documents' problem
    lists, and make rows of problems that carry their own measure; returns how
    many rows gained a problem, a findings source, or were made."""
    rules = load_problem_rules()
    by_id = {d.id: d for d in docs}
    changed = set()
    made = self_rows(ledger, docs, rules)
    for i, row in enumerate(ledger.rows):
        if row.problem:
            continue
        src = row.sources[0]
        doc = by_id.get(src.doc)
        if doc is None or not src.measures:
            continue
        for sec in reversed(doc.outline.path_at(src.measures[0][0]) if doc.outline else []):
            heading = doc.text[sec.heading_start:sec.heading_end]
            span = heading_problem(heading, rules)
            if span:
                s, e = sec.heading_start + span[0], sec.heading_start + span[1]
                row.problem = doc.text[s:e]
                original = dict(src.original or {})
                if original:
                    original["problems"] = _original(doc, [(s, e)], []).get("problems", [])
                row.sources[0] = replace(src, problems=((s, e),), link="heading", original=original)
                changed.add(i)
                break
    grams = [bigrams(r.problem + "".join(r.measures)) for r in ledger.rows]
    for doc in docs:
        for s, e in findings_items(doc, rules):
            mine = bigrams(doc.text[s:e])
            if not mine:
                continue
            shares = [len(mine & g) / len(mine) for g in grams]
            best = max(range(len(shares)), key=shares.__getitem__, default=None)
            if best is None or shares[best] < rules.min_share or shares.count(shares[best]) > 1:
                continue
            row = ledger.rows[best]
            if not row.problem:
                row.problem = doc.text[s:e]
            if not any(x.doc == doc.id and (s, e) in x.problems for x in row.sources):
                row.sources.append(Source(doc.id, doc.meta.get("title"), doc.section_path(s), ((s, e),), (),
                                          (s, e), "list", _original(doc, [(s, e)], []), cite_of(doc, s)))
            changed.add(best)
    return len(changed) + made
