"""Chinese and Arabic numerals as they appear in official texts.

Reads ``3``, ``12``, ``一``, ``两``, ``十二``, ``二十五``, ``一百零五``, ``两千``,
``一万二``, ``〇``/``零``, the digit-by-digit years ``二〇二四`` / ``二零二四``, and
``半`` (0.5).  Full-width digits are accepted too.  Everything that is not a
number (``几``, ``x``, ``某``) gives ``None``: the caller decides whether it is a
placeholder.

Only the standard library; no regular expression is needed here.
"""
from __future__ import annotations

DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0,
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}

#: Every character that can be part of a Chinese numeral (for building regexes).
CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(BIG_UNITS)

_FULLWIDTH = {ord("０") + i: ord("0") + i for i in range(10)}
PLACEHOLDER_CHARS = frozenset("xX×*＊ｘＸ某")


def is_placeholder(text: str) -> bool:
    """``x``, ``xx``, ``X``, ``×``, ``**``, ``某``: a masked number."""
    return bool(text) and all(ch in PLACEHOLDER_CHARS for ch in text)


def _parse_section(text: str) -> int | None:
    """A numeral below 10,000 written with 十/百/千 (or without any unit)."""
    if not text:
        return 0
    if all(ch in DIGITS for ch in text):
        # no units: 五 -> 5, but 二〇二四 read digit by digit -> 2024
        value = 0
        for ch in text:
            value = value * 10 + DIGITS[ch]
        return value
    total = 0
    pending: int | None = None  # digit waiting for its unit
    last_unit = 10_000
    zero_seen = False
    for ch in text:
        if ch in DIGITS:
            d = DIGITS[ch]
            if d == 0:
                zero_seen = True
                continue
            if pending is not None:  # two digits in a row: 二三 is not a number here
                return None
            pending = d
        elif ch in UNITS:
            unit = UNITS[ch]
            if unit >= last_unit:
                return None  # 十百, 百百: not a number
            total += (1 if pending is None else pending) * unit
            pending = None
            last_unit = unit
            zero_seen = False
        else:
            return None
    if pending is not None:
        # trailing digit: 一百零五 -> 5 (after zero), 二百五 -> 50 (abbreviated)
        if zero_seen or last_unit == 10_000 or last_unit == 10:
            total += pending
        else:
            total += pending * (last_unit // 10)
    return total


def parse_int(text: str) -> int | None:
    """Integer value of an Arabic or Chinese numeral, or ``None``.

    >>> parse_int("二十五"), parse_int("两"), parse_int("二〇二四"), parse_int("12")
    (25, 2, 2024, 12)
    """
    if not text:
        return None
    text = text.strip().translate(_FULLWIDTH)
    if not text:
        return None
    if text.isascii():
        return int(text) if text.isdigit() else None
    if any(ch.isdigit() and ch.isascii() for ch in text):
        # mixed forms such as 1万 or 3千
        head = ""
        for ch in text:
            if ch.isascii() and ch.isdigit():
                head += ch
            else:
                break
        rest = text[len(head):]
        if head and rest in BIG_UNITS:
            return int(head) * BIG_UNITS[rest]
        if head and rest in UNITS:
            return int(head) * UNITS[rest]
        return None
    total = 0
    section = ""
    last_big = 0
    for ch in text:
        if ch in BIG_UNITS:
            value = _parse_section(section)
            if value is None:
                return None
            total += (value or 1) * BIG_UNITS[ch]
            last_big = BIG_UNITS[ch]
            section = ""
        elif ch in DIGITS or ch in UNITS:
            section += ch
        else:
            return None
    if last_big and len(section) == 1 and section in DIGITS and DIGITS[section]:
        return total + DIGITS[section] * (last_big // 10)  # 一万二 -> 12000
    value = _parse_section(section)
    if value is None:
        return None
    return total + value


def parse_number(text: str) -> float | int | None:
    """Like :func:`parse_int`, plus ``半`` (0.5), ``一半``, decimals ``1.5``."""
    if not text:
        return None
    text = text.strip().translate(_FULLWIDTH)
    if text in ("半", "一半"):
        return 0.5
    if text.count(".") == 1 and text.replace(".", "").isdigit() and text.isascii():
        value = float(text)
        return int(value) if value.is_integer() else value
    return parse_int(text)


def parse_year(text: str) -> int | None:
    """A year written ``2024``, ``二〇二四``, ``二零二四``; ``None`` otherwise."""
    text = text.strip().translate(_FULLWIDTH)
    if len(text) == 4 and text.isascii() and text.isdigit():
        return int(text)
    if len(text) == 4 and all(ch in DIGITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + DIGITS[ch]
        return value
    if len(text) == 2 and text.isascii() and text.isdigit():  # '24 style: 24年 -> 2024
        return 2000 + int(text)
    return None
