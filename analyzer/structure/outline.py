"""The outline of a speech or document, and the texts a file runs together.

Official texts number their sections with fixed markers (SPEC section 2):

    level 1  一、二、…            level 3  1. 1、 （1）
    level 2  （一）(一)            level 4  一是… 一要… 第一，… (inline)

A marker is a heading only where the numbering makes it one: the next number
at its level (or 1 under a new parent).  Level 1 and 2 markers are also found
after a sentence end inside a line (scraped pages lose line breaks), but only
when they are exactly the next number.  Headings hidden behind a gap are
inferred from the numbering around the gap (`一、` … gap … `（四）` … `四、`
gives a hidden `三、` holding `（四）`), marked ``inferred``.

A file holding several texts run together is split into parts where a cut
joined them, where a new speech opens (`今天，我们召开…会`) after headings
have begun, or where level-1 numbering starts again at 一.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .. import scan
from ..normalize.metadata import GREETING_RE, opening_occasion
from ..normalize.pipeline import load_openings
from .items import item_kind
from .sentences import paragraphs, split_sentences

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_small_number(s: str) -> int | None:
    """一 .. 九十九 (outline numbers); None for anything else."""
    if s.isdigit():
        return int(s)
    if not s or len(s) > 3:
        return None
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN_DIGITS.get(tens, None) if tens else 1
        o = _CN_DIGITS.get(ones, None) if ones else 0
        return None if t is None or o is None else t * 10 + o
    return _CN_DIGITS.get(s) if len(s) == 1 else None


_NUM = "[一二三四五六七八九十]{1,3}"
_AFTER_SENTENCE = "(?<=[。！？；：:!?])"
CANDIDATE_RE = re.compile(
    rf"(?P<l1>(?:^|{_AFTER_SENTENCE})(?P<n1>{_NUM})、)"
    rf"|(?P<l2>(?:^|{_AFTER_SENTENCE})[（(](?P<n2>{_NUM})[)）])"
    rf"|(?P<l3>^(?:(?P<n3>\d{{1,2}})[.．、](?!\d)|[（(](?P<n3b>\d{{1,2}})[)）]))"
    rf"|(?P<l4>(?:^|{_AFTER_SENTENCE})(?:(?P<n4>{_NUM})(?:是|要|方面要|则)|第(?P<n4b>{_NUM})[，、,：:]))",
    re.M)
# Every candidate begins with a numeral, a parenthesis, a digit or 第: the
# look-behinds above made ``re`` try every position (see analyzer/scan.py).
CANDIDATE_STARTS = re.compile(r"[一二三四五六七八九十（(第\d]")


@dataclass
class Section:
    """One outline section: its marker, number, heading, span and subsections."""
    level: int
    marker: str | None
    number: int | None
    heading: str | None
    start: int
    end: int
    heading_start: int
    heading_end: int
    part: int = 0
    inferred: bool = False
    task: bool = False   # a numbered task item: heading is "" and its text is body text
    check: bool = False  # a `是否…` check-item: a criterion, its text is the heading
    children: list["Section"] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The marker and heading as one label (一、总体要求)."""
        return f"{self.marker or ''}{self.heading or ''}"

    def to_dict(self) -> dict:
        """The section as in the output contract, subsections included."""
        out = {"level": self.level, "marker": self.marker, "number": self.number, "heading": self.heading,
               "start": self.start, "end": self.end,
               "heading_start": self.heading_start, "heading_end": self.heading_end, "part": self.part}
        for flag in ("inferred", "task", "check"):
            if getattr(self, flag):
                out[flag] = True
        out["children"] = [c.to_dict() for c in self.children]
        return out

    def first_line(self, text: str) -> str:
        """The item's text after its marker up to the line end: what to show
        for a task item, which has no heading."""
        line_end = text.find("\n", self.heading_start, self.end)
        return text[self.heading_start:line_end if line_end >= 0 else self.end]

    def walk(self):
        """This section and all its subsections, depth first."""
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class Part:
    """One text of a file holding several (speeches one after another): its span and why it starts there."""
    index: int
    start: int
    end: int
    reason: str
    occasion: str | None = None
    greeting: tuple[int, int] | None = None
    closing: tuple[int, int] | None = None

    def to_dict(self, text: str) -> dict:
        """The part as in the output contract, greeting and closing as text spans."""
        out = {"index": self.index, "start": self.start, "end": self.end, "reason": self.reason,
               "occasion": self.occasion}
        for key in ("greeting", "closing"):
            span = getattr(self, key)
            out[key] = None if span is None else {"start": span[0], "end": span[1], "text": text[span[0]:span[1]]}
        return out


