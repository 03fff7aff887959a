"""Time limits: when, how soon and how often something must be done.

``find_time_limits(text, ref_date)`` returns :class:`~analyzer.spans.Span` objects
whose ``label`` is the type (date, deadline, duration, frequency, urgency,
standing), whose ``value`` is the normalized value of docs/ANNOTATION.md §3 and
whose ``rule`` names the data rule that matched.

The rules are data (``corpora/time/*.toml``, see docs/TIME_LIMITS.md).  The
extractor works in two stages:

1. *candidates*: every idiom and every pattern rule is matched over the whole
   text with precompiled regular expressions;
2. *normalization*: each candidate's named parts are turned into a value by the
   normalizer its rule names (dates resolved against ``ref_date`` when given),
   context filters (past events, header metadata, bare dates without a plan)
   turn some candidates into blockers, and overlapping candidates are resolved:
   the longest span wins, then the higher priority, then the earlier start.

Only the standard library is used.  Everything is compiled once, lazily, on the
first call; all regular expressions are linear (no nested unbounded repeats),
and context checks look at bounded windows around each candidate.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from analyzer.extract import numerals
from analyzer.spans import Span
from analyzer.resources import literal_pattern

__all__ = ["find_time_limits", "load_data", "get_data", "TimeData", "TYPES", "DATA_FILES"]

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
    word: str
    duration: str
    forms: frozenset
    working_days: bool = False


@dataclass(frozen=True)
class Unit:
    word: str
    duration: str
    measure: str
    working_days: bool = False


@dataclass(frozen=True)
class MonthPart:
    part: str
    day: int | None  # None: the month's last day


@dataclass
class Rule:
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



# ------------------------------------------------------- first characters
# Running ~50 regexes over a long text with finditer costs about a microsecond
# per character and rule, because most patterns begin with lookbehinds and
# alternations that the regex engine cannot skip over quickly.  Instead the
# set of characters each pattern can start with is computed from its parse
# tree; one scan with the union of these sets finds the positions where some
# pattern may start, and only the patterns that can start with that character
# are tried there (with ``match``, which keeps the semantics of ``finditer``).

try:  # the parser is internal to `re`; without it every rule falls back to finditer
    from re import _constants as _sre_c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover
    _sre_parse = _sre_c = None

_ANY = "any"


def _first_of_seq(items) -> tuple[Any, bool]:
    """(ranges or _ANY, nullable) for a sequence of parsed items."""
    out: list[tuple[int, int]] = []
    for op, av in items:
        ranges, nullable = _first_of_item(op, av)
        if ranges is _ANY:
            return _ANY, False
        out.extend(ranges)
        if not nullable:
            return out, False
    return out, True


def _first_of_item(op, av) -> tuple[Any, bool]:
    c = _sre_c
    if op is c.LITERAL:
        return [(av, av)], False
    if op is c.IN:
        ranges = []
        for iop, iav in av:
            if iop is c.LITERAL:
                ranges.append((iav, iav))
            elif iop is c.RANGE:
                ranges.append(tuple(iav))
            else:  # NEGATE, CATEGORY (\d, \s …): any character
                return _ANY, False
        return ranges, False
    if op is c.SUBPATTERN:
        return _first_of_seq(av[-1])
    if op is c.BRANCH:
        out: list[tuple[int, int]] = []
        nullable = False
        for alt in av[1]:
            ranges, n = _first_of_seq(alt)
            if ranges is _ANY:
                return _ANY, False
            out.extend(ranges)
            nullable |= n
        return out, nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
        lo, _hi, sub = av
        ranges, n = _first_of_seq(sub)
        if ranges is _ANY:
            return _ANY, False
        return ranges, n or lo == 0
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _first_of_seq(av)
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
        return [], True  # zero width
    return _ANY, False  # ANY, NOT_LITERAL, GROUPREF …


def first_chars(pattern: str) -> list[tuple[int, int]] | None:
    """Code-point ranges a match of ``pattern`` can start with; None if any character."""
    if _sre_parse is None:
        return None
    try:
        ranges, nullable = _first_of_seq(_sre_parse.parse(pattern))
    except Exception:  # pragma: no cover - unknown parser internals
        return None
    if ranges is _ANY or nullable or not ranges:
        return None
    return ranges


def _class_of_ranges(ranges) -> str:
    return "".join(
        f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in sorted(set(ranges))
    )


class _Prefiltered:
    """``search`` that first looks for a possible first character (one fast scan)."""

    def __init__(self, regex: re.Pattern):
        self.regex = regex
        ranges = first_chars(regex.pattern)
        self.first = re.compile(f"[{_class_of_ranges(ranges)}]") if ranges else None

    def search(self, text: str, pos: int, endpos: int):
        if self.first is not None:
            m = self.first.search(text, pos, endpos)
            if m is None:
                return None
            pos = m.start()
        return self.regex.search(text, pos, endpos)


class _Dispatch:
    """Runs many patterns over a text as if each ran ``finditer``, but only
    tries a pattern where it can match:

    * a pattern with a *trigger* (a regex every match contains) is tried at
      the ``lookback`` positions before each trigger occurrence;
    * any other pattern is tried where its first character occurs (one scan
      with the union of these characters finds the positions);
    * a pattern whose first character can be anything runs ``finditer``.
    """

    def __init__(self, matchers: list[re.Pattern], triggers: list[tuple[re.Pattern | None, int]]):
        self.matchers = matchers
        self.ranges: list[list[tuple[int, int]] | None] = [first_chars(m.pattern) for m in matchers]
        self.lookback = [lb for _t, lb in triggers]
        groups: dict[str, tuple[re.Pattern, list[int]]] = {}
        self.always: list[int] = []
        first: list[int] = []
        for i, (trig, _lb) in enumerate(triggers):
            if trig is not None:
                groups.setdefault(trig.pattern, (trig, []))[1].append(i)
            elif self.ranges[i] is None:
                self.always.append(i)
            else:
                first.append(i)
        self.trigger_groups = list(groups.values())
        self.first = first
        union = [rg for i in first for rg in self.ranges[i]]
        self.union = re.compile(f"[{_class_of_ranges(union)}]") if union else None
        self._table: dict[str, tuple[int, ...]] = {}
        self._can_start: list[dict[str, bool]] = [{} for _ in matchers]
        self.starts = [
            re.compile(f"[{_class_of_ranges(r)}]") if r else re.compile("(?s).") for r in self.ranges
        ]

    def for_char(self, ch: str) -> tuple[int, ...]:
        found = self._table.get(ch)
        if found is None:
            o = ord(ch)
            found = tuple(i for i in self.first if any(lo <= o <= hi for lo, hi in self.ranges[i]))
            self._table[ch] = found
        return found

    def can_start(self, i: int, ch: str) -> bool:
        cache = self._can_start[i]
        ok = cache.get(ch)
        if ok is None:
            r = self.ranges[i]
            o = ord(ch)
            ok = r is None or any(lo <= o <= hi for lo, hi in r)
            cache[ch] = ok
        return ok

    def matches(self, text: str):
        """(matcher index, match) pairs; per matcher, the matches of ``finditer``."""
        matchers = self.matchers
        last_end = [0] * len(matchers)
        if self.union is not None:
            table = self._table
            for pm in self.union.finditer(text):
                pos = pm.start()
                ch = pm.group()
                idxs = table.get(ch)
                if idxs is None:
                    idxs = self.for_char(ch)
                for i in idxs:
                    if pos < last_end[i]:
                        continue
                    m = matchers[i].match(text, pos)
                    if m is None:
                        continue
                    end = m.end()
                    last_end[i] = end if end > pos else pos + 1
                    yield i, m
        for trig, idxs in self.trigger_groups:
            next_pos = {i: 0 for i in idxs}
            for tm in trig.finditer(text):
                t = tm.start()
                for i in idxs:
                    lo = max(next_pos[i], t - self.lookback[i], last_end[i])
                    next_pos[i] = t + 1
                    if lo > t:
                        continue
                    rx = matchers[i]
                    for sm in self.starts[i].finditer(text, lo, t + 1):
                        p = sm.start()
                        if p < last_end[i]:
                            continue
                        m = rx.match(text, p)
                        if m is None:
                            continue
                        end = m.end()
                        last_end[i] = end if end > p else p + 1
                        yield i, m
        for i in self.always:
            for m in matchers[i].finditer(text):
                yield i, m


# ------------------------------------------------------------------ loading


class _Errors:
    """Collects the file name so every error names file and rule."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, what: str, msg: str) -> None:
        raise ValueError(f"{self.path}: {what}: {msg}")


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ValueError(f"{path}: time-limit data file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: invalid TOML: {exc}") from None


