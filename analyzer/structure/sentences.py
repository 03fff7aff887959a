"""Sentences and clauses with offsets.

A sentence ends at `。！？` (or their half-width forms) or a line break; a clause
also ends at `；;` (SPEC section 3).  Closing quotes and brackets after the
end mark belong to the sentence (`…建立。”`).  Spans never include the line
break or leading blanks.
"""
from __future__ import annotations

import re

_CLOSERS = "”’」』）)》"
SENTENCE_RE = re.compile(f"[^。！？!?\\n]+(?:[。！？!?]+[{_CLOSERS}]*)?|[。！？!?]+[{_CLOSERS}]*")
CLAUSE_RE = re.compile(f"[^。！？!?；;\\n]+(?:[。！？!?；;]+[{_CLOSERS}]*)?|[。！？!?；;]+[{_CLOSERS}]*")


def _spans(regex: re.Pattern, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    out = []
    for m in regex.finditer(text, start, len(text) if end is None else end):
        s, e = m.start(), m.end()
        while s < e and text[s] in " \t\u3000":
            s += 1
        while e > s and text[e - 1] in " \t\u3000":
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The sentence spans of text[start:end]."""
    return _spans(SENTENCE_RE, text, start, end)


def split_clauses(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The clause spans of text[start:end] (cut at commas and semicolons too)."""
    return _spans(CLAUSE_RE, text, start, end)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines (after normalization a paragraph is a line)."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out