@dataclass
class Outline:
    """A document's outline: its top sections and its parts."""
    sections: list[Section]
    parts: list[Part]
    _starts: dict = field(default_factory=dict, repr=False, compare=False)

    def all_sections(self) -> list[Section]:
        """Every section, depth first."""
        return [s for top in self.sections for s in top.walk()]

    def path_at(self, pos: int) -> list[Section]:
        """The chain of sections (level 1 down) containing offset ``pos``."""
        path = []
        nodes = self.sections
        while nodes:
            # Siblings are in order and do not overlap: bisect on their starts,
            # kept per sibling list for the outline's lifetime.
            starts = self._starts.get(id(nodes))
            if starts is None:
                starts = self._starts[id(nodes)] = [n.start for n in nodes]
            i = bisect.bisect_right(starts, pos) - 1
            if i < 0 or not nodes[i].start <= pos < nodes[i].end:
                return path
            path.append(nodes[i])
            nodes = nodes[i].children
        return path


@dataclass
class _Candidate:
    level: int
    number: int
    start: int  # where the marker starts
    marker_end: int
    marker: str
    at_line_start: bool


def _candidates(text: str) -> list[_Candidate]:
    out = []
    for m in scan.finditer(CANDIDATE_RE, CANDIDATE_STARTS, text):
        for level in (1, 2, 3, 4):
            if m.group(f"l{level}") is None:
                continue
            raw = m.group(f"n{level}") or (m.group(f"n{level}b") if level in (3, 4) else None)
            number = cn_small_number(raw) if raw else None
            if number is None:
                break
            s = m.start()
            out.append(_Candidate(level, number, s, m.end(), m.group(), s == 0 or text[s - 1] == "\n"))
            break
    return out


def _heading(text: str, cand: _Candidate) -> tuple[int, int]:
    line_end = text.find("\n", cand.marker_end)
    line_end = len(text) if line_end < 0 else line_end
    stop = re.compile("[。！？；!?;]" if cand.level == 4 else "[。！？!?]")
    m = stop.search(text, cand.marker_end, line_end)
    end = m.start() if m else line_end
    while end > cand.marker_end and text[end - 1] in "：:，, ":
        end -= 1
    return cand.marker_end, end


def _find_parts(text: str, cands: list[_Candidate], joins: list[int]) -> list[tuple[int, str]]:
    """Part starts with the reason for each (the first part starts at 0)."""
    openings = load_openings().openings
    starts = {0: "start"}
    for j in joins:
        if 0 < j < len(text):
            starts.setdefault(j, "texts-joined")
    # The part starts so far, sorted: the part holding an offset is found by
    # bisection (a scan of all starts per sentence was quadratic in the parts).
    order = sorted(starts)

    def add(pos: int, reason: str) -> None:
        if pos not in starts:
            starts[pos] = reason
            bisect.insort(order, pos)

    def part_start_at(pos: int) -> int:
        return order[bisect.bisect_right(order, pos) - 1]

    l1_positions = [c.start for c in cands if c.level == 1]
    for s, _e in split_sentences(text):
        if s == 0 or not any(p.match(text, s) for p in openings):
            continue
        prev_start = part_start_at(s)
        i = bisect.bisect_left(l1_positions, prev_start)
        if i < len(l1_positions) and l1_positions[i] < s:
            add(s, "new-opening")
    # Level-1 numbering starting again at 一 after 二 or more, with no part
    # boundary in between, is a new text.
    last_l1 = 0
    current_part_start = 0
    for c in cands:
        if c.level != 1:
            continue
        part_start = part_start_at(c.start)
        if part_start != current_part_start:
            current_part_start = part_start
            last_l1 = 0
        if c.number == 1 and last_l1 >= 2 and c.at_line_start:
            # The new text's own introduction may precede its 一、: start the
            # part at the paragraph after the previous closing, if there is one.
            if c.start in starts:
                starts[c.start] = "numbering-restart"
            else:
                add(c.start, "numbering-restart")
            current_part_start = c.start
            last_l1 = 1
            continue
        if c.number == last_l1 + 1:
            last_l1 = c.number
    return sorted(starts.items())