def _str_list(err: _Errors, what: str, value: Any, allow_empty: bool = False) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        err.fail(what, "must be a list of non-empty strings")
    if not value and not allow_empty:
        err.fail(what, "must not be empty")
    return list(value)


def _compile(err: _Errors, what: str, pattern: str, flags: int = 0) -> re.Pattern:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        err.fail(what, f"regular expression does not compile: {exc} (pattern {pattern!r})")
        raise  # unreachable


def _alternation(words) -> str:
    words = [w for w in set(words) if w]
    return f"(?:{literal_pattern(words)})" if words else "(?!)"


def _class_chars(chars) -> str:
    return "".join(re.escape(c) if c in "\\]^-[" else c for c in chars)


def _nullify(value: Any) -> Any:
    if value == NULL:
        return None
    if isinstance(value, dict):
        return {k: _nullify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nullify(v) for v in value]
    return value


def _check_value(err: _Errors, what: str, rtype: str, value: dict) -> None:
    if not isinstance(value, dict) or not value:
        err.fail(what, "value must be a non-empty table")
    if rtype == "urgency" and value.get("level") not in ("immediate", "prompt"):
        err.fail(what, f"urgency level must be 'immediate' or 'prompt', not {value.get('level')!r}")
    if rtype == "standing" and value.get("ongoing") is not True:
        err.fail(what, "standing value must be {ongoing = true}")
    for key in ("every", "within", "duration"):
        v = value.get(key)
        if v is not None and v != NULL and not is_iso_duration(v):
            err.fail(what, f"{key} = {v!r} is not an ISO 8601 duration")


_ALLOWED_IDIOM_NORMALIZE = ("fixed", "relative_date")


def _load_lexicon(path: Path, seen_ids: dict[str, Path]):
    err = _Errors(path)
    data = _read_toml(path)
    unknown = set(data) - {"idiom", "stop"}
    if unknown:
        err.fail("top level", f"unknown section(s) {sorted(unknown)}")
    rules: list[Rule] = []
    phrases: dict[str, Rule | None] = {}
    groups = data.get("idiom", [])
    if not isinstance(groups, list):
        err.fail("idiom", "must be an array of tables ([[idiom]])")
    for i, group in enumerate(groups):
        rid = group.get("id")
        what = f"idiom {rid!r}" if rid else f"idiom #{i + 1}"
        if not isinstance(rid, str) or not rid:
            err.fail(what, "missing id")
        if rid in seen_ids:
            err.fail(what, f"duplicate id (first defined in {seen_ids[rid]})")
        seen_ids[rid] = path
        extra = set(group) - {"id", "type", "value", "phrases", "normalize"}
        if extra:
            err.fail(what, f"unknown key(s) {sorted(extra)}")
        rtype = group.get("type")
        if rtype not in TYPES:
            err.fail(what, f"unknown type {rtype!r} (expected one of {', '.join(TYPES)})")
        normalize = group.get("normalize", "fixed")
        if normalize not in _ALLOWED_IDIOM_NORMALIZE:
            err.fail(what, f"unknown normalize {normalize!r} for an idiom")
        value = group.get("value")
        _check_value(err, what, rtype, value)
        rule = Rule(id=rid, type=rtype, source=str(path), normalize=normalize, value=_nullify(value))
        for phrase in _str_list(err, f"{what} phrases", group.get("phrases")):
            if phrase in phrases and phrases[phrase] is not None:
                err.fail(what, f"phrase {phrase!r} is already in idiom {phrases[phrase].id!r}")
            phrases[phrase] = rule
        rules.append(rule)
    stop = data.get("stop", {})
    if not isinstance(stop, dict):
        err.fail("stop", "must be a table with `phrases`")
    for phrase in _str_list(err, "stop phrases", stop.get("phrases", []), allow_empty=True):
        if phrases.get(phrase) is not None:
            err.fail("stop phrases", f"{phrase!r} is both a stop phrase and in idiom {phrases[phrase].id!r}")
        phrases[phrase] = None
    return rules, phrases


def _load_periods(path: Path):
    err = _Errors(path)
    data = _read_toml(path)
    unknown = set(data) - {"period", "unit", "weekday", "month_part", "relative_year", "relative_month"}
    if unknown:
        err.fail("top level", f"unknown section(s) {sorted(unknown)}")
    periods: dict[str, Period] = {}
    for word, spec in data.get("period", {}).items():
        what = f"period {word!r}"
        if not isinstance(spec, dict):
            err.fail(what, "must be a table")
        extra = set(spec) - {"duration", "forms", "working_days"}
        if extra:
            err.fail(what, f"unknown key(s) {sorted(extra)}")
        if not is_iso_duration(spec.get("duration")):
            err.fail(what, f"duration {spec.get('duration')!r} is not an ISO 8601 duration")
        forms = _str_list(err, f"{what} forms", spec.get("forms"))
        bad = set(forms) - set(PERIOD_FORMS)
        if bad:
            err.fail(what, f"unknown form(s) {sorted(bad)} (expected {', '.join(PERIOD_FORMS)})")
        periods[word] = Period(word, spec["duration"], frozenset(forms), bool(spec.get("working_days", False)))
    if not periods:
        err.fail("period", "no period words")
    units: dict[str, Unit] = {}
    for word, spec in data.get("unit", {}).items():
        what = f"unit {word!r}"
        if not isinstance(spec, dict):
            err.fail(what, "must be a table")
        extra = set(spec) - {"duration", "measure", "working_days"}
        if extra:
            err.fail(what, f"unknown key(s) {sorted(extra)}")
        iso = spec.get("duration")
        if not is_iso_duration(iso):
            err.fail(what, f"duration {iso!r} is not an ISO 8601 duration")
        if len(_duration_components(iso)) != 1:
            err.fail(what, f"duration {iso!r} must have a single component")
        if spec.get("measure") not in MEASURES:
            err.fail(what, f"measure must be one of {', '.join(MEASURES)}")
        units[word] = Unit(word, iso, spec["measure"], bool(spec.get("working_days", False)))
    if not units:
        err.fail("unit", "no duration units")
    weekdays: dict[str, int] = {}
    for ch, num in data.get("weekday", {}).items():
        if len(ch) != 1 or not isinstance(num, int) or not 1 <= num <= 7:
            err.fail(f"weekday {ch!r}", "must map one character to an ISO weekday 1..7")
        weekdays[ch] = num
    month_parts: dict[str, MonthPart] = {}
    for word, spec in data.get("month_part", {}).items():
        what = f"month_part {word!r}"
        if not isinstance(spec, dict) or spec.get("part") not in PART_NAMES:
            err.fail(what, f"part must be one of {', '.join(PART_NAMES)}")
        day = spec.get("day")
        if day != "last" and not (isinstance(day, int) and 1 <= day <= 28):
            err.fail(what, "day must be 1..28 or 'last'")
        month_parts[word] = MonthPart(spec["part"], None if day == "last" else day)
    relative: dict[str, dict[str, int]] = {}
    for section in ("relative_year", "relative_month"):
        table = data.get(section, {})
        for word, offset in table.items():
            if not word or not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= 12:
                err.fail(f"{section} {word!r}", "must map a word to an offset 0..12")
        if not table:
            err.fail(section, "section is missing or empty")
        relative[section] = dict(table)
    return periods, units, weekdays, month_parts, relative


