"""Containment queries over sorted spans in O(log n), so document-level steps
stay linear on texts with hundreds of thousands of clauses."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Generic, Sequence, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Items with (start, end), queried by the window they fall in.

    ``inside(s, e)`` returns the items with s <= start and end <= e.
    ``covering(s, e)`` tells whether some item has start <= s and e <= end —
    for non-overlapping items (headings), which is what callers pass.
    """

    def __init__(self, items: Sequence[T], key=lambda x: (x[0], x[1])):
        decorated = sorted(((key(x)[0], key(x)[1], i) for i, x in enumerate(items)))
        self._items = [items[i] for _, _, i in decorated]
        self._starts = [s for s, _, _ in decorated]
        self._ends = [e for _, e, _ in decorated]

    def inside(self, start: int, end: int) -> list[T]:
        """The items whose spans lie within [start, end]."""
        lo = bisect_left(self._starts, start)
        hi = bisect_right(self._starts, end)
        return [self._items[i] for i in range(lo, hi) if self._ends[i] <= end]

    def covering(self, start: int, end: int) -> bool:
        """Whether an item's span covers [start, end]."""
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self._ends[i] >= end
