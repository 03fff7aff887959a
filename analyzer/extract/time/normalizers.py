"""The normalizers: each turns a matched rule into a value.

A normalizer registers itself with ``@normalizer(name, groups=...)``: the
named groups a pattern using it must have and its options.  patterns.toml
names normalizers; the loader checks each name against this registry."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from analyzer.extract import numerals

from .run import (DateParts, _REL_MONTH_NAME, _REL_YEAR_NAME, _Run, _last_day, _num_or_placeholder,
                  _parse_date, _resolve_month, _resolve_year)
from .schema import MonthPart, Rule, multiply_duration

# ------------------------------------------------------------- normalizers
# Each returns (start, end, value, when) or None to drop the candidate.  `when`
# is the resolved date (or None) that the need_future filter compares with the
# reference date.

_Result = tuple[int, int, Any, dt.date | None] | None


@dataclass(frozen=True)
class Normalizer:
    """A normalizer as patterns.toml may name it, with what it needs."""
    name: str
    fn: Callable[[_Run, re.Match, Rule], _Result]
    groups: tuple[str, ...] = ()   # named groups a pattern using it must have
    idiom: bool = False            # an idiom of lexicon.toml may name it too
    # The value depends only on the matched text and the reference date: the
    # matcher memoizes it per (rule, text).
    position_free: bool = False
    needs_period: bool = False     # a `period` group, or params.period


NORMALIZERS: dict[str, Normalizer] = {}


def normalizer(name: str, *, groups: tuple[str, ...] = (), idiom: bool = False,
               position_free: bool = False, needs_period: bool = False):
    """Register the decorated function as the normalizer ``name``."""
    def register(fn):
        if name in NORMALIZERS:
            raise ValueError(f"normalizer {name!r} registered twice")
        NORMALIZERS[name] = Normalizer(name, fn, tuple(groups), idiom, position_free, needs_period)
        return fn
    return register


def _span_of(m: re.Match, rule: Rule) -> tuple[int, int]:
    if rule.span_group:
        return m.start(rule.span_group), m.end(rule.span_group)
    return m.start(), m.end()


@normalizer("fixed", idiom=True, position_free=True)
def _n_fixed(run: _Run, m: re.Match, rule: Rule) -> _Result:
    s, e = _span_of(m, rule)
    return s, e, dict(rule.value), None


@normalizer("relative_date", idiom=True)
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


@normalizer("date", groups=("d",), position_free=True)
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


@normalizer("deadline", position_free=True)
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


@normalizer("deadline_weekday", groups=("wds",), position_free=True)
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


@normalizer("range", groups=("d1", "d2"), position_free=True)
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


@normalizer("within", groups=("dur",))
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


@normalizer("before_event", groups=("event",))
def _n_before_event(run: _Run, m: re.Match, rule: Rule) -> _Result:
    s, e = _span_of(m, rule)
    return s, e, {"before": m.group("event")}, None


@normalizer("duration", groups=("dur",), position_free=True)
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


@normalizer("during")
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


@normalizer("end_of")
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


@normalizer("every", position_free=True, needs_period=True)
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


@normalizer("ratio", groups=("n", "period", "act"), position_free=True)
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


@normalizer("cadence")
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
