"""Markdown: front matter as metadata, markup reduced to text, offsets kept.

The reduction is a list of ``Edit``s on the text as read, so every offset of
the analyzed text maps back to the .md file: the front matter block leaves as
metadata (reported), images as boilerplate (reported), and markup characters
(`#`, `**`, `[`…`](url)`, `> `, list bullets, code fences, `<!-- -->`) are
silent rewrites.  The front matter is read as simple ``key: value`` lines
(and ``- item`` lists under a key), never executed or evaluated: no YAML
library is needed and none of its tags can run anything.
"""
from __future__ import annotations

import re

from ..normalize.edits import Edit

_FRONT_RE = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(?P<body>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_KEY_RE = re.compile(r"^(?P<key>[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff -]{0,40}?)\s*:\s*(?P<value>.*)$")
_ITEM_RE = re.compile(r"^\s+-\s*(?P<value>.*)$|^-\s+(?P<top>.*)$")
_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
MAX_VALUE = 500  # a front matter value longer than this is cut (it is metadata, not text)

# Markup at a line start: heading hashes, blockquote marks, bullets.
_LINE_START_RE = re.compile(r"^(?:#{1,6}[ \t]+|(?:>[ \t]?)+|[*+-][ \t]+(?=\S))")
_HEADING_TAIL_RE = re.compile(r"[ \t]+#+[ \t]*$")
_FENCE_RE = re.compile(r"^(?:```|~~~).*$")
_RULE_RE = re.compile(r"^(?:[-*_][ \t]*){3,}$")
_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK_RE = re.compile(r"\[(?P<text>[^\]\n]+)\]\((?P<url>[^)\s\n]*)(?:\s+\"[^\"\n]*\")?\)")
_EMPHASIS_RE = re.compile(r"(?P<m>\*\*|__|\*|_|`|~~)(?=\S)(?P<text>[^\n]*?\S)(?P=m)")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


def front_matter(text: str) -> tuple[dict, int]:
    """The front matter's keys and values, and where the body starts (0
    without a front matter).  Values are strings, lists of strings for
    ``- item`` lines, with quotes taken off."""
    m = _FRONT_RE.match(text)
    if not m:
        return {}, 0
    meta: dict = {}
    key = None
    for line in (m.group("body") or "").split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM_RE.match(line)
        if item and key is not None:
            value = _unquote(item.group("value") if item.group("value") is not None else item.group("top"))
            if value:
                current = meta.get(key)
                meta[key] = (current if isinstance(current, list) else []) + [value]
            continue
        kv = _KEY_RE.match(line)
        if kv:
            key = kv.group("key").strip().lower()
            value = _unquote(kv.group("value"))
            meta[key] = value if value else []
    return {k: v for k, v in meta.items() if v != []}, m.end()


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value[:MAX_VALUE]


def front_meta(fields: dict) -> dict:
    """What of the front matter goes into ``meta``: title and date (ISO, the
    date part of a timestamp) by name, the other keys under ``front_matter``."""
    meta: dict = {}
    rest = dict(fields)
    title = rest.pop("title", None)
    if isinstance(title, str) and title:
        meta["title"] = title
    date = rest.pop("date", None)
    if isinstance(date, str):
        d = _DATE_RE.match(date)
        if d:
            meta["date"] = f"{int(d.group(1)):04d}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
        elif date:
            rest["date"] = date
    if rest:
        meta["front_matter"] = rest
    return meta


def markdown_edits(text: str) -> tuple[list[Edit], dict]:
    """Edits reducing Markdown to its text, and the front matter's metadata."""
    fields, body_start = front_matter(text)
    edits: list[Edit] = []
    if body_start:
        edits.append(Edit(0, body_start, "", kind="metadata",
                          detail={"field": "front_matter", "rule": "front-matter"}))
    for m in _COMMENT_RE.finditer(text, body_start):
        edits.append(Edit(m.start(), m.end(), ""))
    covered = {(e.start, e.end) for e in edits}
    pos = body_start
    in_fence = False
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        if not any(s <= pos < e for s, e in covered):
            in_fence = _line_edits(text, pos, end, edits, in_fence)
        pos = end + 1
    return edits, front_meta(fields)


def _line_edits(text: str, start: int, end: int, edits: list[Edit], in_fence: bool) -> bool:
    """Edits of one line; returns whether a code fence is open after it."""
    line = text[start:end]
    if _FENCE_RE.match(line):
        edits.append(Edit(start, end, ""))
        return not in_fence
    if in_fence:
        return True  # code is kept as it is
    if _RULE_RE.match(line):
        edits.append(Edit(start, end, ""))
        return False
    lead = _LINE_START_RE.match(line)
    at = start
    if lead:
        edits.append(Edit(start, start + lead.end(), ""))
        at = start + lead.end()
        if lead.group().startswith("#"):
            tail = _HEADING_TAIL_RE.search(line)
            if tail and tail.start() > lead.end():
                end_heading = start + tail.start()
                edits.append(Edit(end_heading, end, ""))
                end = end_heading
    inline = []
    for m in _IMAGE_RE.finditer(text, at, end):
        inline.append(Edit(m.start(), m.end(), "", kind="boilerplate", detail={"rule": "markdown-image"}))
    for m in _LINK_RE.finditer(text, at, end):
        inline.append(Edit(m.start(), m.start("text"), ""))
        inline.append(Edit(m.end("text"), m.end(), ""))
    for m in _EMPHASIS_RE.finditer(text, at, end):
        if m.group("m") in ("_", "*") and _inside_word(text, m):
            continue  # snake_case, 2*3*4: not emphasis
        inline.append(Edit(m.start(), m.start("text"), ""))
        inline.append(Edit(m.end("text"), m.end(), ""))
    edits.extend(_no_overlap(inline))
    return False


def _inside_word(text: str, m: re.Match) -> bool:
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    return before.isascii() and before.isalnum() or after.isascii() and after.isalnum()


def _no_overlap(edits: list[Edit]) -> list[Edit]:
    """The edits that do not overlap one kept before them (an image's brackets
    are no link; a link's text may hold emphasis)."""
    kept: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, -e.end)):
        if any(k.start < e.end and e.start < k.end for k in kept):
            continue
        kept.append(e)
    return kept
