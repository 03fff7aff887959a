"""Traditional -> Simplified with OpenCC, and what script a text is in.

Profile choice: OpenCC's plain ``t2s`` keeps 著 in `瞄著問題` and `著力`, where
mainland usage is 着; ``tw2s`` (Taiwan standard -> simplified) converts 著/着,
乾/干 (`乾淨` -> `干净`, keeping `乾坤`), 後/后 and 裡/裏 in context, without the
vocabulary rewrites of ``tw2sp`` (軟體 -> 软件) that would alter quoted text.
Texts that use Hong Kong variants (綫, 衞, 啓 …) get ``hk2s``.  See
tests/normalize/test_normalize.py for the cases.

OpenCC converts character for character for these profiles, so conversion
keeps the text's length; a line whose length changes anyway is mapped as a
whole (see ``convert_with_edits``).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from .edits import Edit, OffsetMap, apply_edits
from ..resources import DataError, literal_pattern, load_toml, rule_loader

DEFAULT_PROFILE = "tw2s"
# Variants Hong Kong texts use where Taiwan texts use another form.
_HK_MARKERS = set("綫衞啓麪裏爲僞峯羣菸")
_TW_MARKERS = set("線衛啟麵裡為偽峰群煙")


@rule_loader("script_fixes", "normalize")
def load_fixes(directory: Path) -> tuple[re.Pattern | None, dict[str, str]]:
    """The corrections of ``directory``/script_fixes.toml (corpora/normalize
    when called with no argument: loaded once, shared): a pattern finding
    the wrong forms, and wrong form -> right form; a DataError names the file
    and the fix that is wrong."""
    path = directory / "script_fixes.toml"
    fixes = load_toml(path).get("fixes", {})
    if not isinstance(fixes, dict):
        raise DataError(f"{path}: [fixes] must be a table of wrong = right", path=path)
    for wrong, right in fixes.items():
        if not isinstance(right, str) or len(wrong) != len(right) or not wrong:
            raise DataError(f"{path}: fix '{wrong}' -> '{right}' must keep the length", path=path, rule=wrong)
    if not fixes:
        return None, {}
    pattern = re.compile(literal_pattern(fixes))
    return pattern, fixes


def _apply_fixes(original: str, converted: str) -> str:
    """Undo OpenCC's known over-conversions, only where it changed a character."""
    pattern, fixes = load_fixes()
    if pattern is None or len(original) != len(converted):
        return converted
    out = None
    for m in pattern.finditer(converted):
        s, e = m.start(), m.end()
        if any(original[i] != converted[i] for i in range(s, e)):
            if out is None:
                out = list(converted)
            out[s:e] = fixes[m.group()]
    return converted if out is None else "".join(out)


@functools.cache
def _converter(profile: str):
    import opencc  # heavy-ish C extension: imported on first use only

    return opencc.OpenCC(f"{profile}.json")


def choose_profile(text: str) -> str:
    """The OpenCC profile for ``text``: Hong Kong's when its markers outnumber Taiwan's, else the default."""
    # str.count per marker runs in C; a Python loop over every character of
    # every document cost more than the conversion itself
    """The OpenCC profile for ``text``: Hong Kong when its markers outnumber Taiwan's, else the default."""
    hk = sum(text.count(ch) for ch in _HK_MARKERS)
    tw = sum(text.count(ch) for ch in _TW_MARKERS)
    return "hk2s" if hk > tw else DEFAULT_PROFILE


@functools.cache
def _convertible(profile: str) -> frozenset[str]:
    """Every character the profile would change on its own: a text with none
    of them is already simplified and need not go through OpenCC."""
    chars = [chr(c) for r in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)) for c in range(*r)]
    converted = _converter(profile).convert("\n".join(chars)).split("\n")
    return frozenset(a for a, b in zip(chars, converted) if a != b)


def to_simplified(text: str, profile: str | None = None) -> str:
    """Convert Traditional (and stray Traditional characters) to Simplified."""
    if not text:
        return text
    profile = profile or choose_profile(text)
    if _convertible(profile).isdisjoint(text):
        return text
    return _apply_fixes(text, _converter(profile).convert(text))


def _codes(text: str):
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _changed(original: str, converted: str) -> int:
    """Characters that differ (compared position by position up to the shorter
    length when a phrase conversion changed the length: an estimate is enough
    to tell the script)."""
    if original == converted:
        return 0
    a, b = _codes(original), _codes(converted)
    n = min(len(a), len(b))
    return int((a[:n] != b[:n]).sum()) or 1


def _cjk_count(text: str) -> int:
    c = _codes(text)
    return int((((c >= 0x4E00) & (c <= 0x9FFF)) | ((c >= 0x3400) & (c <= 0x4DBF))).sum())


def classify_script(original: str, converted: str) -> str:
    """simplified | traditional | mixed, from how many CJK characters changed.

    A simplified speech with one stray `長效機制` is mixed; a Traditional text
    changes on a large share of its characters (typically 15-30%).
    """
    changed = _changed(original, converted)
    if changed == 0:
        return "simplified"
    cjk = _cjk_count(original) or 1
    return "traditional" if changed / cjk >= 0.04 else "mixed"


def convert_with_map(text: str, profile: str | None = None) -> tuple[str, OffsetMap | None]:
    """The converted text, and a map back to ``text`` when lengths differ.

    For the usual case (same length) the map is None: offsets are untouched.
    Otherwise each line is converted on its own and a line whose length
    changed is mapped as a whole.
    """
    profile = profile or choose_profile(text)
    converted = to_simplified(text, profile)
    if len(converted) == len(text):
        return converted, None
    pieces, edits, pos = [], [], 0
    for line in text.splitlines(keepends=True):
        new = to_simplified(line, profile)
        pieces.append(new)
        if len(new) != len(line):
            edits.append(Edit(pos, pos + len(line), new))
        pos += len(line)
    _, offset_map = apply_edits(text, edits)
    return "".join(pieces), offset_map
