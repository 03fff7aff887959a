"""The matcher: every rule run over the text, normalized, filtered, and the
overlapping candidates resolved (``analyzer.extract.candidates``)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from analyzer.spans import Span

from ..candidates import Candidate, resolve
from .load import load_data
from .normalizers import NORMALIZERS
from .run import _MISS, _Run
from .schema import STOP_PRIORITY, TimeData



def _copy(value: Any) -> Any:
    """A private copy of a (memoized) value for each span."""
    if isinstance(value, dict):
        if not any(isinstance(v, (dict, list)) for v in value.values()):
            return dict(value)
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _add_stops(text: str, data: TimeData, cands: list[Candidate]) -> None:
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
            cands.append(Candidate(m.start(), m.end(), STOP_PRIORITY, 0, None))


def find_time_limits(text: str, ref_date: dt.date | None = None, *, data: TimeData | None = None) -> list[Span]:
    """All time limits in ``text`` (a clause or a whole normalized document).

    ``ref_date`` (the document's own date, or the one given by the user) turns
    relative deadlines and dates into ISO dates and decides whether a bare date
    lies ahead.  Spans are sorted by start and never overlap.  ``data``: rule
    data other than the shipped one (``load_data(folder)``).
    """
    if not text:
        return []
    if isinstance(ref_date, dt.datetime):
        ref_date = ref_date.date()
    data = data or load_data()
    run = _Run(text, ref_date, data)
    cands: list[Candidate] = []
    rules = data.rules
    idioms = data.idioms
    memo: dict[tuple[int, str], Any] = {}
    for i, m in data.dispatch.matches(text):
        if i == 0:  # an idiom
            rule = idioms[m.group()]
            res = NORMALIZERS[rule.normalize].fn(run, m, rule)
            if res is not None:
                if run.in_title(res[0], res[1]):
                    cands.append(Candidate(res[0], res[1], 50, 0, None))
                else:
                    cands.append(Candidate(res[0], res[1], 50, 0, rule, res[2]))
            continue
        rule = rules[i - 1]
        norm = NORMALIZERS[rule.normalize]
        if norm.position_free:
            # the value depends only on the matched text (and ref_date): memoize
            key = (i, m.group())
            hit = memo.get(key, _MISS)
            if hit is _MISS:
                res = norm.fn(run, m, rule)
                hit = memo[key] = None if res is None else (
                    res[0] - m.start(), res[1] - m.start(), res[2], res[3]
                )
            if hit is None:
                continue
            start, end, value, when = m.start() + hit[0], m.start() + hit[1], hit[2], hit[3]
        else:
            res = norm.fn(run, m, rule)
            if res is None:
                continue
            start, end, value, when = res
        if start >= end:
            continue
        if (rule.filters and not run.passes(rule, start, end, when)) or run.in_title(start, end):
            cands.append(Candidate(start, end, rule.priority, i, None))
        else:
            cands.append(Candidate(start, end, rule.priority, i, rule, value))
    _add_stops(text, data, cands)
    out = []
    for c in resolve(cands):
        if c.rule is None:
            continue
        out.append(Span(c.start, c.end, text[c.start:c.end], c.rule.type, _copy(c.value), c.rule.id))
    return out
