"""Merge near-duplicate rows across documents (character-bigram Jaccard),
and two rows a clerk merges by hand."""
from __future__ import annotations

import math
import re
from collections import Counter

from .model import Responsible, Row, join_problems


_NON_WORD = re.compile(r"[\W_]+")
_MARKERS = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、是要]|\d{1,2}[.、．]|第[一二三四五六七八九十]+[，、,])")


def match_key(text: str) -> str:
    """The text as compared for near-duplicates: no punctuation, spaces or outline markers."""
    return _NON_WORD.sub("", _MARKERS.sub("", text.strip()))


def bigrams(text: str) -> frozenset[str]:
    """The character bigrams of a text's match key (the key itself when shorter than two)."""
    key = match_key(text)
    if len(key) < 2:
        return frozenset({key}) if key else frozenset()
    return frozenset(key[i:i + 2] for i in range(len(key) - 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    """|a & b| / |a | b| (1 for two empty sets)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _row_text(row: Row) -> str:
    return row.problem + "".join(row.measures)


def merge_rows(rows: list[Row], threshold: float) -> list[Row]:
    """Merge near-duplicate rows from different documents, in order; the first
    row's texts stand, bodies/roles/time limits are united, sources kept.

    Each row goes to the earliest of the best-scoring earlier rows (Jaccard of
    bigrams at or above ``threshold``) that shares no document with it.  Rows
    are not compared pairwise (quadratic: a long document has tens of
    thousands of tasks): earlier rows with the same bigrams form a group, and
    a group is a candidate only when it shares a bigram with the row among
    the rarest ``n - ceil(threshold * n) + 1`` of either (two sets that share
    fewer cannot reach the threshold: prefix filtering)."""
    row_grams = [bigrams(_row_text(row)) for row in rows]
    freq = Counter(b for g in row_grams for b in g)

    def prefix(g: frozenset) -> list[str]:
        ordered = sorted(g, key=lambda b: (freq[b], b))
        return ordered[:len(ordered) - math.ceil(threshold * len(ordered) - 1e-9) + 1]

    merged: list[Row] = []
    docs: list[set[str]] = []
    group_of: dict[frozenset, int] = {}          # bigrams -> group
    group_grams: list[frozenset] = []
    members: list[list[int]] = []                # group -> its merged rows, in order
    index: dict[str, list[int]] = {}             # bigram of a group's prefix -> groups
    skip_to: dict[tuple[int, frozenset], int] = {}   # (group, documents) -> members before are taken

    def first_free(gid: int, mine: frozenset) -> int | None:
        # A member sharing a document with the row never becomes free (the
        # documents of a merged row only grow): resume where the last look stopped.
        ms = members[gid]
        k = skip_to.get((gid, mine), 0)
        while k < len(ms) and docs[ms[k]] & mine:
            k += 1
        skip_to[(gid, mine)] = k
        return ms[k] if k < len(ms) else None

    for row, g in zip(rows, row_grams):
        mine = frozenset(s.doc for s in row.sources)
        if g:
            candidates = {gid for b in prefix(g) for gid in index.get(b, ())}
        else:
            candidates = {group_of[g]} if g in group_of else set()
        best, best_score = None, 0.0
        for gid in candidates:
            other = group_grams[gid]
            shared = len(g & other)
            score = shared / (len(g) + len(other) - shared) if g else jaccard(g, other)
            if score < threshold or score < best_score:
                continue
            i = first_free(gid, mine)
            if i is not None and (score > best_score or i < best):
                best, best_score = i, score
        if best is None:
            gid = group_of.get(g)
            if gid is None:
                gid = group_of[g] = len(group_grams)
                group_grams.append(g)
                members.append([])
                for b in prefix(g):
                    index.setdefault(b, []).append(gid)
            members[gid].append(len(merged))
            merged.append(row)
            docs.append(set(mine))
            continue
        target = merged[best]
        if not target.problem and row.problem:
            target.problem = row.problem
            target.problem_category = row.problem_category
        if target.category == "other" and row.category != "other":
            target.category = row.category
        target.bodies = _unite(target.bodies, row.bodies)
        target.roles = _unite(target.roles, row.roles)
        target.time_limits = _unite_limits(target.time_limits, row.time_limits)
        target.sources += row.sources
        docs[best] |= mine
    return merged


def merge_pair(first: Row, second: Row) -> Row:
    """Two rows a clerk merges by hand into one task.  Unlike the automatic
    merge (which keeps the first row's texts, the second being a duplicate),
    both rows' texts are kept: the problems joined as ``join_problems`` joins
    them, the measures of both in order (a measure in both once).  The first
    row's category stands unless it is ``other``; bodies, roles and time limits
    are united; every source is kept."""
    measures = list(first.measures) + [m for m in second.measures if m not in first.measures]
    category = first.category if first.category != "other" else second.category
    return Row(join_problems(p for p in (first.problem, second.problem) if p.strip()), category, measures,
               _unite(first.bodies, second.bodies), _unite(first.roles, second.roles),
               _unite_limits(first.time_limits, second.time_limits), list(first.sources) + list(second.sources),
               first.problem_category or second.problem_category, first.no)


def _unite_limits(a: list[dict], b: list[dict]) -> list[dict]:
    seen = {(t["text"], t["type"]) for t in a}
    return list(a) + [t for t in b if (t["text"], t["type"]) not in seen]


def _unite(a: list[Responsible], b: list[Responsible]) -> list[Responsible]:
    out = {r.name: r for r in a}
    for r in b:
        if r.name not in out:
            out[r.name] = r
        elif out[r.name].inherited and not r.inherited:
            out[r.name] = r
    return list(out.values())


