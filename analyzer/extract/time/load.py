"""Loading corpora/time: read, validate and compile the four TOML files into
one ``TimeData``; every problem is a ``DataError`` naming file and rule."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from analyzer.extract import numerals
from analyzer.resources import DataError, literal_pattern, rule_loader
from analyzer.scan import Dispatch, Prefiltered

from .normalizers import NORMALIZERS
from .schema import (CJK_CLASS, FILTERS, MEASURES, NULL, PART_NAMES, PERIOD_FORMS, STOP_PRIORITY, TYPES,
                     _MACRO, MonthPart, Period, Rule, TimeData, Unit, _duration_components, is_iso_duration)

# ------------------------------------------------------------------ loading


class _Errors:
    """Collects the file name so every error names file and rule."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, what: str, msg: str) -> None:
        raise DataError.at(self.path, what, msg)


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise DataError.at(path, None, "time-limit data file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError.at(path, None, f"invalid TOML: {exc}") from None


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


def _entry(err: _Errors, kind: str, i: int, raw: dict, keys: set, seen_ids: dict[str, Path]):
    """(id, how errors name it, type) of the ``i``-th idiom or rule, checked:
    an id unique across the files, known keys, a known type."""
    rid = raw.get("id")
    what = f"{kind} {rid!r}" if rid else f"{kind} #{i + 1}"
    if not isinstance(rid, str) or not rid:
        err.fail(what, "missing id")
    if rid in seen_ids:
        err.fail(what, f"duplicate id (first defined in {seen_ids[rid]})")
    seen_ids[rid] = err.path
    extra = set(raw) - keys
    if extra:
        err.fail(what, f"unknown key(s) {sorted(extra)}")
    rtype = raw.get("type")
    if rtype not in TYPES:
        err.fail(what, f"unknown type {rtype!r} (expected one of {', '.join(TYPES)})")
    return rid, what, rtype


def _examples(err: _Errors, what: str, raw: dict) -> tuple[str, ...]:
    """A rule's ``examples``: texts in which the rule must find a time limit
    (checked by ``analyzer check-data``, see examples.py)."""
    return tuple(_str_list(err, f"{what} examples", raw.get("examples", []), allow_empty=True))


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
        rid, what, rtype = _entry(err, "idiom", i, group, _IDIOM_KEYS, seen_ids)
        normalize = group.get("normalize", "fixed")
        if normalize not in NORMALIZERS or not NORMALIZERS[normalize].idiom:
            err.fail(what, f"unknown normalize {normalize!r} for an idiom")
        value = group.get("value")
        _check_value(err, what, rtype, value)
        rule = Rule(id=rid, type=rtype, source=str(path), normalize=normalize, value=_nullify(value),
                    examples=_examples(err, what, group))
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


_RULE_KEYS = {
    "id", "type", "pattern", "normalize", "value", "span", "filters", "priority", "params", "trigger", "lookback",
    "examples",
}
_IDIOM_KEYS = {"id", "type", "value", "phrases", "normalize", "examples"}
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
        rid, what, rtype = _entry(err, "rule", i, raw, _RULE_KEYS, seen_ids)
        normalize = raw.get("normalize")
        if normalize not in NORMALIZERS:
            err.fail(what, f"unknown normalize {normalize!r} (expected one of {', '.join(NORMALIZERS)})")
        pattern = raw.get("pattern")
        if isinstance(pattern, list) and all(isinstance(p, str) for p in pattern):
            pattern = "".join(pattern)
        if not isinstance(pattern, str) or not pattern:
            err.fail(what, "pattern must be a non-empty string or list of strings")
        regex = _compile(err, what, _expand(err, what, pattern, macros))
        groups = set(regex.groupindex)
        missing = [g for g in NORMALIZERS[normalize].groups if g not in groups]
        params = raw.get("params", {})
        if not isinstance(params, dict) or set(params) - _PARAMS:
            err.fail(what, f"params must be a table with keys among {sorted(_PARAMS)}")
        if NORMALIZERS[normalize].needs_period and "period" not in groups and "period" not in params:
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
                examples=_examples(err, what, raw),
            )
        )
    return rules, macros


@rule_loader("time")
def load_data(directory: Path) -> TimeData:
    """Load, validate and compile the rule data of ``directory`` (corpora/time
    when called with no argument: loaded once, shared).

    Raises ``DataError`` naming the file and the rule for any problem: unknown
    type, bad ISO 8601 duration, duplicate id, a regex that does not compile, an
    unknown macro or normalizer, a missing named group.
    """
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
    dispatch = Dispatch(
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
        past_after=Prefiltered(ctx["past_after"]),
        past_before=Prefiltered(ctx["past_before"]),
        past_window_after=ctx["past_window_after"],
        past_window_before=ctx["past_window_before"],
        future=Prefiltered(ctx["future"]),
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
