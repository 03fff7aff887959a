"""The shared candidate model: a span some rule proposes, and the resolution
of overlapping candidates into the non-overlapping winners.

An extractor proposes ``Candidate``s (a rule's match, or a blocker: a stop
phrase or a match that failed a context filter, with ``rule=None``), then
``resolve`` keeps, in each cluster of overlapping candidates, the longest,
then the one of higher priority, then the earlier, then the one of the
earlier rule; blockers win like the others and hide what they overlap.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Candidate:
    """A proposed span: its rule (None for a blocker), priority, rule order and value."""
    start: int
    end: int
    priority: int
    order: int
    rule: Any  # None: a blocker (stop phrase, or a candidate that failed a filter)
    value: Any = None


def resolve(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping winners: longest first, then priority, then earliest, then
    rule order (blockers included: the caller drops them afterwards)."""
    if not cands:
        return []
    cands.sort(key=lambda c: (c.start, c.end))
    chosen: list[Candidate] = []
    cluster: list[Candidate] = []
    cluster_end = -1

    def flush() -> None:
        if not cluster:
            return
        if len(cluster) == 1:
            chosen.append(cluster[0])
            return
        base = cluster[0].start
        taken = bytearray(cluster_end - base)
        for c in sorted(cluster, key=lambda c: (-(c.end - c.start), -c.priority, c.start, c.order)):
            lo, hi = c.start - base, c.end - base
            if not any(taken[lo:hi]):
                taken[lo:hi] = b"\x01" * (hi - lo)
                chosen.append(c)

    for c in cands:
        if c.start >= cluster_end:
            flush()
            cluster = [c]
            cluster_end = c.end
        else:
            cluster.append(c)
            cluster_end = max(cluster_end, c.end)
    flush()
    chosen.sort(key=lambda c: c.start)
    return chosen