def _load_context(path: Path) -> dict:
    err = _Errors(path)
    data = _read_toml(path)
    for section in ("clause", "past", "future", "metadata", "anchor", "events", "activities"):
        if not isinstance(data.get(section), dict):
            err.fail(section, "section is missing")
    out: dict[str, Any] = {}
    clause = data["clause"]
    out["clause_delims"] = clause.get("delimiters", "")
    out["sub_delims"] = clause.get("sub_delimiters", "")
    if not isinstance(out["clause_delims"], str) or not out["clause_delims"]:
        err.fail("clause", "delimiters must be a non-empty string")

    def cue_regex(section: str, key: str) -> re.Pattern:
        items = _str_list(err, f"{section}.{key}", data[section].get(key))
        for item in items:
            _compile(err, f"{section}.{key}", item)
        return _compile(err, f"{section}.{key}", "|".join(f"(?:{i})" for i in items))

    def window(section: str, key: str) -> int:
        value = data[section].get(key)
        if not isinstance(value, int) or not 0 < value <= 200:
            err.fail(f"{section}.{key}", "must be an integer 1..200")
        return value

    out["past_after"] = cue_regex("past", "after")
    out["past_before"] = cue_regex("past", "before")
    out["past_window_after"] = window("past", "window_after")
    out["past_window_before"] = window("past", "window_before")
    out["future"] = cue_regex("future", "cues")
    out["future_window_before"] = window("future", "window_before")
    out["future_window_after"] = window("future", "window_after")
    title = data.get("title", {})
    if not isinstance(title, dict):
        err.fail("title", "must be a table")
    out["title_open"] = title.get("open", "")
    out["title_close"] = title.get("close", "")
    if not isinstance(out["title_open"], str) or not isinstance(out["title_close"], str):
        err.fail("title", "open and close must be strings of characters")
    if bool(out["title_open"]) != bool(out["title_close"]):
        err.fail("title", "give both open and close marks, or neither")
    out["title_window"] = window("title", "window") if out["title_open"] else 0
    meta = data["metadata"]
    out["metadata_before"] = _compile(err, "metadata.before", meta["before"]) if meta.get("before") else None
    out["alone_on_line"] = bool(meta.get("alone_on_line", False))
    anchor = data["anchor"]
    out["anchor_max"] = window("anchor", "max_chars")
    out["anchor_boundary"] = _compile(
        err, "anchor.boundary", _alternation(_str_list(err, "anchor.boundary", anchor.get("boundary")))
    )
    party = _str_list(err, "anchor.party_suffix", anchor.get("party_suffix", []), allow_empty=True)
    out["anchor_party"] = _compile(err, "anchor.party_suffix", _alternation(party)) if party else None
    det = anchor.get("determiner")
    out["anchor_determiner"] = _compile(err, "anchor.determiner", det) if det else None
    out["anchor_bad"] = frozenset(_str_list(err, "anchor.bad", anchor.get("bad", []), allow_empty=True))
    out["anchor_single_ok"] = frozenset(
        _str_list(err, "anchor.single_ok", anchor.get("single_ok", []), allow_empty=True)
    )
    events = data["events"]
    out["events"] = _str_list(err, "events.words", events.get("words"))
    out["event_prefix"] = _str_list(err, "events.prefix", events.get("prefix", []), allow_empty=True)
    out["event_sub"] = _str_list(err, "events.sub", events.get("sub", []), allow_empty=True)
    qb = events.get("qian_bad", "")
    if not isinstance(qb, str):
        err.fail("events.qian_bad", "must be a string of characters")
    out["qian_bad"] = qb
    acts = data["activities"]
    out["act"] = _str_list(err, "activities.words", acts.get("words"))
    not_single = set(_str_list(err, "activities.not_single", acts.get("not_single", []), allow_empty=True))
    out["act_single"] = [a for a in out["act"] if a not in not_single]
    out["act_ratio"] = _str_list(err, "activities.ratio", acts.get("ratio"))
    return out


# Normalizers a pattern rule may name, with the named groups each one needs.
_REQUIRED_GROUPS = {
    "fixed": (),
    "relative_date": (),
    "date": ("d",),
    "deadline": (),
    "deadline_weekday": ("wds",),
    "range": ("d1", "d2"),
    "within": ("dur",),
    "before_event": ("event",),
    "duration": ("dur",),
    "during": (),
    "end_of": (),
    "every": (),
    "ratio": ("n", "period", "act"),
    "cadence": (),
}
_RULE_KEYS = {
    "id", "type", "pattern", "normalize", "value", "span", "filters", "priority", "params", "trigger", "lookback",
}
MAX_LOOKBACK = 40
_PARAMS = {"anchor", "trim_party", "year_level", "months_only", "years_only", "period", "cue"}


def _expand(err: _Errors, what: str, template: str, macros: dict[str, str], depth: int = 0) -> str:
    if depth > 10:
        err.fail(what, "macros nest too deeply (a macro that uses itself?)")

    def repl(m: re.Match) -> str:
        name = m.group(1)
        if name not in macros:
            err.fail(what, f"unknown macro {{{name}}}")
        return _expand(err, f"{what} (in macro {name})", macros[name], macros, depth + 1)

    return _MACRO.sub(repl, template)


