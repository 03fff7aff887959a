"""One call of ``find_time_limits``: the date helpers and ``_Run``, the text,
reference date and data the normalizers and context filters look at."""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass

from analyzer.extract import numerals

from .schema import Rule, TimeData, _TRAILING_CJK, _duration_components, multiply_duration

# ------------------------------------------------------------- date helpers

_REL_YEAR_NAME = {0: "this_year", 1: "next_year", 2: "year_after_next"}
_REL_MONTH_NAME = {0: "this_month", 1: "next_month"}


@dataclass
class DateParts:
    """A date as written: absolute or relative year and month, day, placeholder."""
    year: int | None = None
    year_offset: int | None = None  # 今年 0, 明年 1
    month: int | None = None
    month_offset: int | None = None  # 本月 0, 下月 1 (month relative to the reference)
    day: int | None = None
    placeholder: bool = False

    @property
    def has_month(self) -> bool:
        """Whether a month (absolute or relative) is given."""
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


_MISS = object()  # a memo miss (None is a memoized "no match")


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


