"""From positioned lines of pages (a PDF's text layer, an OCR result) to one
text the normalizer can take, with the edits that clean it.

The text handed on is every line as found, one per line, pages one after the
other; what layout put there is not cut here but proposed as edits (applied
first by the normalizer, so every offset maps back to that text):

- running headers, footers and page numbers (`- 3 -`, `第3页 共12页`, `3/12`)
  are removed and reported with kind ``page_furniture``;
- a line broken by the width of the page is joined to the next (the line
  reaches the right margin, the next is not indented and does not start a
  heading `一、` `（二）` or an item `1.`), silently, as a line ending is;
- an OCR line below ``DAMAGED_BELOW`` confidence is cut and reported as
  ``damaged``, as the normalizer does with other unreadable text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from ..normalize.edits import Edit

FURNITURE = "page_furniture"
# Running headers and footers sit in the first or last lines of a page.
EDGE_LINES = 2
# OCR confidence (rapidocr's score) below which a line is cut as damaged:
# what it reads there is mostly not text (stamps, signatures, specks).
DAMAGED_BELOW = 0.5

_DASHES = "-—–－─"
PAGE_NUMBER_RE = re.compile(
    rf"^\s*(?:[{_DASHES}]\s*)?\d{{1,4}}(?:\s*[{_DASHES}])?\s*$"            # 3, - 3 -, —3—
    r"|^\s*第\s*\d{1,4}\s*页\s*(?:[,，/／]?\s*共\s*\d{1,4}\s*页)?\s*$"   # 第3页 共12页
    r"|^\s*共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页\s*$"
    r"|^\s*\d{1,4}\s*[/／]\s*\d{1,4}\s*$"                                  # 3/12
    r"|^\s*(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
# A line starting with one of these starts a block and is never joined to the
# line before: outline markers (SPEC section 2), list items, addressees.
BLOCK_START_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|\d{1,3}[.、．](?!\d)|[（(]\d{1,3}[）)]"
    r"|第[一二三四五六七八九十百]+[，、章条部分]|附件|抄送|印发|[①-⑳])")
_LATIN_END = re.compile(r"[A-Za-z0-9]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page as read: its text and box (top-down page units)."""
    text: str
    left: float
    right: float
    top: float
    bottom: float
    confidence: float | None = None   # OCR only


@dataclass(frozen=True, slots=True)
class Page:
    """One page as read: its lines (text, box, OCR confidence), size, and whether OCR made it."""
    number: int          # 1-based
    lines: list[Line]
    height: float
    ocr: bool = False


@dataclass
class Assembled:
    """The text of the pages and what to do with it (see the module)."""
    text: str
    edits: list[Edit]
    pages: list[tuple[int, int, int]]            # (number, start, end) in ``text``
    lines: list[tuple[int, int, int, float]]     # OCR lines: (page, start, end, confidence)


