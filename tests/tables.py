"""Check a data table in one test that reports every failing row.

A table of hundreds of rows parametrized row by row costs pytest a test item
a row (collection, fixtures, reporting: most of the fast run's time for
5,000 rows) and floods the report when a rule changes.  ``every_row`` turns
a check of one row into one test that runs it on every row and, when any
fail, fails once listing each failing row with its message.
"""
from __future__ import annotations

from typing import Callable, Iterable


def every_row(rows: Iterable, name: Callable[[object], str]):
    """Decorator: ``check(row)`` (asserting on one row) becomes a test of every row of ``rows``."""
    rows = list(rows)

    def wrap(check):
        def test():
            failures = []
            for row in rows:
                try:
                    check(row)
                except Exception as exc:  # an AssertionError, or a row that breaks the check (a missing key)
                    message = str(exc).strip() or type(exc).__name__
                    failures.append(f"{name(row)}: {message}")
            assert not failures, f"{len(failures)} of {len(rows)} rows fail:\n" + "\n".join(failures)

        # Not functools.wraps: pytest would read the check's (row) argument as a fixture.
        test.__name__, test.__qualname__, test.__doc__ = check.__name__, check.__qualname__, check.__doc__
        test.__module__ = check.__module__
        return test

    return wrap
