"""Regex scanning that skips to the characters a match can start with.

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
from typing import Iterator


def finditer(pattern: re.Pattern, starts: re.Pattern, text: str) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern whose every match is non-empty
    and begins with a character that ``starts`` (one character class) matches.

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
