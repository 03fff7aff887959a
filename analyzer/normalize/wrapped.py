"""Text copied out of a PDF (pdftotext, copy and paste): lines hard-wrapped
inside sentences are joined, and the blanks a PDF puts around digits in
Chinese text (`6 月底前`, `2025 年 5 月 31 日前`, `每月 25 日前`) are dropped,
so deadlines and dates are read whole.

A text counts as hard-wrapped when many of its lines have the same display
width (a CJK character counts two, an ASCII one): the width of the page.  Only
then are lines joined, and only a full line that does not end a sentence with
the next line that does not start a heading or list item (`一、`, `（二）`,
`1.`, `第三条`).  Page-number lines (`- 3 -`, `第3页 共12页`) between two halves
of a sentence are removed as boilerplate.  Texts with one paragraph a line
(scraped pages, Word files) never look like that, so they are left alone.
"""
from __future__ import annotations

import re
from collections import Counter

from .. import scan
from ..extract.numerals import parse_int
from .chars import CJK, CJK_RE
from .edits import Edit

MIN_LINES = 6           # fewer lines: no page width to measure
MAX_WIDTH = 400         # no page of text is wider (200 CJK characters)
MIN_WIDTH = 30          # display width of the narrowest page taken for one (15 CJK characters):
                        # a list of short names or titles is narrower and must not be joined
SLACK = 4               # a full line may fall this short of the page width (two CJK characters),
SLACK_SHARE = 0.1       # or this share of it, if more (quotes and digits are narrower than they count)
MIN_FULL_SHARE = 0.35   # share of the lines that must be full for the text to be wrapped
MAX_WIDER_SHARE = 0.05  # share of the lines that may be wider than the page (a table row, a URL)
MAX_BREAK = 4           # lines a page break may take (blank lines, a page number)

_SENTENCE_END = set("。！？；：!?;:…")
_CLOSERS = set("”’」』）)》")
_HEADING_RE = re.compile(
    r"[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百\d]+[)）]|\d+(?:[、)）]|[.．](?!\d))"
    r"|第[一二三四五六七八九十百\d]+[章节節条條款部分]|[①-⑳]|[•·▪■●◆\-—*]\s*\S")