def _load_patterns(path: Path, seen_ids: dict[str, Path], builtin: dict[str, str], periods) -> tuple:
    err = _Errors(path)
    data = _read_toml(path)
    unknown = set(data) - {"macros", "rule"}
    if unknown:
        err.fail("top level", f"unknown section(s) {sorted(unknown)}")
    macros = dict(builtin)
    for name, body in data.get("macros", {}).items():
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
            err.fail(f"macro {name!r}", "macro names are UPPER_CASE")
        if name in builtin:
            err.fail(f"macro {name!r}", "redefines a macro built from the data files")
        if not isinstance(body, str):
            err.fail(f"macro {name!r}", "must be a string")
        macros[name] = body
    for name in data.get("macros", {}):
        _compile(err, f"macro {name!r}", _expand(err, f"macro {name!r}", macros[name], macros))
    rules: list[Rule] = []
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        err.fail("rule", "must be an array of tables ([[rule]])")
    for i, raw in enumerate(raw_rules):
        rid = raw.get("id")
        what = f"rule {rid!r}" if rid else f"rule #{i + 1}"
        if not isinstance(rid, str) or not rid:
            err.fail(what, "missing id")
        if rid in seen_ids:
            err.fail(what, f"duplicate id (first defined in {seen_ids[rid]})")
        seen_ids[rid] = path
        extra = set(raw) - _RULE_KEYS
        if extra:
            err.fail(what, f"unknown key(s) {sorted(extra)}")
        rtype = raw.get("type")
        if rtype not in TYPES:
            err.fail(what, f"unknown type {rtype!r} (expected one of {', '.join(TYPES)})")
        normalize = raw.get("normalize")
        if normalize not in _REQUIRED_GROUPS:
            err.fail(what, f"unknown normalize {normalize!r} (expected one of {', '.join(_REQUIRED_GROUPS)})")
        pattern = raw.get("pattern")
        if isinstance(pattern, list) and all(isinstance(p, str) for p in pattern):
            pattern = "".join(pattern)
        if not isinstance(pattern, str) or not pattern:
            err.fail(what, "pattern must be a non-empty string or list of strings")
        regex = _compile(err, what, _expand(err, what, pattern, macros))
        groups = set(regex.groupindex)
        missing = [g for g in _REQUIRED_GROUPS[normalize] if g not in groups]
        params = raw.get("params", {})
        if not isinstance(params, dict) or set(params) - _PARAMS:
            err.fail(what, f"params must be a table with keys among {sorted(_PARAMS)}")
        if normalize == "every" and "period" not in groups and "period" not in params:
            missing.append("period")
        if missing:
            err.fail(what, f"normalize {normalize!r} needs the named group(s) {missing}")
        if "period" in params and params["period"] not in periods:
            err.fail(what, f"params.period {params['period']!r} is not a period word")
        span_group = raw.get("span")
        if span_group is not None and span_group not in groups:
            err.fail(what, f"span group {span_group!r} is not a named group of the pattern")
        filters = raw.get("filters", [])
        if not isinstance(filters, list) or set(filters) - set(FILTERS):
            err.fail(what, f"filters must be a list among {', '.join(FILTERS)}")
        priority = raw.get("priority", 50)
        if not isinstance(priority, int) or isinstance(priority, bool) or not 0 <= priority < STOP_PRIORITY:
            err.fail(what, f"priority must be an integer 0..{STOP_PRIORITY - 1}")
        value = raw.get("value")
        if normalize == "fixed":
            _check_value(err, what, rtype, value)
            value = _nullify(value)
        elif value is not None:
            err.fail(what, "`value` is only for normalize = 'fixed'")
        if params.get("anchor") not in (None, "before"):
            err.fail(what, "params.anchor must be 'before'")
        params = dict(params)
        if "cue" in params:
            if "need_future" not in filters:
                err.fail(what, "params.cue only relaxes the need_future filter")
            params["cue"] = _compile(err, f"{what} params.cue", _expand(err, what, params["cue"], macros))
        trigger = raw.get("trigger")
        lookback = raw.get("lookback", 0)
        if trigger is not None:
            if not isinstance(trigger, str) or not trigger:
                err.fail(what, "trigger must be a non-empty regex string")
            trigger = _compile(err, f"{what} trigger", _expand(err, f"{what} trigger", trigger, macros))
            if trigger.match(""):
                err.fail(what, "trigger must not match the empty string")
        if not isinstance(lookback, int) or isinstance(lookback, bool) or not 0 <= lookback <= MAX_LOOKBACK:
            err.fail(what, f"lookback must be an integer 0..{MAX_LOOKBACK}")
        if "lookback" in raw and trigger is None:
            err.fail(what, "lookback is only meaningful with a trigger")
        rules.append(
            Rule(
                id=rid, type=rtype, source=str(path), normalize=normalize, regex=regex,
                value=value, span_group=span_group, filters=frozenset(filters),
                priority=priority, params=params, trigger=trigger, lookback=lookback,
            )
        )
    return rules, macros


def load_data(directory: str | Path | None = None) -> TimeData:
    """Load, validate and compile the rule data of ``directory`` (default corpora/time).

    Raises ``ValueError`` naming the file and the rule for any problem: unknown
    type, bad ISO 8601 duration, duplicate id, a regex that does not compile, an
    unknown macro or normalizer, a missing named group.
    """
    if directory is None:
        from analyzer.resources import corpus_path

        directory = corpus_path("time")
    directory = Path(directory)
    seen: dict[str, Path] = {}
    idiom_rules, phrases = _load_lexicon(directory / "lexicon.toml", seen)
    periods, units, weekdays, month_parts, relative = _load_periods(directory / "periods.toml")
    ctx = _load_context(directory / "context.toml")

    def periods_for(form: str) -> str:
        return _alternation(w for w, p in periods.items() if form in p.forms)

    builtin = {
        "CJK": CJK_CLASS,
        "CNUM": numerals.CHINESE_NUMERAL_CHARS,
        "PERIOD_EVERY": periods_for("every"),
        "PERIOD_CADENCE": periods_for("cadence"),
        "PERIOD_SINGLE": periods_for("single"),
        "PERIOD_RATIO": periods_for("ratio"),
        "PERIOD_BY": periods_for("by"),
        "UNIT_REQ": _alternation(w for w, u in units.items() if u.measure in ("required", "optional")),
        "UNIT_BARE": _alternation(w for w, u in units.items() if u.measure in ("none", "optional")),
        "UNIT_ALL": _alternation(units),
        "WD": _class_chars(weekdays),
        "MPART": _alternation(month_parts),
        "ACT": _alternation(ctx["act"]),
        "ACT_SINGLE": _alternation(ctx["act_single"]),
        "ACT_RATIO": _alternation(ctx["act_ratio"]),
        "EVENT": _alternation(ctx["events"]),
        "EVPRE": _alternation(ctx["event_prefix"]),
        "EVSUB": _alternation(ctx["event_sub"]),
        "QIAN_BAD": _class_chars(ctx["qian_bad"]) or "\\x00",
        "RELYEAR": f"(?:{_alternation(relative['relative_year'])})",
        "RELMONTH": f"(?:{_alternation(relative['relative_month'])})",
    }
    pattern_path = directory / "patterns.toml"
    rules, macros = _load_patterns(pattern_path, seen, builtin, periods)
    err = _Errors(pattern_path)
    for needed in ("NUM", "YEAR", "MONTH", "DAY", "DATE_ISO"):
        if needed not in macros:
            err.fail("macros", f"macro {needed} is required by the normalizers")

    def build(what: str, template: str) -> re.Pattern:
        return _compile(err, what, _expand(err, what, template, macros))

    date_re = build(
        "date parser",
        "(?:(?P<iso>{DATE_ISO})|(?:(?P<y>{YEAR})年|(?P<ry>{RELYEAR}))?"
        "(?:(?P<m>{MONTH})月份?|(?P<rm>{RELMONTH}))?(?:(?P<dd>{DAY})[日号])?)",
    )
    dur_re = build(
        "duration parser",
        "(?:(?P<num>{NUM}|半)(?P<ge>个)?(?P<h1>半)?(?P<unit>{UNIT_ALL})(?P<h2>半)?|(?P<hm>半月))",
    )
    citem_re = build("cadence item parser", "(?:每|一)?(?P<period>{PERIOD_CADENCE})一?(?P<act>{ACT})")
    idiom_regex = re.compile(_alternation(p for p, r in phrases.items() if r is not None))
    stops = [p for p, r in phrases.items() if r is None]
    stop_regex = re.compile(_alternation(stops)) if stops else None
    dispatch = _Dispatch(
        [idiom_regex] + [r.regex for r in rules], [(None, 0)] + [(r.trigger, r.lookback) for r in rules]
    )
    return TimeData(
        directory=directory,
        rules=rules,
        idiom_regex=idiom_regex,
        idioms=phrases,
        stop_regex=stop_regex,
        stop_max=max((len(p) for p in stops), default=0),
        periods=periods,
        units=units,
        weekdays=weekdays,
        month_parts=month_parts,
        relative_year=relative["relative_year"],
        relative_month=relative["relative_month"],
        macros=macros,
        clause_delims=ctx["clause_delims"],
        sub_delims=ctx["sub_delims"],
        clause_re=re.compile(f"[{_class_chars(ctx['clause_delims'])}]"),
        sub_re=re.compile(f"[{_class_chars(ctx['clause_delims'] + ctx['sub_delims'])}]"),
        past_after=_Prefiltered(ctx["past_after"]),
        past_before=_Prefiltered(ctx["past_before"]),
        past_window_after=ctx["past_window_after"],
        past_window_before=ctx["past_window_before"],
        future=_Prefiltered(ctx["future"]),
        future_window_before=ctx["future_window_before"],
        future_window_after=ctx["future_window_after"],
        title_open=ctx["title_open"],
        title_close=ctx["title_close"],
        title_window=ctx["title_window"],
        metadata_before=ctx["metadata_before"],
        alone_on_line=ctx["alone_on_line"],
        anchor_max=ctx["anchor_max"],
        anchor_boundary=ctx["anchor_boundary"],
        anchor_party=ctx["anchor_party"],
        anchor_determiner=ctx["anchor_determiner"],
        anchor_bad=ctx["anchor_bad"],
        anchor_single_ok=ctx["anchor_single_ok"],
        date_re=date_re,
        dur_re=dur_re,
        citem_re=citem_re,
        dispatch=dispatch,
    )


