"""Remove pinyin ruby that scraped pages leave after characters: `紀(jì)委` -> `紀委`.

Only a parenthesized pinyin syllable right after a Chinese character is ruby.
Real parentheses stay: `(一)`, `乡镇(街道)`, `(2165字)`, `组织(WHO)`, `(ok)`.
A syllable counts as pinyin when it carries a tone mark, or is one of the few
neutral-tone syllables such pages print without one.
"""
from __future__ import annotations

import re

from .chars import CJK
from .. import scan
from .edits import Edit, apply_edits

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTERS = "a-zü" + _TONED
# Neutral-tone syllables seen without marks in ruby output.
_NEUTRAL = "de|le|men|zi|me|ne|ma|ba|zhe|ge|li|tou|shang|xia|guo|lai|qu"
_SYLLABLE = (f"(?:[{_PINYIN_LETTERS}]*[{_TONED}][{_PINYIN_LETTERS}]*"
             f"|(?:{_NEUTRAL}))")
# One or two syllables (some pages print a word's pinyin once, after its last
# character), in half- or full-width parentheses, after a CJK character.
_TONED_SYLLABLE = f"[{_PINYIN_LETTERS}]*[{_TONED}][{_PINYIN_LETTERS}]*"
# Mojibake can leave a Latin letter where the character was (`偨Y(jié)`): after
# a letter only a tone-marked syllable is taken as ruby.
RUBY_RE = re.compile(
    f"(?<=[{CJK}])[(（]{_SYLLABLE}(?: ?{_SYLLABLE})?[)）]"
    f"|(?<=[A-Za-z])[(（]{_TONED_SYLLABLE}[)）]")


# Every match begins with its opening parenthesis (see scan.py).
RUBY_STARTS = scan.starts_of(RUBY_RE)


def ruby_edits(text: str) -> list[Edit]:
    """Edits removing pinyin annotations written after characters (紀(jì)委)."""
    return [Edit(m.start(), m.end(), "", kind="pinyin") for m in scan.finditer(RUBY_RE, RUBY_STARTS, text)]


def strip_ruby(text: str) -> str:
    """`紀(jì)委書記` -> `紀委書記`; real parentheses are kept."""
    return apply_edits(text, ruby_edits(text))[0]
