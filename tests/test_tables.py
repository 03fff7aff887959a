"""every_row: one test for a whole table, reporting each failing row."""
import pytest

from tables import every_row


def test_every_row_passes_when_every_row_passes():
    @every_row([1, 2, 3], name=str)
    def test_positive(n):
        assert n > 0

    test_positive()


def test_every_failing_row_is_reported_with_its_message():
    @every_row([{"id": "a", "n": 1}, {"id": "b", "n": -1}, {"id": "c"}], name=lambda r: r["id"])
    def test_positive(r):
        assert r["n"] > 0, "not positive"

    with pytest.raises(AssertionError) as exc:
        test_positive()
    text = str(exc.value)
    assert "2 of 3 rows fail" in text
    assert "b: not positive" in text and "c: 'n'" in text and "\na:" not in text


def test_a_skip_inside_the_check_skips_the_test():
    @every_row([1], name=str)
    def test_needs_something(n):
        pytest.skip("not available")

    with pytest.raises(pytest.skip.Exception):
        test_needs_something()