def build_outline(text: str, joins: list[int] | None = None, gaps: list[int] | None = None) -> Outline:
    """Sections and parts of ``text`` (normalized).  ``joins`` are offsets where
    normalization split texts run together; ``gaps`` are offsets of removed
    gaps (paywalls), across which numbering may jump."""
    cands = _candidates(text)
    part_starts = _find_parts(text, cands, joins or [])
    gaps = sorted(gaps or [])
    parts: list[Part] = []
    sections: list[Section] = []
    # Candidates and paragraphs are sorted: each part takes its own slice
    # (linear in the text however many parts it holds).
    cand_starts = [c.start for c in cands]
    paras = paragraphs(text)
    para_ends = [e for _s, e in paras]
    for idx, (pstart, reason) in enumerate(part_starts):
        pend = part_starts[idx + 1][0] if idx + 1 < len(part_starts) else len(text)
        part = Part(idx, pstart, pend, reason, occasion=opening_occasion(text[pstart:min(pend, pstart + 400)]))
        parts.append(part)
        in_part = cands[bisect.bisect_left(cand_starts, pstart):bisect.bisect_left(cand_starts, pend)]
        roots = _build_tree(text, in_part, idx, pstart, pend, gaps)
        sections.extend(roots)
        # paragraphs that start in the part, or run into it from before
        _frame(text, part, roots, _paras_in(paras, para_ends, pstart, pend))
    return Outline(sections, parts)


def _paras_in(paras: list[tuple[int, int]], para_ends: list[int], pstart: int, pend: int) -> list[tuple[int, int]]:
    """The paragraphs that start in [pstart, pend) or run across pstart."""
    out = []
    for i in range(bisect.bisect_right(para_ends, pstart), len(paras)):
        s, e = paras[i]
        if s >= pend:
            break
        if pstart <= s < pend or s < pstart < e:
            out.append((s, e))
    return out


def _gap_between(gaps: list[int], a: int, b: int) -> int | None:
    i = bisect.bisect_right(gaps, a)
    return gaps[i] if i < len(gaps) and gaps[i] <= b else None


