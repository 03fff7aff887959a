"""Where can a match start: regex scanning that skips to those characters.

The one home of "scan only where a match can start" for the whole package:
``first_chars`` computes from a pattern's parse tree the characters its
matches can begin with, ``starts_of`` turns them into a one-class pattern,
``finditer`` runs a pattern only there, and ``Dispatch`` runs many patterns
(the time-limit rules) in one scan.

Python's ``re`` scans a pattern that opens with a look-behind (`(?<=[CJK])[(（]…`)
or with alternatives of mixed kinds by trying every position of the text, which
made the normalization patterns cost more than OpenCC's conversion itself, and
the outline's candidate markers ten times what the sentence split costs.  A
pattern whose matches can only begin with a few characters is run here only at
those characters (found by a one-class pattern, which ``re`` scans quickly).
The matches are exactly those of ``pattern.finditer(text)``
(tests/test_scan.py checks each pattern against it).
"""
from __future__ import annotations

import re
from typing import Any, Iterator


def starts_of(pattern: re.Pattern) -> re.Pattern | None:
    """A one-class pattern of the characters a match of ``pattern`` can start
    with; None when that is any character or the empty string matches."""
    ranges = first_chars(pattern.pattern)
    return re.compile(f"[{class_of_ranges(ranges)}]") if ranges else None


def finditer(pattern: re.Pattern, starts: re.Pattern, text: str) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern whose every match is non-empty
    and begins with a character that ``starts`` (one character class, from
    ``starts_of`` or written by hand) matches.

    ``pattern.match(text, pos)`` sees the text before ``pos``, so look-behinds
    and ``^`` behave as in a scan of the whole text."""
    search, match = starts.search, pattern.match
    pos = 0
    while True:
        c = search(text, pos)
        if c is None:
            return
        m = match(text, c.start())
        if m is None:
            pos = c.start() + 1
        else:
            yield m
            pos = m.end()


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


def class_of_ranges(ranges) -> str:
    """The inside of a character class (``[...]``) holding ``ranges``."""
    return "".join(
        f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in sorted(set(ranges))
    )


class Prefiltered:
    """``search`` that first looks for a possible first character (one fast scan)."""

    def __init__(self, regex: re.Pattern):
        self.regex = regex
        ranges = first_chars(regex.pattern)
        self.first = re.compile(f"[{class_of_ranges(ranges)}]") if ranges else None

    def search(self, text: str, pos: int, endpos: int):
        """``regex.search(text, pos, endpos)``, sooner."""
        if self.first is not None:
            m = self.first.search(text, pos, endpos)
            if m is None:
                return None
            pos = m.start()
        return self.regex.search(text, pos, endpos)


class Dispatch:
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
        self.union = re.compile(f"[{class_of_ranges(union)}]") if union else None
        self._table: dict[str, tuple[int, ...]] = {}
        self._can_start: list[dict[str, bool]] = [{} for _ in matchers]
        self.starts = [
            re.compile(f"[{class_of_ranges(r)}]") if r else re.compile("(?s).") for r in self.ranges
        ]

    def for_char(self, ch: str) -> tuple[int, ...]:
        """The patterns (without trigger) that can start with ``ch``."""
        found = self._table.get(ch)
        if found is None:
            o = ord(ch)
            found = tuple(i for i in self.first if any(lo <= o <= hi for lo, hi in self.ranges[i]))
            self._table[ch] = found
        return found

    def can_start(self, i: int, ch: str) -> bool:
        """Whether pattern ``i`` can start with ``ch``."""
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