_DATA: TimeData | None = None
_LOCK = threading.Lock()


def get_data() -> TimeData:
    """The default rule data, loaded on first use."""
    global _DATA
    if _DATA is None:
        with _LOCK:
            if _DATA is None:
                _DATA = load_data()
    return _DATA


# ------------------------------------------------------------- date helpers

_REL_YEAR_NAME = {0: "this_year", 1: "next_year", 2: "year_after_next"}
_REL_MONTH_NAME = {0: "this_month", 1: "next_month"}


@dataclass
class DateParts:
    year: int | None = None
    year_offset: int | None = None  # 今年 0, 明年 1
    month: int | None = None
    month_offset: int | None = None  # 本月 0, 下月 1 (month relative to the reference)
    day: int | None = None
    placeholder: bool = False

    @property
    def has_month(self) -> bool:
        return self.month is not None or self.month_offset is not None


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _num_or_placeholder(text: str | None) -> tuple[int | None, bool]:
    if not text:
        return None, False
    if numerals.is_placeholder(text):
        return None, True
    return numerals.parse_int(text), False


def _parse_date(data: TimeData, text: str) -> DateParts | None:
    m = data.date_re.fullmatch(text)
    if not m:
        return None
    p = DateParts()
    if m.group("iso"):
        y, mo, d = (int(x) for x in re.split(r"[-/]", m.group("iso")))
        p.year, p.month, p.day = y, mo, d
    else:
        ytext = m.group("y")
        if ytext:
            if numerals.is_placeholder(ytext) or any(c in numerals.PLACEHOLDER_CHARS for c in ytext):
                p.placeholder = True
            else:
                p.year = numerals.parse_year(ytext)
        if m.group("ry"):
            p.year_offset = data.relative_year[m.group("ry")]
        if m.group("rm"):
            p.month_offset = data.relative_month[m.group("rm")]
        month, ph = _num_or_placeholder(m.group("m"))
        p.placeholder |= ph
        p.month = month
        day, ph = _num_or_placeholder(m.group("dd"))
        p.placeholder |= ph
        p.day = day
    if p.placeholder:
        return p
    if p.month is not None and not 1 <= p.month <= 12:
        return None
    if p.day is not None:
        limit = _last_day(p.year if p.year else 2024, p.month) if p.month else 31
        if not 1 <= p.day <= limit:
            return None
    if p.year is not None and not 1900 <= p.year <= 2200:
        return None
    return p


def _resolve_year(p: DateParts, ref: dt.date | None) -> int | None:
    if p.year is not None:
        return p.year
    if ref is not None:
        return ref.year + (p.year_offset or 0)
    return None


def _resolve_month(p: DateParts, ref: dt.date | None, year: int | None) -> tuple[int | None, int | None]:
    """(year, month) with 本月/下月 resolved against the reference date."""
    if p.month_offset is not None:
        if ref is None:
            return year, None
        month0 = ref.month - 1 + p.month_offset
        return ref.year + month0 // 12, month0 % 12 + 1
    return year, p.month


# -------------------------------------------------------------- the matcher


@dataclass
class _Cand:
    start: int
    end: int
    priority: int
    order: int
    rule: Rule | None  # None: a blocker (stop phrase, or a candidate that failed a filter)
    value: Any = None


class _Run:
    """One call of find_time_limits: the text, the reference date, the data."""

    def __init__(self, text: str, ref: dt.date | None, data: TimeData):
        self.text = text
        self.ref = ref
        self.data = data
        self._clause_pos: list[int] | None = None
        self._sub_pos: list[int] = []

    # ---- context windows: clause bounds by bisection over the delimiter positions

    def _delims(self) -> tuple[list[int], list[int]]:
        if self._clause_pos is None:
            data = self.data
            self._clause_pos = [m.start() for m in data.clause_re.finditer(self.text)]
            self._sub_pos = [m.start() for m in data.sub_re.finditer(self.text)]
        return self._clause_pos, self._sub_pos

    def clause_start(self, pos: int, window: int, sub: bool = False) -> int:
        """Start of the (sub-)clause holding ``pos``, at most ``window`` characters back."""
        clause, subs = self._delims()
        arr = subs if sub else clause
        k = bisect.bisect_left(arr, pos) - 1
        start = arr[k] + 1 if k >= 0 else 0
        return max(start, pos - window)

    def clause_end(self, pos: int, window: int) -> int:
        """End of the clause holding ``pos``, at most ``window`` characters ahead."""
        clause, _subs = self._delims()
        k = bisect.bisect_left(clause, pos)
        end = clause[k] if k < len(clause) else len(self.text)
        return min(end, pos + window)

    def is_metadata(self, rule: Rule, start: int, end: int) -> bool:
        """A header date (时间:2024-08-29) or a dateline; deadlines (…前) never are."""
        data = self.data
        if rule.type != "date":
            return False
        before = self.text[max(0, start - 24):start]
        nl = before.rfind("\n")
        line_before = before[nl + 1:] if nl >= 0 else before
        at_line_start = nl >= 0 or start - 24 <= 0
        if at_line_start and data.metadata_before is not None and data.metadata_before.search(line_before):
            return True
        if data.alone_on_line:
            after = self.text[end:end + 24]
            nl2 = after.find("\n")
            line_after = after[:nl2] if nl2 >= 0 else after
            at_line_end = nl2 >= 0 or end + 24 >= len(self.text)
            if at_line_start and at_line_end and not line_before.strip(" \t\u3000（(") and not line_after.strip(
                " \t\u3000）)。."
            ):
                return True
        return False

    def in_title(self, start: int, end: int) -> bool:
        """Inside 《…》: part of a document's or a plan's name."""
        data = self.data
        if not data.title_open:
            return False
        text = self.text
        lo = max(0, start - data.title_window)
        seg = text[lo:start]
        o = max(seg.rfind(ch) for ch in data.title_open)
        if o < 0 or "\n" in seg[o:] or max(seg.rfind(ch) for ch in data.title_close) > o:
            return False
        seg = text[end:end + data.title_window]
        c = min((i for i in (seg.find(ch) for ch in data.title_close) if i >= 0), default=-1)
        if c < 0 or "\n" in seg[:c]:
            return False
        return not any(ch in seg[:c] for ch in data.title_open)

    def own_cue(self, rule: Rule, start: int, end: int) -> bool:
        """The rule's own `cue` regex occurs elsewhere in the clause (上半年…，下半年…)."""
        pair = rule.params.get("cue")
        if pair is None:
            return False
        text = self.text
        lo = self.clause_start(start, 60)
        hi = self.clause_end(end, 60)
        for m in pair.finditer(text, lo, hi):
            if m.end() <= start or m.start() >= end:
                return True
        return False

    def passes(self, rule: Rule, start: int, end: int, when: dt.date | None) -> bool:
        data = self.data
        filters = rule.filters
        if "metadata" in filters and self.is_metadata(rule, start, end):
            return False
        if not ("past" in filters or "need_future" in filters):
            return True
        text = self.text
        lo = self.clause_start(start, data.future_window_before)
        future_before = lo < start and data.future.search(text, lo, start) is not None
        pm = data.past_after.search(text, end, self.clause_end(end, data.past_window_after))
        fm = data.future.search(text, end, self.clause_end(end, data.future_window_after))
        past_pos = pm.start() if pm else None
        fut_pos = fm.start() if fm else None
        future = future_before or (fut_pos is not None and (past_pos is None or fut_pos < past_pos))
        if "past" in filters and not future_before:
            if past_pos is not None and not (fut_pos is not None and fut_pos < past_pos):
                return False
            lo = self.clause_start(start, data.past_window_before, sub=True)
            if lo < start and data.past_before.search(text, lo, start):
                return False
        if "need_future" in filters and not future:
            if (self.ref is None or when is None or when < self.ref) and not self.own_cue(rule, start, end):
                return False
        return True

    # ---- anchors

    def anchor_before(self, pos: int, trim_party: bool) -> tuple[int, str] | None:
        """The event that ends at ``pos`` (反馈 in 反馈后1个月内): (start, text) or None."""
        lo = max(0, pos - self.data.anchor_max)
        m = _TRAILING_CJK.search(self.text, lo, pos)
        if not m:
            return None
        return self.trim_anchor(m.start(), m.group(), trim_party)

    def trim_anchor(self, start: int, anchor: str, trim_party: bool) -> tuple[int, str] | None:
        """Cut prepositions, modal verbs, determiners (and subjects) off the front."""
        data = self.data
        last = None
        for b in data.anchor_boundary.finditer(anchor):
            last = b
        if last is not None:
            start += last.end()
            anchor = anchor[last.end():]
        if data.anchor_determiner is not None:
            d = data.anchor_determiner.match(anchor)
            if d and d.end() < len(anchor):
                start += d.end()
                anchor = anchor[d.end():]
        if trim_party and data.anchor_party is not None and len(anchor) > 2:
            cut = None
            for p in data.anchor_party.finditer(anchor):
                if len(anchor) - p.end() >= 2:
                    cut = p.end()
            if cut:
                start += cut
                anchor = anchor[cut:]
        if not anchor or anchor in data.anchor_bad:
            return None
        if len(anchor) == 1 and anchor not in data.anchor_single_ok:
            return None
        return start, anchor

    # ---- durations

    def parse_duration(self, text: str) -> tuple[str | None, bool, bool] | None:
        """(iso, working_days, placeholder) or None when it is not a plausible duration."""
        cache = self.data.dur_cache
        hit = cache.get(text, _MISS)
        if hit is _MISS:
            if len(cache) > 4096:
                cache.clear()
            hit = cache[text] = self._parse_duration(text)
        return hit

    def _parse_duration(self, text: str) -> tuple[str | None, bool, bool] | None:
        m = self.data.dur_re.fullmatch(text)
        if not m:
            return None
        if m.group("hm"):
            return multiply_duration(self.data.units["月"].duration, 0.5) if "月" in self.data.units else None, False, False
        unit = self.data.units[m.group("unit")]
        num = m.group("num")
        if numerals.is_placeholder(num):
            return None, unit.working_days, True
        q = numerals.parse_number(num)
        if q is None or q <= 0:
            return None
        if m.group("h1") or m.group("h2"):
            q += 0.5
        comps = _duration_components(unit.duration)
        if "Y" in comps and q > 100:  # 2024年内 is a year, not 2024 years
            return None
        if q > 10_000:
            return None
        return multiply_duration(unit.duration, q), unit.working_days, False


