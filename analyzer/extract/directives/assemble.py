"""Put a document's directives together: clause verdicts, continuation scope,
parties with inheritance, time limits, and the outline path of each.

Only this module knows how the per-clause extractors combine; each extractor
works on a clause or a text and knows nothing of documents.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ...document import Directive, Party
from ...spanindex import SpanIndex
from ...spans import Span
from ..parties import find_parties
from .judge import action_of, continues, judge_clause
from .rules import load_rules

# Titles that name a report rather than a speech: a report describes what was
# done, so words like 确保/坚持 in it do not give orders.
_REPORT_TITLE_RE = re.compile(r"做法|综述|经验|总结|情况报告|调研报告|工作报告|述职|汇报|纪实|侧记|巡礼|成效|典型")
_FIRST_PERSON_RE = re.compile(r"我们|同志们|大家|我讲|我就")


def is_report(doc) -> bool:
    """A report-style document (综述, 基本做法 …) rather than a speech."""
    meta = doc.meta
    if meta.get("speaker") or meta.get("occasion"):
        return False
    if doc.outline and any(p.greeting or p.closing for p in doc.outline.parts):
        return False
    title = meta.get("title") or ""
    if _REPORT_TITLE_RE.search(title):
        return True
    # No title to go by: a long text that never addresses its audience.
    return len(doc.text) > 1500 and len(_FIRST_PERSON_RE.findall(doc.text)) < 2


def heading_spans(doc) -> list[tuple[int, int]]:
    """Spans of the level 1-3 headings, with the end mark that closes a
    heading written as a sentence (`（一）建立协作机制。`)."""
    if doc.outline is None:
        return []
    text = doc.text
    out = []
    for s in doc.outline.all_sections():
        if s.level <= 3 and not s.inferred:
            end = s.heading_end
            while end < len(text) and text[end] in "。！？；!?;":
                end += 1
            out.append((s.start, end))
    return out


def find_directives(doc) -> list[Directive]:
    """The directives of a document: each clause judged, continuations in the scope of
    the sentence's trigger, with parties (inherited when the clause names none),
    time limits and outline path."""
    rules = load_rules()
    report = is_report(doc)
    headings = SpanIndex(heading_spans(doc))
    limits_index = SpanIndex(doc.time_limits, key=lambda t: (t.start, t.end))
    clause_index = SpanIndex(doc.clauses)
    out: list[Directive] = []
    paragraph_parties: tuple[Party, ...] = ()
    current_paragraph = -1
    newlines = [m.start() for m in _NEWLINE_RE.finditer(doc.text)]
    for sent_start, sent_end in doc.sentences:
        scope = None  # the directive that opened a continuation scope in this sentence
        para = bisect_right(newlines, sent_start)  # index of the paragraph (line) holding the sentence
        if para != current_paragraph:
            current_paragraph = para
            paragraph_parties = ()
        for s, e in clause_index.inside(sent_start, sent_end):
            clause = doc.text[s:e]
            if headings.covering(s, e):
                scope = None
                continue
            verdict = judge_clause(clause, report_genre=report, rules=rules)
            hit = verdict.trigger
            if verdict.directive:
                rule = verdict.rule
                trigger = hit.word
                modality = hit.modality
            elif scope is not None and verdict.rule in ("no-trigger",) and continues(clause, rules):
                rule = f"scope:{scope.value['trigger']}"
                trigger = scope.value["trigger"]
                modality = scope.label
            else:
                if verdict.rule != "no-trigger":
                    scope = None
                continue
            own = tuple(_party(p, s) for p in _own_segment_parties(clause, find_parties(clause), hit))
            if own:
                parties = own
                paragraph_parties = tuple(Party(p.start, p.end, p.text, p.label, p.value, p.rule, False) for p in own)
            else:
                parties = tuple(Party(p.start, p.end, p.text, p.label, p.value, p.rule, True)
                                for p in paragraph_parties)
            limits = tuple(limits_index.inside(s, e))
            d = Directive(s, e, clause, modality, {"trigger": trigger, "action": action_of(clause, hit)},
                          rule, parties, limits, doc.section_path(s))
            out.append(d)
            if verdict.directive:
                scope = d
    return out


_SEGMENT_RE = re.compile(r"[，,；;：:]")
_NEWLINE_RE = re.compile("\n")


def _own_segment_parties(clause: str, parties: list[Span], hit) -> list[Span]:
    """Drop parties of earlier phrases when the trigger's phrase has its own.

    `区委将于6月召开会议，请各单位提前准备` — 区委 is the subject of another
    predicate (将 …); the directive's party is 各单位.  Likewise
    `巡察组进驻一个月，进驻期间被巡察单位要积极配合`."""
    if hit is None or len(parties) < 2:
        return parties
    seg_start = max((m.end() for m in _SEGMENT_RE.finditer(clause, 0, hit.start)), default=0)
    seg_end_m = _SEGMENT_RE.search(clause, hit.end)
    seg_end = seg_end_m.start() if seg_end_m else len(clause)
    in_segment = [p for p in parties if seg_start <= p.start and p.end <= seg_end]
    if not in_segment or seg_start == 0:
        return parties
    return [p for p in parties if p.start >= seg_start]


def _party(span: Span, offset: int) -> Party:
    value = dict(span.value or {})
    return Party(span.start + offset, span.end + offset, span.text, span.label, value, span.rule, False)
