"""Edits of a text that remember where every character came from.

Each normalization step proposes ``Edit``s (replace ``text[start:end]`` with
``replacement``); ``apply_edits`` performs them and returns an ``OffsetMap`` from
the new text back to the old.  Steps that only swap characters one for one
(width, script conversion) need no map at all, which keeps the hot path cheap.

A map is a list of segments ``(new_start, old_start, new_len, old_len)``
covering both texts in order; a segment with equal lengths maps character for
character, a segment with different lengths (a replacement, or a deletion with
``new_len == 0``) maps its inside to its old start and its end to its old end.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``; ``kind`` (when set) reports it in ``removed``."""
    start: int
    end: int
    replacement: str = ""
    # When set, the old text is reported to the user as removed (boilerplate,
    # pinyin, gap, damaged, metadata); None is a silent rewrite (line endings,
    # stray whitespace).
    kind: str | None = None
    detail: dict | None = field(default=None, compare=False)


Segment = tuple[int, int, int, int]


class OffsetMap:
    """Maps offsets between a derived text and the text it came from."""

    __slots__ = ("_segments", "_new_starts", "_old_starts", "new_len", "old_len", "_np")

    def __init__(self, segments: list[Segment], new_len: int, old_len: int):
        self._segments = segments
        self._new_starts = [s[0] for s in segments]
        self._old_starts = [s[1] for s in segments]
        self.new_len = new_len
        self.old_len = old_len
        self._np = None

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        """The map of a text of ``length`` characters left as it was."""
        return cls([(0, 0, length, length)], length, length)

    def _find(self, key: int, starts: list[int], which: int) -> Segment | None:
        # The segment whose [start, start+len) on side `which` holds key.
        # Segments empty on that side (deletions seen from the new text) never
        # hold a character; bisect lands after them, so step back past them.
        i = bisect_right(starts, key) - 1
        while i >= 0:
            seg = self._segments[i]
            length = seg[2 + which]
            if length > 0:
                return seg if seg[which] <= key < seg[which] + length else None
            i -= 1
        return None

    def start(self, pos: int) -> int:
        """Old offset of the character at new offset ``pos`` (a span start)."""
        if pos >= self.new_len:
            return self.old_len
        seg = self._find(max(pos, 0), self._new_starts, 0)
        if seg is None:
            return 0
        new_start, old_start, new_len, old_len = seg
        return old_start + (max(pos, 0) - new_start) if new_len == old_len else old_start

    def end(self, pos: int) -> int:
        """Old offset just after the character before new offset ``pos`` (a span end)."""
        if pos <= 0:
            return self.start(0) if self.new_len else 0
        pos = min(pos, self.new_len)
        seg = self._find(pos - 1, self._new_starts, 0)
        if seg is None:
            return self.old_len
        new_start, old_start, new_len, old_len = seg
        return old_start + (pos - new_start) if new_len == old_len else old_start + old_len

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The old span of the new span ``start:end`` (an insertion point for an empty one)."""
        if start >= end:  # an insertion point (e.g. where boilerplate was cut)
            s = self.start(start)
            return s, s
        return self.start(start), self.end(end)

    def _arrays(self):
        """Segments as numpy arrays, split by side: (characters on the new side),
        (characters on the old side).  Built once, on first batch query."""
        cached = self._np
        if cached is None:
            import numpy as np

            seg = np.array(self._segments, dtype=np.int64).reshape(-1, 4)
            new_side = seg[seg[:, 2] > 0]
            old_side = seg[seg[:, 3] > 0]
            cached = (new_side, old_side)
            self._np = cached
        return cached

    def start_many(self, pos):
        """``start`` for an array of offsets (vectorized)."""
        import numpy as np

        new_side, _ = self._arrays()
        pos = np.asarray(pos, dtype=np.int64)
        out = np.full(pos.shape, self.old_len, dtype=np.int64)
        if len(new_side) == 0:
            return out
        i = np.searchsorted(new_side[:, 0], pos, side="right") - 1
        ok = (i >= 0) & (pos < self.new_len)
        seg = new_side[np.clip(i, 0, None)]
        inside = ok & (pos < seg[:, 0] + seg[:, 2])
        same = seg[:, 2] == seg[:, 3]
        val = np.where(same, seg[:, 1] + (pos - seg[:, 0]), seg[:, 1])
        out[inside] = val[inside]
        out[ok & ~inside] = 0
        return out

    def end_many(self, pos):
        """``end`` for an array of offsets (vectorized)."""
        import numpy as np

        new_side, _ = self._arrays()
        pos = np.minimum(np.asarray(pos, dtype=np.int64), self.new_len)
        out = np.full(pos.shape, self.old_len, dtype=np.int64)
        if len(new_side) == 0:
            return out
        i = np.searchsorted(new_side[:, 0], pos - 1, side="right") - 1
        seg = new_side[np.clip(i, 0, None)]
        inside = (i >= 0) & (pos - 1 < seg[:, 0] + seg[:, 2]) & (pos > 0)
        same = seg[:, 2] == seg[:, 3]
        val = np.where(same, seg[:, 1] + (pos - seg[:, 0]), seg[:, 1] + seg[:, 3])
        out[inside] = val[inside]
        zero = pos <= 0
        if zero.any():
            out[zero] = self.start(0) if self.new_len else 0
        return out

    def forward_many(self, old_pos):
        """``forward`` for an array of offsets (vectorized)."""
        import numpy as np

        _, old_side = self._arrays()
        pos = np.maximum(np.asarray(old_pos, dtype=np.int64), 0)
        out = np.full(pos.shape, self.new_len, dtype=np.int64)
        if len(old_side) == 0:
            return out
        i = np.searchsorted(old_side[:, 1], pos, side="right") - 1
        seg = old_side[np.clip(i, 0, None)]
        ok = (pos < self.old_len)
        inside = ok & (i >= 0) & (pos < seg[:, 1] + seg[:, 3])
        same = seg[:, 2] == seg[:, 3]
        val = np.where(same, seg[:, 0] + (pos - seg[:, 1]), seg[:, 0])
        out[inside] = val[inside]
        out[ok & ~inside] = 0
        return out

    def forward(self, old_pos: int) -> int:
        """New offset where old offset ``old_pos`` ended up (a point)."""
        old_pos = max(old_pos, 0)
        if old_pos >= self.old_len:
            return self.new_len
        seg = self._find(old_pos, self._old_starts, 1)
        if seg is None:
            return 0
        new_start, old_start, new_len, old_len = seg
        return new_start + (old_pos - old_start) if new_len == old_len else new_start


class OffsetChain:
    """The maps of successive steps: original -> step 1 -> ... -> final."""

    __slots__ = ("maps",)

    def __init__(self, maps: list[OffsetMap] | None = None):
        self.maps = list(maps or [])

    def append(self, m: OffsetMap | None) -> None:
        """Add the map of one more stage (None: the stage changed nothing)."""
        if m is not None:
            self.maps.append(m)

    def __len__(self) -> int:
        return len(self.maps)

    def to_original(self, start: int, end: int, upto: int | None = None) -> tuple[int, int]:
        """Map a span of the text after ``upto`` maps (default: all) to the original."""
        maps = self.maps if upto is None else self.maps[:upto]
        for m in reversed(maps):
            start, end = m.span(start, end)
        return start, end

    def forward(self, pos: int, after: int = 0) -> int:
        """Map a point of the text after ``after`` maps forward to the final text."""
        for m in self.maps[after:]:
            pos = m.forward(pos)
        return pos

    def to_original_many(self, starts, ends, upto: int | None = None):
        """``to_original`` for arrays of spans (vectorized; empty spans map to a point)."""
        import numpy as np

        starts = np.asarray(starts, dtype=np.int64)
        ends = np.asarray(ends, dtype=np.int64)
        maps = self.maps if upto is None else self.maps[:upto]
        for m in reversed(maps):
            empty = starts >= ends
            s = m.start_many(starts)
            e = np.where(empty, s, m.end_many(ends))
            starts, ends = s, e
        return starts, ends

    def forward_many(self, pos, after: int = 0):
        """Positions of stage ``after`` carried forward to the final text."""
        import numpy as np

        pos = np.asarray(pos, dtype=np.int64)
        for m in self.maps[after:]:
            pos = m.forward_many(pos)
        return pos


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, OffsetMap]:
    """Apply non-overlapping edits; returns the new text and its map to ``text``.

    An edit overlapping an earlier one is dropped rather than corrupting offsets
    (steps produce non-overlapping edits; this is a guard, not a feature).
    """
    if not edits:
        return text, OffsetMap.identity(len(text))
    pieces: list[str] = []
    segments: list[Segment] = []
    old_pos = 0
    new_pos = 0

    def emit(piece: str, old_len: int) -> None:
        nonlocal old_pos, new_pos
        n = len(piece)
        pieces.append(piece)
        if n == old_len and segments and segments[-1][2] == segments[-1][3] \
                and segments[-1][0] + segments[-1][2] == new_pos:
            s = segments[-1]  # extend a one-for-one run
            segments[-1] = (s[0], s[1], s[2] + n, s[3] + n)
        elif n or old_len:
            segments.append((new_pos, old_pos, n, old_len))
        new_pos += n
        old_pos += old_len

    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < old_pos or e.end < e.start or e.end > len(text):
            continue
        if e.start > old_pos:
            emit(text[old_pos:e.start], e.start - old_pos)
        emit(e.replacement, e.end - e.start)
    if old_pos < len(text):
        emit(text[old_pos:], len(text) - old_pos)
    return "".join(pieces), OffsetMap(segments, new_pos, len(text))
