"""What staff must fill in on a row, and the due date a row can be sorted by.

A row with no responsible body or person, or with no time limit, is marked so
that staff see what to fill in before sending the list on: the JSON row gets
``missing`` (``["bodies", "time_limit"]``), the exported cell reads ``待补``
(``(to fill)`` in English), and the summary sheet counts them.  A marked cell
read back from an exported list (``--update``) is an empty cell.
"""
from __future__ import annotations

import datetime as dt

MARK = {"zh": "待补", "en": "(to fill)"}
FIELDS = ("bodies", "time_limit")


def missing(row) -> list[str]:
    """The fields a row leaves to staff: ``bodies`` when it names no body and
    no person, ``time_limit`` when it has none."""
    out = []
    if not row.bodies and not row.roles:
        out.append("bodies")
    if not row.time_limits:
        out.append("time_limit")
    return out


def is_mark(cell: str) -> bool:
    """Whether a cell holds only the marker (an empty cell for a reader)."""
    return cell.strip() in MARK.values()


def due_date(row) -> dt.date | None:
    """The date a row is due by, when its time limits resolve to exactly one
    (``{"by": "2025-06-30"}``); None for none, several, or an open one."""
    dates = set()
    for t in row.time_limits:
        value = t.get("value") or {}
        by = value.get("by") if isinstance(value, dict) else None
        if by:
            try:
                dates.add(dt.date.fromisoformat(str(by)[:10]))
            except ValueError:
                return None
    return dates.pop() if len(dates) == 1 else None


def month_due(row) -> str | None:
    """``YYYY-MM`` of the row's due date, or None."""
    d = due_date(row)
    return f"{d.year}-{d.month:02d}" if d else None
