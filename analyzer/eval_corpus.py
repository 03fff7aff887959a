"""Clauses of the shared real-document corpus, labeled by reference.

``corpora/eval/corpus_clauses.jsonl`` points at clauses of ``../shared/corpus``
by folder/file, ``start``/``end`` and a short hash, the way the seed clauses
do; it never holds their sentences.  Offsets are code points into the file as
decoded (UTF-8), so a label does not depend on the analyzer's reader or
normalizer, which other work changes.  For an HTML file the clause text is
the raw slice with its inline tags dropped and its entities decoded
(``plain_text``); block tags never fall inside a clause, because they end one.
A label whose hash no longer matches its file is refused with one line naming it.
"""
from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

# Genre codes of the labeled sets (docs/ANNOTATION.md section 9).
GENRES = {
    "ccdi": "ccdi_article",
    "meetings": "meeting_news",
    "national": "national_report",
    "notices": "state_council_notice",
    "provincial": "provincial_report",
    "traditional": "traditional_statute",
}

_TOKEN = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<[^>]*>|&#?\w+;", re.S | re.I)
_BLOCK = re.compile(r"</?(p|div|br|tr|td|th|li|ul|ol|h[1-6]|table|tbody|section|article|title|head|body)\b",
                    re.I)


def is_html(name: str) -> bool:
    """Whether a corpus file is read as HTML (by its suffix)."""
    return name.lower().endswith((".html", ".htm"))


def positioned_chars(raw: str, as_html: bool) -> list[tuple[str, int, int]]:
    """The visible characters of ``raw`` with their raw [start, end).

    In HTML a block tag becomes a line break (it ends a clause), inline tags
    vanish, and an entity becomes its character(s) spanning the entity."""
    if not as_html:
        return [(c, i, i + 1) for i, c in enumerate(raw)]
    out: list[tuple[str, int, int]] = []
    pos = 0
    for m in _TOKEN.finditer(raw):
        out.extend((c, i, i + 1) for i, c in enumerate(raw[pos:m.start()], pos))
        tok = m.group(0)
        if tok.startswith("&"):
            out.extend((c, m.start(), m.end()) for c in html.unescape(tok))
        elif _BLOCK.match(tok):
            out.append(("\n", m.start(), m.end()))
        pos = m.end()
    out.extend((c, i, i + 1) for i, c in enumerate(raw[pos:], pos))
    return out


def plain_text(raw_slice: str, as_html: bool) -> str:
    """The clause text of a raw slice: as is for text files; for HTML the
    slice without tags, entities decoded."""
    if not as_html:
        return raw_slice
    return "".join(c for c, _, _ in positioned_chars(raw_slice, True))


def short_hash(raw_slice: str) -> str:
    """First 10 hex digits of the SHA-1 of the raw slice (as the seed labels)."""
    return hashlib.sha1(raw_slice.encode("utf-8")).hexdigest()[:10]


_DELIMS = set("。！？；!?;\n")
_BLANK = " \t\r\n\u3000\xa0"


def clauses(raw: str, as_html: bool) -> list[tuple[int, int, str]]:
    """Split a file into clauses (ANNOTATION section 0): (raw start, raw end, text).

    Used to build and check labels; the analyzer's own splitter is not used,
    so that a change to it cannot move a label."""
    chars = positioned_chars(raw, as_html)
    out, cur = [], []

    def flush():
        while cur and cur[0][0] in _BLANK:
            cur.pop(0)
        while cur and cur[-1][0] in _BLANK:
            cur.pop()
        if cur:
            start, end = cur[0][1], cur[-1][2]
            out.append((start, end, plain_text(raw[start:end], as_html)))
        cur.clear()

    for ch in chars:
        if ch[0] == "\n":
            flush()
            continue
        cur.append(ch)
        if ch[0] in _DELIMS:
            flush()
    flush()
    return out


def read_corpus_file(corpus_dir: Path, ref: str) -> str:
    """A corpus file (``folder/name``) decoded as UTF-8, as labels address it."""
    return (corpus_dir / ref).read_text(encoding="utf-8")