def _mask(text: str) -> str:
    """A header or footer with its page number masked, so `第3页` and `第4页`
    count as the same running line."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def furniture(pages: list[Page]) -> dict[tuple[int, int], str]:
    """(page index, line index) -> rule, for the running headers, footers and
    page numbers of ``pages``.  A line counts as a running header or footer
    when it is the outermost line of its page (a page number aside), stands
    apart from the body, and, digits masked, repeats at the same edge of at
    least two pages and of at least 40% of them; a page number counts by its
    form alone, among the outermost two lines."""
    found: dict[tuple[int, int], str] = {}
    edges: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for p, page in enumerate(pages):
        lines = [i for i, ln in enumerate(page.lines) if ln.text.strip()]
        tops = [page.lines[i].top for i in lines]
        steps = sorted(b - a for a, b in zip(tops, tops[1:]) if b > a)
        pitch = steps[len(steps) // 4] if steps else 0.0   # the body's leading: most steps are
        for at, order in (("top", lines), ("bottom", lines[::-1])):
            # From the edge inwards: a page number, then at most one running
            # line set apart from the body by more than a line's pitch; the
            # first line of the body stops the search.
            for n, i in enumerate(order[:EDGE_LINES]):
                if PAGE_NUMBER_RE.match(page.lines[i].text):
                    found[(p, i)] = "page-number"
                    continue
                inner = order[n + 1] if n + 1 < len(order) else None
                if inner is None or abs(page.lines[inner].top - page.lines[i].top) > 1.3 * pitch:
                    edges.setdefault((at, _mask(page.lines[i].text)), []).append((p, i))
                break
    for (at, _), places in edges.items():
        pages_with = {p for p, _ in places}
        if len(pages_with) >= 2 and len(pages_with) >= 0.4 * len(pages):
            for place in places:
                found[place] = f"running-{'header' if at == 'top' else 'footer'}"
    return found


def _measures(lines: list[Line]) -> tuple[float, list[tuple[float, float]]]:
    """The width of a Chinese character on the page, and for each line the left and right edges
    of its column: those of the lines beside it (above and below, overlapping
    it sideways), so a page in two columns has two."""
    widths = [(ln.right - ln.left) / text_width(ln.text.strip(), 1.0)
              for ln in lines if len(ln.text.strip()) >= 8 and ln.right > ln.left]
    sizes = [ln.bottom - ln.top for ln in lines if ln.bottom > ln.top]
    char = median(widths) if widths else median(sizes) if sizes else 1.0
    edges = []
    for ln in lines:
        beside = [o for o in lines if o.left < ln.right and o.right > ln.left] or [ln]
        lefts = sorted(o.left for o in beside)
        rights = sorted(o.right for o in beside)
        edges.append((lefts[len(lefts) // 10], rights[int(0.9 * (len(rights) - 1))]))
    return char, edges


_CJK_RE = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")
# What a line cannot start with in Chinese typesetting: it goes with the
# character before it, so a line break moves them together.
_CLOSING = "，。、；：！？）》」』”’,.;:!?)]"
# Chinese punctuation inked in one half of its square: a line ending in it
# looks shorter than it is.
_HALF_INK = set("，。、；：！？”’）》」』")
_NOT_CJK = r"[^\s\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]"
_FIRST_WORD_RE = re.compile(rf"\s*(?:{_NOT_CJK}+|.{_NOT_CJK}*)[{_CLOSING}]*")


def text_width(text: str, char: float) -> float:
    """An estimate of how wide ``text`` is set: a Chinese character (or a
    full-width form) is ``char`` wide, anything else about half of that."""
    wide = len(_CJK_RE.findall(text))
    return (wide + 0.55 * (len(text) - wide)) * char


def joins_next(line: Line, right: float, nxt: Line, left: float, char: float) -> bool:
    """Was ``line`` broken by the page width, with ``nxt`` its continuation?
    ``right``: the right edge of ``line``'s column; ``left``: the left edge
    of ``nxt``'s; ``char``: the width of a Chinese character.  The line was
    full when the first word of the next line (a Latin word, or a character
    with the punctuation and Latin letters that stick to it) would not have
    fitted."""
    if not line.text.strip() or not nxt.text.strip():
        return False
    first = _FIRST_WORD_RE.match(nxt.text)
    room = right - line.right
    if line.text.rstrip()[-1:] in _HALF_INK:
        room -= 0.5 * char   # its box is the ink, in the left half of the character's place
    full = room < 1.5 * char or room < text_width(first.group().strip() if first else "", char) + 0.5 * char
    indented = nxt.text[:1].isspace() or nxt.left >= left + 1.2 * char
    return full and not indented and not BLOCK_START_RE.match(nxt.text)


def assemble(pages: list[Page]) -> Assembled:
    """One text for ``pages`` and its edits (see the module docstring)."""
    noise = furniture(pages)
    parts: list[str] = []
    starts: list[list[int]] = []
    pos = 0
    for page in pages:
        row = []
        for line in page.lines:
            row.append(pos)
            parts.append(line.text)
            pos += len(line.text) + 1
        starts.append(row)
    text = "\n".join(parts)
    edits: list[Edit] = []
    ocr_lines: list[tuple[int, int, int, float]] = []
    body: list[tuple[int, int, Line, float, float, float]] = []   # page, start, line, right, left, char
    for p, page in enumerate(pages):
        kept = [(i, ln) for i, ln in enumerate(page.lines) if (p, i) not in noise]
        char, edges = _measures([ln for _, ln in kept])
        for i, line in enumerate(page.lines):
            start = starts[p][i]
            end = start + len(line.text)
            rule = noise.get((p, i))
            cut_end = min(end + 1, len(text))
            if rule:
                edits.append(Edit(start, cut_end, "", kind=FURNITURE, detail={"rule": rule, "page": page.number}))
                continue
            if line.confidence is not None:
                if line.confidence < DAMAGED_BELOW:
                    edits.append(Edit(start, cut_end, "", kind="damaged",
                                      detail={"rule": "ocr-low-confidence", "page": page.number,
                                              "confidence": round(line.confidence, 3)}))
                    continue
                ocr_lines.append((page.number, start, end, line.confidence))
        for (i, line), (left, right) in zip(kept, edges):
            if line.confidence is None or line.confidence >= DAMAGED_BELOW:
                body.append((page.number, starts[p][i], line, right, left, char))
    for (_, start, line, right, _, char), (_, nstart, nxt, _, nleft, _) in zip(body, body[1:]):
        end = start + len(line.text)
        if joins_next(line, right, nxt, nleft, char) and end < nstart:
            # Only the line break goes: the furniture between two pages is
            # cut by its own edits, which start at the next line.
            glue = " " if _LATIN_END.search(line.text) and _LATIN_START.match(nxt.text) else ""
            edits.append(Edit(end, end + 1, glue))
    edits = merge_edits(edits)
    bounds = []
    for p, page in enumerate(pages):
        s = starts[p][0] if starts[p] else (bounds[-1][2] if bounds else 0)
        e = starts[p][-1] + len(page.lines[-1].text) if starts[p] else s
        bounds.append((page.number, s, e))
    return Assembled(text, edits, bounds, ocr_lines)


def merge_edits(edits: list[Edit]) -> list[Edit]:
    """Edits sorted, overlapping ones dropped (the first kept): a join at a
    line's end never fights the removal of the line after it."""
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out