# ------------------------------------------------------------- normalizers
# Each returns (start, end, value, when) or None to drop the candidate.  `when`
# is the resolved date (or None) that the need_future filter compares with the
# reference date.

_Result = tuple[int, int, Any, dt.date | None] | None


def _span_of(m: re.Match, rule: Rule) -> tuple[int, int]:
    if rule.span_group:
        return m.start(rule.span_group), m.end(rule.span_group)
    return m.start(), m.end()


def _n_fixed(run: _Run, m: re.Match, rule: Rule) -> _Result:
    s, e = _span_of(m, rule)
    return s, e, dict(rule.value), None


def _n_relative_date(run: _Run, m: re.Match, rule: Rule) -> _Result:
    s, e = _span_of(m, rule)
    value = dict(rule.value)
    if run.ref is not None:
        shift = {"today": 0, "tomorrow": 1}.get(value.get("relative"), 0)
        value["date"] = (run.ref + dt.timedelta(days=shift)).isoformat()
    return s, e, value, None


def _date_value(run: _Run, p: DateParts) -> tuple[dict, dt.date | None]:
    ref = run.ref
    if p.placeholder:
        return {"date": None, "placeholder": True}, None
    year = _resolve_year(p, ref)
    year, month = _resolve_month(p, ref, year)
    if month is not None and p.day is not None:
        if year is not None:
            if p.day > _last_day(year, month):
                return None, None
            d = dt.date(year, month, p.day)
            return {"date": d.isoformat()}, d
        value = {"date": None, "month": month, "day": p.day}
        if p.year_offset:
            value["year_offset"] = p.year_offset
        return value, None
    if month is not None:
        value = {"date": None}
        if year is not None:
            value["year"] = year
        elif p.year_offset:
            value["year_offset"] = p.year_offset
        value["month"] = month
        when = dt.date(year, month, _last_day(year, month)) if year is not None else None
        return value, when
    if p.month_offset is not None:  # 从本月起 without a reference date
        return {"date": None, "relative": _REL_MONTH_NAME.get(p.month_offset, "this_month")}, None
    if p.year is not None:
        return {"date": None, "year": p.year}, dt.date(p.year, 12, 31)
    if p.year_offset is not None:
        value = {"date": None, "relative": _REL_YEAR_NAME.get(p.year_offset, "this_year")}
        if year is not None:
            value["year"] = year
            return value, dt.date(year, 12, 31)
        return value, None
    return None, None


def _n_date(run: _Run, m: re.Match, rule: Rule) -> _Result:
    p = _parse_date(run.data, m.group("d"))
    if p is None:
        return None
    value, when = _date_value(run, p)
    if value is None:
        return None
    s, e = _span_of(m, rule)
    return s, e, value, when


def _deadline_value(run: _Run, p: DateParts, part_key: str | None, year_level: bool) -> tuple[dict | None, dt.date | None]:
    if p.placeholder:
        return {"by": None, "placeholder": True}, None
    ref = run.ref
    mp = run.data.month_parts.get(part_key) if part_key else None
    if not p.has_month and (year_level or p.year is not None or p.year_offset is not None):
        p.month = 12
        if mp is None or p.day is not None:
            mp = MonthPart("end", None)
    year = _resolve_year(p, ref)
    year, month = _resolve_month(p, ref, year)
    if year is not None and month is not None:
        last = _last_day(year, month)
        day = p.day if p.day is not None else (mp.day if mp and mp.day else last)
        if day > last:
            return None, None
        d = dt.date(year, month, day)
        return {"by": d.isoformat()}, d
    value: dict[str, Any] = {"month": month}
    if p.day is not None:
        value["day"] = p.day
    else:
        value["part"] = mp.part if mp else "end"
    if p.year_offset:
        value["year_offset"] = p.year_offset
    if p.month_offset:
        value["month_offset"] = p.month_offset
    return value, None


def _n_deadline(run: _Run, m: re.Match, rule: Rule) -> _Result:
    g = m.groupdict()
    p = DateParts()
    if g.get("d"):
        parsed = _parse_date(run.data, g["d"])
        if parsed is None:
            return None
        p = parsed
    if g.get("y"):
        ytext = g["y"]
        if any(c in numerals.PLACEHOLDER_CHARS for c in ytext):
            p.placeholder = True
        else:
            p.year = numerals.parse_year(ytext)
    if g.get("rel"):
        rel = g["rel"]
        if rel in run.data.relative_year:
            p.year_offset = run.data.relative_year[rel]
        elif rel in run.data.relative_month:
            p.month_offset = run.data.relative_month[rel]
    part = g.get("part")
    if g.get("part2"):  # bare 月底: the reference month
        part = g["part2"]
        p.month_offset = 0
    if g.get("half"):
        p.month = 6 if g["half"].startswith("上") else 12
        part = "底"
    if g.get("q"):
        q = numerals.parse_int(g["q"])
        if not q or not 1 <= q <= 4:
            return None
        p.month = 3 * q
        part = "底"
    if part and part not in run.data.month_parts:
        part = "底" if part in ("年底", "年末") else None
    value, when = _deadline_value(run, p, part, bool(rule.params.get("year_level")))
    if value is None:
        return None
    s, e = _span_of(m, rule)
    return s, e, value, when


