"""Find damaged text: U+FFFD, runs of `?` left by a lossy re-encoding, and
UTF-8 read as Latin-1 (`Ã¤Â¸`).  Damaged pieces are cut from the text and
reported with their place, so a reader knows the text is not whole.

A single `?` after a Chinese phrase and before the next one is a question mark
typed half-width (`我们是否抓实了?我们…`) and is not damage.  Damage is a `?`
followed by another `?`, by `;`/`!`, or by the Latin letters and `)` that a
mangled `字(pinyin)` leaves (`?qū)`), or a `?` right after Chinese
punctuation or at the start of a line (`。?年来`).
"""
from __future__ import annotations

import re

from .. import scan
from .edits import Edit

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
DAMAGE_RE = re.compile(
    "\ufffd+"
    f"|\\?(?:[?\ufffd!;]|[a-zA-Z{_TONED}]+\\)?)+"
    "|\\?(?<=[。！？；，、“”：\n]\\?)|^\\?"
    # UTF-8 bytes decoded as Latin-1/cp1252: a lead byte letter then continuations.
    "|(?:[\u00c2-\u00ef][\u0080-\u00bf\u2013-\u203a\u20ac\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]{1,3}){2,}",
    re.M)


# Every match begins with U+FFFD, `?` or a Latin-1 lead letter (see scan.py).
DAMAGE_STARTS = scan.starts_of(DAMAGE_RE)


def damage_edits(text: str) -> list[Edit]:
    """Edits removing encoding damage (U+FFFD, mojibake runs, stray ? in Chinese text)."""
    return [Edit(m.start(), m.end(), "", kind="damaged") for m in scan.finditer(DAMAGE_RE, DAMAGE_STARTS, text)]
