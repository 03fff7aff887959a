"""scan.starts_of: the characters a match can start with, from the pattern."""
import re

import pytest

from analyzer import scan


@pytest.mark.parametrize("pattern, starts, absent", [
    ("[(（][a-z]+[)）]", "(（", "a)"),
    ("(?<=[一-龥])……|…{1,2}", "…", "一"),
    ("(?m)^[ \t]+|[ \t]+$", " \t", "x"),
    ("x+|某某|某", "x某", "X"),
    ("(?:ab)?c", "ac", "b"),
])
def test_starts_of_matches_the_first_characters_only(pattern, starts, absent):
    cls = scan.starts_of(re.compile(pattern))
    assert all(cls.fullmatch(ch) for ch in starts)
    assert not any(cls.fullmatch(ch) for ch in absent)


@pytest.mark.parametrize("pattern", ["a*", "\\d+", ".x", "[^a]b", "(?:a|)b?"])
def test_no_start_class_when_any_character_or_nothing_can_start(pattern):
    assert scan.starts_of(re.compile(pattern)) is None


@pytest.mark.parametrize("pattern, text", [
    ("[(（][a-z]+[)）]", "紀(ji)委（x）(1)"),
    ("x+|某某|某", "某某同志xx与某"),
])
def test_finditer_with_derived_starts_is_finditer(pattern, text):
    rx = re.compile(pattern)
    assert [m.span() for m in scan.finditer(rx, scan.starts_of(rx), text)] == [m.span() for m in rx.finditer(text)]