def _n_deadline_weekday(run: _Run, m: re.Match, rule: Rule) -> _Result:
    wd = run.data.weekdays.get(m.group("wds")[:1])
    if wd is None:
        return None
    rel = m.groupdict().get("rel") or ""
    nxt = rel.startswith("下")
    s, e = _span_of(m, rule)
    ref = run.ref
    if ref is None:
        value = {"weekday": wd}
        if nxt:
            value["week"] = "next"
        return s, e, value, None
    monday = ref - dt.timedelta(days=ref.weekday())
    if nxt:
        d = monday + dt.timedelta(days=7 + wd - 1)
    elif rel:
        d = monday + dt.timedelta(days=wd - 1)
    else:
        d = ref + dt.timedelta(days=(wd - ref.isoweekday()) % 7)
    return s, e, {"by": d.isoformat()}, d


def _n_range(run: _Run, m: re.Match, rule: Rule) -> _Result:
    g = m.groupdict()
    data = run.data
    if rule.params.get("years_only"):
        y1, y2 = numerals.parse_year(g["d1"]), numerals.parse_year(g["d2"])
        if y1 is None or y2 is None:
            return None
        p1, p2 = DateParts(year=y1), DateParts(year=y2)
    elif rule.params.get("months_only"):
        m1, ph1 = _num_or_placeholder(g["d1"])
        m2, ph2 = _num_or_placeholder(g["d2"])
        p1, p2 = DateParts(month=m1, placeholder=ph1), DateParts(month=m2, placeholder=ph2)
        if g.get("y"):
            if any(c in numerals.PLACEHOLDER_CHARS for c in g["y"]):
                p1.placeholder = True
            else:
                p1.year = p2.year = numerals.parse_year(g["y"])
        for p in (p1, p2):
            if p.month is not None and not 1 <= p.month <= 12:
                return None
    else:
        p1, p2 = _parse_date(data, g["d1"]), _parse_date(data, g["d2"])
        if p1 is None or p2 is None:
            return None
    s, e = _span_of(m, rule)
    if p1.placeholder or p2.placeholder:
        return s, e, {"from": None, "by": None, "placeholder": True}, None
    wraps = False
    if p2.year is None and p2.year_offset is None:
        p2.year, p2.year_offset = p1.year, p1.year_offset
        # 12月31日至1月5日: an end month before the start month is in the next year
        wraps = p1.month is not None and p2.month is not None and p2.month < p1.month
    if p2.month is None and p2.month_offset is None and p2.day is not None:
        p2.month, p2.month_offset = p1.month, p1.month_offset
    if p1.month is None and p2.month is not None and p2.year is None and p1.day is None:
        return None  # a year-only start with a year-less end: not a range we know
    mp = data.month_parts.get(g.get("part") or "")
    y1 = _resolve_year(p1, run.ref)
    y1, mo1 = _resolve_month(p1, run.ref, y1)
    y2 = _resolve_year(p2, run.ref)
    y2, mo2 = _resolve_month(p2, run.ref, y2)
    if wraps and y2 is not None:
        y2 += 1
    if y1 is not None and y2 is not None:
        d1 = dt.date(y1, mo1 or 1, p1.day or 1) if (p1.day or 1) <= _last_day(y1, mo1 or 1) else None
        m2 = mo2 or 12
        last = _last_day(y2, m2)
        day2 = p2.day if p2.day is not None else (mp.day if mp and mp.day else last)
        if d1 is None or day2 > last:
            return None
        d2 = dt.date(y2, m2, day2)
        if d2 < d1:
            return None
        return s, e, {"from": d1.isoformat(), "by": d2.isoformat()}, d2
    value: dict[str, Any] = {"from": None, "by": None, "from_month": mo1}
    if p1.day is not None:
        value["from_day"] = p1.day
    value["month"] = mo2
    if p2.day is not None:
        value["day"] = p2.day
    else:
        value["part"] = mp.part if mp else "end"
    return s, e, value, None


def _n_within(run: _Run, m: re.Match, rule: Rule) -> _Result:
    parsed = run.parse_duration(m.group("dur"))
    if parsed is None:
        return None
    iso, working, placeholder = parsed
    s, e = _span_of(m, rule)
    after = None
    if rule.params.get("anchor") == "before":
        a = run.anchor_before(m.start(), bool(rule.params.get("trim_party")))
        if a is None:
            return None
        s, after = a
    value: dict[str, Any] = {"after": after, "within": iso}
    if working:
        value["working_days"] = True
    if placeholder:
        value["placeholder"] = True
    return s, e, value, None


def _n_before_event(run: _Run, m: re.Match, rule: Rule) -> _Result:
    s, e = _span_of(m, rule)
    return s, e, {"before": m.group("event")}, None


def _n_duration(run: _Run, m: re.Match, rule: Rule) -> _Result:
    parsed = run.parse_duration(m.group("dur"))
    if parsed is None:
        return None
    iso, _working, placeholder = parsed
    s, e = _span_of(m, rule)
    value: dict[str, Any] = {"duration": iso, "approx": bool(m.groupdict().get("approx"))}
    if placeholder:
        value["placeholder"] = True
    return s, e, value, None


def _n_during(run: _Run, m: re.Match, rule: Rule) -> _Result:
    s, e = _span_of(m, rule)
    g = m.groupdict()
    quoted = g.get("quoted")
    if quoted:
        anchor = quoted[1:-1].strip()
        if not anchor:
            return None
        return s, e, {"during": anchor}, None
    head = g.get("head")
    if head is not None and rule.params.get("anchor") != "before":
        return s, e, {"during": head}, None
    a = run.anchor_before(m.start(), bool(rule.params.get("trim_party")))
    if head:  # the anchor qualifies the head word, which stays
        if a is None:
            return s, e, {"during": head}, None
        return a[0], e, {"during": a[1] + head}, None
    if a is None:
        return None
    return a[0], e, {"during": a[1]}, None


def _n_end_of(run: _Run, m: re.Match, rule: Rule) -> _Result:
    """本届区委任期内: a deadline at the end of a named period (a term of office)."""
    out = _n_during(run, m, rule)
    if out is None:
        return None
    s, e, value, extra = out
    return s, e, {"by": None, "end_of": value["during"]}, extra


_MIN_WORDS = ("至少", "不少于", "不低于", "最少", "起码", "不得少于")
_MAX_WORDS = ("最多", "不超过", "不多于", "至多", "不得超过", "最高")
_RANGE_SPLIT = re.compile(r"至|到|-|—|~|～")


def _weekday_list(run: _Run, text: str) -> list[int] | None:
    days: list[int] = []
    wd = run.data.weekdays
    items = re.split(r"(至|到|—|-|、|，|和|及)", text)
    pending_range = False
    for item in items:
        item = item.replace("周", "").replace("星期", "")
        if item in ("至", "到", "—", "-"):
            pending_range = True
            continue
        if item in ("、", "，", "和", "及", ""):
            continue
        if item not in wd:
            return None
        n = wd[item]
        if pending_range and days:
            start = days[-1]
            days.extend(range(start + 1, n + 1) if n > start else [])
        else:
            days.append(n)
        pending_range = False
    return sorted(set(days)) or None