_PAGE_NUMBER_RE = re.compile(r"[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                             r"|\d{1,4}\s*/\s*\d{1,4}")
# Blanks before a digit or a Chinese character; which side is which is
# checked on the match (a look-behind here would make re try every position).
_DIGIT_GAP_RE = re.compile(f"[ \u00a0\u3000]+(?=[\\d{CJK}])")
_DIGIT_GAP_STARTS = re.compile("[ \u00a0\u3000]")
# What a number counts: after these, a number that starts its line is a date
# or an amount (`2025 年`), not a heading's number (`1 总体要求`).
_UNITS = set("年月日号时点分秒周天个次项万亿元岁人家条倍期季")


def display_width(line: str) -> int:
    """Columns a line takes: CJK two, ASCII one (from the UTF-8 length, which
    is 3 bytes for a CJK character and 1 for ASCII: no loop over characters)."""
    n = len(line)
    return n + (len(line.encode("utf-8", "surrogatepass")) - n) // 2


def digit_gap_edits(text: str) -> list[Edit]:
    """Edits dropping the blanks between Chinese characters and digits; a
    number that starts its line (`1 总体要求`, a heading) keeps its blank."""
    edits = []
    for m in scan.finditer(_DIGIT_GAP_RE, _DIGIT_GAP_STARTS, text):
        if m.start() == 0:
            continue
        before, after = text[m.start() - 1], text[m.end()]
        if not (before.isascii() and before.isdigit() and CJK_RE.match(after)
                or CJK_RE.match(before) and after.isascii() and after.isdigit()):
            continue
        if before.isdigit():
            i = m.start() - 1
            while i >= 0 and (text[i].isdigit() or text[i] in ".,"):
                i -= 1
            if (i < 0 or text[i] == "\n") and after not in _UNITS:
                continue
        edits.append(Edit(m.start(), m.end(), ""))
    return edits


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def slack(width: int) -> int:
    """How much shorter than the page width a line may be and still be full."""
    return max(SLACK, int(width * SLACK_SHARE))


def page_width(widths: list[int]) -> int | None:
    """The page width of a hard-wrapped text, or None when the line widths
    show no page (too few lines, or too few of them the same width)."""
    long = [w for w in widths if w >= MIN_WIDTH]
    if len(widths) < MIN_LINES or len(long) < MIN_LINES:
        return None
    # Lines per width up to the widest page there is; a running sum counts
    # the lines in each candidate's band in one step (no loop over pairs).
    hist = Counter(w for w in long if w <= MAX_WIDTH)
    below = [0] * (MAX_WIDTH + 2)
    for w in range(MAX_WIDTH + 1):
        below[w + 1] = below[w] + hist.get(w, 0)
    best, best_count = None, 0
    for w in sorted(hist):
        count = below[min(w + slack(w) // 2, MAX_WIDTH) + 1] - below[max(w - slack(w), 0)]
        if count >= best_count:
            best, best_count = w, count
    if best_count < max(MIN_LINES, MIN_FULL_SHARE * len(widths)):
        return None
    # Nothing is wider than the page: a text with one paragraph a line has
    # lines far longer than its headings, however many headings look alike.
    if sum(1 for w in widths if w > best + slack(best) // 2) > MAX_WIDER_SHARE * len(widths):
        return None
    return best


_NUMBERED_RE = re.compile(r"(?P<open>[（(])?(?P<n>[一二三四五六七八九十]{1,3})(?(open)[)）]|、)")


class _Headings:
    """Numbered headings in order: `三、` at a line start is a heading only
    when it comes next after `二、` (or starts a list as `一、`): `举一反` +
    `三、标本兼治` is a sentence broken at the page edge, not a third part."""

    def __init__(self):
        self.last: dict[str, int] = {}

    def is_heading(self, line: str) -> bool:
        m = _NUMBERED_RE.match(line)
        if m is None:
            return bool(_HEADING_RE.match(line))
        n = parse_int(m.group("n"))
        kind = "(" if m.group("open") else "、"
        if n is None or (n != 1 and n != self.last.get(kind, 0) + 1):
            return False
        self.last[kind] = n
        if kind == "、":
            self.last["("] = 0  # a new part numbers its sections afresh
        return True


def _ends_sentence(line: str) -> bool:
    line = line.rstrip()
    while line and line[-1] in _CLOSERS:
        line = line[:-1]
    return not line or line[-1] in _SENTENCE_END


def wrap_edits(text: str) -> tuple[list[Edit], dict]:
    """Edits joining hard-wrapped lines (silent: a line break is no content)
    and removing page numbers between them (reported), and the meta
    ``lines_joined`` when any were joined."""
    if text.count("\n") + 1 < MIN_LINES:
        return [], {}
    spans = _lines(text)
    stripped = [text[s:e].strip() for s, e in spans]
    pages = [bool(_PAGE_NUMBER_RE.fullmatch(t)) for t in stripped]
    # Only lines mostly of Chinese measure the page (a column of links or
    # codes of one length is no page of text); the others count as short.
    widths = [display_width(t) if 2 * display_width(t) >= 3 * len(t) else 0
              for t, p in zip(stripped, pages) if t and not p]
    width = page_width(widths)
    if width is None:
        return [], {}
    # In a page of text a line that is only a page number is the page's.
    edits = [Edit(s, min(e + 1, len(text)), "", kind="boilerplate", detail={"rule": "page-number"})
             for (s, e), p in zip(spans, pages) if p]
    headings = _Headings()
    heads = [bool(t) and headings.is_heading(t) for t in stripped]
    joined = 0
    i = 0
    while i < len(spans) - 1:
        line = stripped[i]
        j = i + 1
        # A page break between two halves of a sentence: blank lines (a form
        # feed) and page numbers.
        while j < len(spans) and j - i <= MAX_BREAK and (pages[j] or not stripped[j]):
            j += 1
        nxt = stripped[j] if j < len(spans) else ""
        if (line and nxt and not pages[i] and display_width(line) >= width - slack(width)
                and not _ends_sentence(line) and not heads[j]):
            sep = " " if line[-1].isascii() and line[-1].isalnum() and nxt[0].isascii() and nxt[0].isalnum() else ""
            # the blanks at the end of the line and the start of the next go too
            end = spans[i][0] + len(text[spans[i][0]:spans[i][1]].rstrip())
            edits.append(Edit(end, spans[i][1] + 1, sep))
            edits += [Edit(spans[k][0], spans[k][1] + 1, "") for k in range(i + 1, j) if not pages[k]]
            lead = len(text[spans[j][0]:spans[j][1]]) - len(text[spans[j][0]:spans[j][1]].lstrip())
            if lead:
                edits.append(Edit(spans[j][0], spans[j][0] + lead, ""))
            joined += 1
            i = j
        else:
            i += 1
    return edits, ({"lines_joined": joined} if joined else {})