def _build_tree(text: str, cands: list[_Candidate], part: int, pstart: int, pend: int,
                gaps: list[int]) -> list[Section]:
    roots: list[Section] = []
    stack: list[Section] = []  # open sections, shallowest first
    last_pos = pstart

    def children_of(level: int) -> list[Section]:
        parent = next((s for s in reversed(stack) if s.level < level), None)
        return roots if parent is None else parent.children

    l1_numbers = [(c.start, c.number) for c in cands if c.level == 1]
    # The last section of each level under each parent (keyed by the parent
    # list's id), so the expected next number is found without rescanning.
    last_of: dict[tuple[int, int], Section] = {}

    for c in cands:
        siblings = children_of(c.level)
        prev = last_of.get((id(siblings), c.level))
        expected = prev.number + 1 if prev is not None and prev.number else 1
        gap = _gap_between(gaps, last_pos, c.start)
        accept = c.number == expected or (c.number == 1 and (c.at_line_start or c.level == 4))
        if not accept and c.at_line_start and c.level in (1, 2) and (gap is not None or c.number > expected):
            accept = True
        if not accept:
            continue
        if c.level == 2 and c.number != expected and gap is not None:
            # A level-2 heading whose numbering does not continue, right after a
            # gap: its own level-1 heading was hidden.  Number the hidden one
            # from the next visible level-1 heading.
            current = next((s for s in reversed(stack) if s.level == 1), None)
            cur_n = current.number if current else 0
            nxt = next((n for pos, n in l1_numbers if pos > c.start), None)
            hidden_n = nxt - 1 if nxt and nxt - 1 > cur_n else cur_n + 1
            hidden = Section(1, _cn_marker(hidden_n), hidden_n, None, gap, pend, gap, gap, part, inferred=True)
            while stack and stack[-1].level >= 1:
                stack.pop()
            roots.append(hidden)
            last_of[(id(roots), 1)] = hidden
            stack.append(hidden)
        hs, he = _heading(text, c)
        kind = _kind(text, hs, he) if c.level <= 3 else None
        if kind == "task":
            he = hs  # no title: the item's text is a task, read as body text
        node = Section(c.level, c.marker.strip(), c.number, text[hs:he], c.start, pend, hs, he, part,
                       task=kind == "task", check=kind == "check")
        while stack and stack[-1].level >= c.level:
            stack.pop()
        siblings = children_of(c.level)
        siblings.append(node)
        last_of[(id(siblings), c.level)] = node
        stack.append(node)
        last_pos = c.start
    _close(roots, pend)
    return roots


def _close(nodes: list[Section], end: int) -> None:
    for i, node in enumerate(nodes):
        node.end = nodes[i + 1].start if i + 1 < len(nodes) else end
        _close(node.children, node.end)


_CN_MARKERS = "零一二三四五六七八九十"
_END_MARKS = ("。", "！", "？", "!", "?")


def _kind(text: str, hs: int, he: int) -> str | None:
    """item_kind of the numbered item whose first sentence is text[hs:he]."""
    closed = text[he:he + 1] in _END_MARKS
    line_end = text.find("\n", he)
    followed = closed and bool(text[he + 1:len(text) if line_end < 0 else line_end].strip(" \t\u3000”’」』）)》"))
    return item_kind(text[hs:he], closed=closed, followed=followed)


def _cn_marker(n: int) -> str:
    if n <= 10:
        return f"{_CN_MARKERS[n]}、"
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else _CN_MARKERS[tens]}十{_CN_MARKERS[ones] if ones else ''}、"


def _frame(text: str, part: Part, sections: list[Section], paras: list[tuple[int, int]]) -> None:
    """Greeting (`同志们：`) and closing (`我就讲这些，谢谢大家。`, or the last
    paragraph that turns to the audience, `同志们，…`) of a part, given its
    top sections and its paragraphs."""
    closings = load_openings().closings
    for s, e in paras[:3]:
        s = max(s, part.start)
        if GREETING_RE.match(text[s:e].strip()):
            part.greeting = (s, e)
            break
    last_heading = max((n.heading_end for n in sections if n.part == part.index
                        for n in n.walk() if n.level <= 2), default=part.start)
    for s, e in reversed(paras):
        s = max(s, part.start)
        e = min(e, part.end)
        if s < last_heading:
            break
        line = text[s:e]
        if line.startswith("同志们，") or line.startswith("同志们,"):
            part.closing = (s, min(e, part.end))
            break
        for cs, ce in split_sentences(text, s, e):
            if any(p.search(text[cs:ce]) for p in closings):
                part.closing = (cs, min(e, part.end))
                break
        if part.closing:
            break
    if part.closing:
        # A closing paragraph turning to the audience may be followed by the
        # final formula on its own line: the closing runs to the part's end.
        part.closing = (part.closing[0], _trim_end(text, part.end))


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in "\n ":
        end -= 1
    return end