def _n_every(run: _Run, m: re.Match, rule: Rule) -> _Result:
    g = m.groupdict()
    data = run.data
    word = g.get("period") or rule.params.get("period")
    period = data.periods.get(word)
    if period is None:
        return None
    iso: str | None = period.duration
    value: dict[str, Any] = {}
    placeholder = False
    if g.get("n"):
        if numerals.is_placeholder(g["n"]):
            iso, placeholder = None, True
        else:
            q = numerals.parse_number(g["n"])
            if not q or q > 1000:
                return None
            iso = multiply_duration(period.duration, q)
    value["every"] = iso
    if period.working_days:
        value["working_days"] = True
    if g.get("count"):
        ctext = g["count"]
        pieces = [x for x in _RANGE_SPLIT.split(ctext) if x]
        nums = [numerals.parse_int(x) for x in pieces]
        if any(numerals.is_placeholder(x) for x in pieces):
            value["count"] = None
            placeholder = True
        elif None in nums or not nums:
            return None
        elif len(nums) == 2:
            value["min_count"], value["max_count"] = nums
        else:
            gap = (g.get("gap") or "") + (g.get("cmod") or "")
            key = "count"
            if any(w in gap for w in _MIN_WORDS) or g.get("cmod") == "以上":
                key = "min_count"
            elif any(w in gap for w in _MAX_WORDS) or g.get("cmod") in ("以下", "以内"):
                key = "max_count"
            value[key] = nums[0]
    if g.get("m"):
        month, ph = _num_or_placeholder(g["m"])
        if ph:
            placeholder = True
        elif month is None or not 1 <= month <= 12:
            return None
        value["month"] = month
    if g.get("day"):
        day, ph = _num_or_placeholder(g["day"])
        if ph:
            placeholder = True
        elif day is None or not 1 <= day <= 31:
            return None
        value["day"] = day
    if g.get("part"):
        part = data.month_parts.get(g["part"])
        value["part"] = part.part if part else "end"
    if g.get("wds"):
        days = _weekday_list(run, g["wds"])
        if days is None:
            return None
        if len(days) == 1:
            value["weekday"] = days[0]
        else:
            value["weekdays"] = days
    if g.get("pre"):
        value["deadline"] = True
    if placeholder:
        value["placeholder"] = True
    s, e = _span_of(m, rule)
    return s, e, value, None


def _n_ratio(run: _Run, m: re.Match, rule: Rule) -> _Result:
    period = run.data.periods.get(m.group("period"))
    if period is None:
        return None
    ntext = m.group("n")
    q = numerals.parse_number(ntext)
    if numerals.is_placeholder(ntext):
        value: dict[str, Any] = {"every": None, "placeholder": True}
    elif not q or q > 1000:
        return None
    else:
        value = {"every": multiply_duration(period.duration, q)}
    if m.group("act") == "次":
        value["count"] = 1
    s, e = _span_of(m, rule)
    return s, e, value, None


def _n_cadence(run: _Run, m: re.Match, rule: Rule) -> _Result:
    s, e = _span_of(m, rule)
    items = []
    for it in run.data.citem_re.finditer(run.text, s, e):
        period = run.data.periods.get(it.group("period"))
        if period is None:
            return None
        items.append({"every": period.duration, "activity": it.group("act")})
    if len(items) < 2:
        return None
    return s, e, {"cadence": items}, None


_NORMALIZERS: dict[str, Callable[[_Run, re.Match, Rule], _Result]] = {
    "fixed": _n_fixed,
    "relative_date": _n_relative_date,
    "date": _n_date,
    "deadline": _n_deadline,
    "deadline_weekday": _n_deadline_weekday,
    "range": _n_range,
    "within": _n_within,
    "before_event": _n_before_event,
    "duration": _n_duration,
    "during": _n_during,
    "end_of": _n_end_of,
    "every": _n_every,
    "ratio": _n_ratio,
    "cadence": _n_cadence,
}
assert set(_NORMALIZERS) == set(_REQUIRED_GROUPS)


# -------------------------------------------------------------- resolution


def _resolve(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping winners: longest first, then priority, then earliest, then rule order."""
    if not cands:
        return []
    cands.sort(key=lambda c: (c.start, c.end))
    chosen: list[_Cand] = []
    cluster: list[_Cand] = []
    cluster_end = -1

    def flush() -> None:
        if not cluster:
            return
        if len(cluster) == 1:
            chosen.append(cluster[0])
            return
        base = cluster[0].start
        taken = bytearray(cluster_end - base)
        for c in sorted(cluster, key=lambda c: (-(c.end - c.start), -c.priority, c.start, c.order)):
            lo, hi = c.start - base, c.end - base
            if not any(taken[lo:hi]):
                taken[lo:hi] = b"\x01" * (hi - lo)
                chosen.append(c)

    for c in cands:
        if c.start >= cluster_end:
            flush()
            cluster = [c]
            cluster_end = c.end
        else:
            cluster.append(c)
            cluster_end = max(cluster_end, c.end)
    flush()
    chosen.sort(key=lambda c: c.start)
    return chosen


_MISS = object()
# normalizers whose result depends only on the matched text and the reference date
_POSITION_FREE = frozenset({"fixed", "date", "deadline", "deadline_weekday", "range", "duration", "every", "ratio"})


def _copy(value: Any) -> Any:
    """A private copy of a (memoized) value for each span."""
    if isinstance(value, dict):
        if not any(isinstance(v, (dict, list)) for v in value.values()):
            return dict(value)
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _add_stops(text: str, data: TimeData, cands: list[_Cand]) -> None:
    """Stop phrases matter only where they overlap a candidate: look for them there."""
    if data.stop_regex is None or not cands:
        return
    reach = data.stop_max - 1
    windows = sorted((max(0, c.start - reach), min(len(text), c.end + reach)) for c in cands)
    merged: list[list[int]] = []
    for lo, hi in windows:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    stop = data.stop_regex
    for lo, hi in merged:
        for m in stop.finditer(text, lo, hi):
            cands.append(_Cand(m.start(), m.end(), STOP_PRIORITY, 0, None))


def find_time_limits(text: str, ref_date: dt.date | None = None) -> list[Span]:
    """All time limits in ``text`` (a clause or a whole normalized document).

    ``ref_date`` (the document's own date, or the one given by the user) turns
    relative deadlines and dates into ISO dates and decides whether a bare date
    lies ahead.  Spans are sorted by start and never overlap.
    """
    if not text:
        return []
    if isinstance(ref_date, dt.datetime):
        ref_date = ref_date.date()
    data = get_data()
    run = _Run(text, ref_date, data)
    cands: list[_Cand] = []
    rules = data.rules
    idioms = data.idioms
    memo: dict[tuple[int, str], Any] = {}
    for i, m in data.dispatch.matches(text):
        if i == 0:  # an idiom
            rule = idioms[m.group()]
            res = _NORMALIZERS[rule.normalize](run, m, rule)
            if res is not None:
                if run.in_title(res[0], res[1]):
                    cands.append(_Cand(res[0], res[1], 50, 0, None))
                else:
                    cands.append(_Cand(res[0], res[1], 50, 0, rule, res[2]))
            continue
        rule = rules[i - 1]
        if rule.normalize in _POSITION_FREE:
            # the value depends only on the matched text (and ref_date): memoize
            key = (i, m.group())
            hit = memo.get(key, _MISS)
            if hit is _MISS:
                res = _NORMALIZERS[rule.normalize](run, m, rule)
                hit = memo[key] = None if res is None else (
                    res[0] - m.start(), res[1] - m.start(), res[2], res[3]
                )
            if hit is None:
                continue
            start, end, value, when = m.start() + hit[0], m.start() + hit[1], hit[2], hit[3]
        else:
            res = _NORMALIZERS[rule.normalize](run, m, rule)
            if res is None:
                continue
            start, end, value, when = res
        if start >= end:
            continue
        if (rule.filters and not run.passes(rule, start, end, when)) or run.in_title(start, end):
            cands.append(_Cand(start, end, rule.priority, i, None))
        else:
            cands.append(_Cand(start, end, rule.priority, i, rule, value))
    _add_stops(text, data, cands)
    out = []
    for c in _resolve(cands):
        if c.rule is None:
            continue
        out.append(Span(c.start, c.end, text[c.start:c.end], c.rule.type, _copy(c.value), c.rule.id))
    return out
