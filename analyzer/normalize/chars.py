"""Character classes and the character-level normalizers: line endings,
invisible characters, indentation, and full-width/half-width unification.

Each normalizer is a pure ``str -> str`` function; those that change the length
of the text also expose the ``Edit``s they make, so offsets stay traceable.
"""
from __future__ import annotations

import re

from .. import scan
from .edits import Edit, apply_edits

# CJK ideographs (basic, extension A, compatibility) and the 〇 numeral.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
CJK_RE = re.compile(f"[{CJK}]")
# Chinese punctuation that may sit next to a half-width mark we convert.
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·"
_CJK_OR_PUNCT = CJK + CJK_PUNCT

_NEWLINES_RE = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Zero-width and other invisible format characters scraped pages carry.
_INVISIBLE_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
# Leading indentation (ASCII, full-width and no-break spaces) and trailing blanks.
_INDENT_RE = re.compile(r"(?m)^[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+$")
# The characters the matches of those patterns begin with (see scan.py).
_NEWLINES_STARTS = scan.starts_of(_NEWLINES_RE)
_INDENT_STARTS = scan.starts_of(_INDENT_RE)


def newline_edits(text: str) -> list[Edit]:
    """Edits turning every other line break (CR LF, CR, U+2028 …) into LF."""
    return [Edit(m.start(), m.end(), "\n") for m in scan.finditer(_NEWLINES_RE, _NEWLINES_STARTS, text)
            if m.group() != "\n"]


def invisible_edits(text: str) -> list[Edit]:
    """Edits removing invisible characters (zero-width spaces, soft hyphens, BOMs …)."""
    return [Edit(m.start(), m.end(), "") for m in _INVISIBLE_RE.finditer(text)]


def indent_edits(text: str) -> list[Edit]:
    """Edits removing blanks at the start and end of lines."""
    return [Edit(m.start(), m.end(), "") for m in scan.finditer(_INDENT_RE, _INDENT_STARTS, text)]


# Full-width ASCII letters and digits become half-width; the ideographic space
# stays (it is stripped as indentation where it is indentation).
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_WIDTH_TABLE.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})
_WIDTH_TABLE.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})
# Full-width forms of ASCII symbols that belong to numbers and codes.
_WIDTH_TABLE.update({ord("．"): ".", ord("％"): "%", ord("＋"): "+", ord("－"): "-",
                     ord("／"): "/", ord("＝"): "=", ord("＃"): "#", ord("＆"): "&",
                     ord("＠"): "@", ord("＿"): "_", ord("～"): "~", ord("＜"): "<",
                     ord("＞"): ">"})

# Half-width punctuation written between Chinese characters is Chinese
# punctuation typed on the wrong keyboard: `,` between CJK becomes `，`.
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# Before the mark: Chinese text, or a closing bracket / quote / digit / % that
# ends a Chinese phrase; after it: Chinese text, an opening bracket or quote, or
# the end of the line.  `1,000` (digits on both sides) never matches.
# (The mark comes first in the pattern and the look-behind after it, so the
# regex engine can skip straight to the few candidate characters.)
_HALF_PUNCT_RE = re.compile(
    f"[,;:?!](?<=[{_CJK_OR_PUNCT})\"'%0-9][,;:?!])(?=[{_CJK_OR_PUNCT}(\"']|[xX*×]{{1,6}}[{CJK}]|[ \\t]*$)", re.M)


_WIDTH_CHARS = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_WIDTH_TABLE)) + "]")
_HALF_CHARS = re.compile("[,;:?!]")


def unify_width(text: str) -> str:
    """Full-width letters/digits to half-width; half-width `,;:?!` between
    Chinese characters to Chinese punctuation.  Keeps the text's length."""
    # str.translate with a dict looks up every character: run it only on texts
    # that hold a character to change (most hold none).
    if _WIDTH_CHARS.search(text):
        text = text.translate(_WIDTH_TABLE)
    if _HALF_CHARS.search(text):
        text = _HALF_PUNCT_RE.sub(lambda m: _HALF_TO_FULL[m.group()], text)
    return text


def fix_newlines(text: str) -> str:
    """``text`` with every line break as LF."""
    return apply_edits(text, newline_edits(text))[0]


def strip_invisible(text: str) -> str:
    """``text`` without invisible characters."""
    return apply_edits(text, invisible_edits(text))[0]


def strip_indent(text: str) -> str:
    """``text`` without blanks at line starts and ends."""
    return apply_edits(text, indent_edits(text))[0]


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a CJK character."""
    return bool(CJK_RE.match(ch))


def cjk_count(text: str) -> int:
    """How many CJK characters ``text`` holds."""
    return len(CJK_RE.findall(text))
