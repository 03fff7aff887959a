"""Time-limit rule data: the constants, ISO 8601 durations and the data
model (``Rule``, ``TimeData``) that ``load`` fills and the matcher reads."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


TYPES = ("date", "deadline", "duration", "frequency", "urgency", "standing")
DATA_FILES = ("lexicon.toml", "periods.toml", "context.toml", "patterns.toml")
FILTERS = ("metadata", "past", "need_future")
PERIOD_FORMS = ("every", "cadence", "single", "ratio", "by")
MEASURES = ("required", "none", "optional")
PART_NAMES = ("early", "mid", "late", "end")
STOP_PRIORITY = 100
NULL = "null"  # TOML has no null; this string stands for it in data values

CJK_CLASS = "\\u4e00-\\u9fff〇"
_ISO_DURATION = re.compile(
    r"P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
    r"(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?\Z"
)
_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_TRAILING_CJK = re.compile(f"[{CJK_CLASS}]+\\Z")

# ---------------------------------------------------------------- durations

_COMPONENTS = ("Y", "M", "W", "D", "H", "MIN", "S")
# how a fraction of a component carries into the next smaller one
_CARRY = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60), "MIN": ("S", 60)}


def is_iso_duration(text: Any) -> bool:
    """Whether ``text`` is an ISO 8601 duration (P1M, P1Y6M, PT2H …)."""
    return isinstance(text, str) and bool(_ISO_DURATION.match(text))


def _duration_components(iso: str) -> dict[str, float]:
    m = _ISO_DURATION.match(iso)
    if not m:
        raise ValueError(f"not an ISO 8601 duration: {iso!r}")
    keys = ("Y", "M", "W", "D", "H", "MIN", "S")
    return {k: float(v) for k, v in zip(keys, m.groups()) if v is not None}


def _format_duration(parts: dict[str, float]) -> str:
    parts = dict(parts)
    for comp in _COMPONENTS:
        value = parts.get(comp, 0.0)
        whole = int(value + 1e-9)
        frac = value - whole
        if frac > 1e-9 and comp in _CARRY:
            smaller, factor = _CARRY[comp]
            parts[smaller] = parts.get(smaller, 0.0) + frac * factor
        parts[comp] = whole
    date_part = "".join(f"{int(parts[c])}{c}" for c in ("Y", "M", "W", "D") if parts.get(c))
    time_part = "".join(
        f"{int(parts[c])}{'M' if c == 'MIN' else c}" for c in ("H", "MIN", "S") if parts.get(c)
    )
    if not date_part and not time_part:
        return "P0D"
    return "P" + date_part + ("T" + time_part if time_part else "")


def multiply_duration(iso: str, factor: float) -> str:
    """``multiply_duration("P1M", 1.5) == "P1M15D"``; ``("P1W", 2) == "P2W"``."""
    return _format_duration({k: v * factor for k, v in _duration_components(iso).items()})


# ---------------------------------------------------------------- data model

@dataclass(frozen=True)
class Period:
    """A period word (月, 季度 …): its duration and the pattern forms it may take."""
    word: str
    duration: str
    forms: frozenset
    working_days: bool = False


@dataclass(frozen=True)
class Unit:
    """A duration unit word (个月, 工作日 …): its duration and whether it needs a measure word."""
    word: str
    duration: str
    measure: str
    working_days: bool = False


@dataclass(frozen=True)
class MonthPart:
    """A part of a month (上旬, 底 …): its name and the day it ends on."""
    part: str
    day: int | None  # None: the month's last day


@dataclass
class Rule:
    """A time-limit rule (an idiom of lexicon.toml or a pattern of patterns.toml), compiled."""
    id: str
    type: str
    source: str
    normalize: str
    regex: re.Pattern | None = None
    value: dict | None = None
    span_group: str | None = None
    filters: frozenset = frozenset()
    priority: int = 50
    params: dict = field(default_factory=dict)
    trigger: re.Pattern | None = None
    lookback: int = 0
    examples: tuple[str, ...] = ()  # texts in which this rule must find a time limit


@dataclass
class TimeData:
    """Everything loaded from corpora/time, compiled and validated."""

    directory: Path
    rules: list[Rule]
    idiom_regex: re.Pattern  # the idioms (not the stop phrases)
    idioms: dict[str, Rule | None]  # phrase -> rule; None for a stop phrase
    stop_regex: re.Pattern | None
    stop_max: int
    periods: dict[str, Period]
    units: dict[str, Unit]
    weekdays: dict[str, int]
    month_parts: dict[str, MonthPart]
    relative_year: dict[str, int]
    relative_month: dict[str, int]
    macros: dict[str, str]
    # context
    clause_delims: str
    sub_delims: str
    clause_re: re.Pattern
    sub_re: re.Pattern
    past_after: Any  # _Prefiltered
    past_before: Any
    past_window_after: int
    past_window_before: int
    future: Any
    future_window_before: int
    future_window_after: int
    title_open: str
    title_close: str
    title_window: int
    metadata_before: re.Pattern | None
    alone_on_line: bool
    anchor_max: int
    anchor_boundary: re.Pattern
    anchor_party: re.Pattern | None
    anchor_determiner: re.Pattern | None
    anchor_bad: frozenset
    anchor_single_ok: frozenset
    # parsers built from the macros
    date_re: re.Pattern | None = None
    dur_re: re.Pattern | None = None
    citem_re: re.Pattern | None = None
    dispatch: Any = None  # _Dispatch over [idiom_regex] + rule regexes
    dur_cache: dict = field(default_factory=dict)  # duration text -> parse_duration result



