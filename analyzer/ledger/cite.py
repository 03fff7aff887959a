"""出处 as a clerk cites it: the section title with its markers, the page
where the input has pages, and the paragraph.

``cite_of(doc, pos)`` gives ``{"section": "四、（二）压实属地责任",
"paragraph": 12, "page": 3}`` for a position of the normalized text (page
None when the document has no pages).  The section is the marker of every
outline level (levels 1–3) followed by the lowest heading's title words: its
text up to the first comma or full stop, cut at ``TITLE_CHARS``.  The
paragraph counts the non-blank lines of the normalized text up to ``pos``.
Pages come from ``doc.pages`` (``{"page", "start", "end"}`` in normalized
offsets, as the PDF and image readers keep them), looked up by
``formats.page_at``.  The offsets themselves stay in the JSON (``Source``).
"""
from __future__ import annotations

import bisect
import functools
import re

TITLE_CHARS = 20
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.、．]"
                     r"|[（(]\d{1,2}[)）]|第[一二三四五六七八九十]+[章节部分条]\s*)")
_TITLE_END = re.compile(r"[，,。；;：:！？!?]")


def section_title(section) -> str:
    """``("四、…", "（二）压实属地责任，…")`` -> ``四、（二）压实属地责任``."""
    if not section:
        return ""
    markers = [m.group() if (m := _MARKER.match(label)) else "" for label in section]
    words = section[-1][len(markers[-1]):].strip()
    end = _TITLE_END.search(words)
    if end:
        words = words[:end.start()]
    if len(words) > TITLE_CHARS:
        words = words[:TITLE_CHARS] + "…"
    return "".join(markers) + words


def paragraph_no(text: str, pos: int) -> int:
    """1-based number of the non-blank line that holds ``pos``."""
    starts, nonblank_before = _line_index(text)
    return nonblank_before[bisect.bisect_right(starts, pos) - 1] + 1


@functools.lru_cache(maxsize=4)
def _line_index(text: str) -> tuple[list[int], list[int]]:
    """Each line's start and how many non-blank lines come before it: one
    pass per document, where counting per row was quadratic in its length
    (30,000 rows of a 5 MB line took 14 s)."""
    starts, nonblank_before, count, at = [], [], 0, 0
    for line in text.split("\n"):
        starts.append(at)
        nonblank_before.append(count)
        count += bool(line.strip())
        at += len(line) + 1
    return starts, nonblank_before


def cite_of(doc, pos: int) -> dict:
    """Section title, paragraph and page (or None) of ``pos`` in ``doc``: the
    page as printed where the reader kept pages (PDF, images: ``doc.pages``)."""
    from ..formats import page_at

    return {"section": section_title(doc.section_path(pos)), "paragraph": paragraph_no(doc.text, pos),
            "page": page_at(doc.pages, pos)}


def cite_text(cite: dict, lang: str = "zh") -> str:
    """The place line of the 出处 cell: ``第3页 第12段`` / ``p. 3, para. 12``."""
    if not cite:
        return ""
    if lang == "zh":
        parts = ([f"第{cite['page']}页"] if cite.get("page") else []) + [f"第{cite['paragraph']}段"]
        return " ".join(parts)
    parts = ([f"p. {cite['page']}"] if cite.get("page") else []) + [f"para. {cite['paragraph']}"]
    return ", ".join(parts)
