"""Figures per group of documents (``analyzer compare --by …``).

A group is the documents that share a value of a ``documents`` column: year,
issuer, speaker, genre or a column of the user's ``--meta``.  Per group:
directives per 10,000 characters, the category shares of directives and of
problems (each sums to 1 where the group has any), the share of directives
with a party and with a deadline, the median deadline horizon (days from the
document's date to the deadline), the top parties and top terms, and the
counts behind every share, so a reader can judge a small group.
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from ..stats import CATEGORIES, terms_of
from .schema import positions
from .tables import exploded

TOP = 5
NONE = "(none)"
D, P, T, PARTY = (positions(t) for t in ("directives", "problems", "time_limits", "parties"))


@dataclass
class Group:
    """What is summed over a group's documents."""
    documents: int = 0
    length: int = 0
    directives: Counter = field(default_factory=Counter)
    problems: Counter = field(default_factory=Counter)
    with_party: int = 0
    with_deadline: int = 0
    horizons: list = field(default_factory=list)
    parties: Counter = field(default_factory=Counter)
    terms: Counter = field(default_factory=Counter)

    def add(self, parts: dict, terms) -> None:
        """Count one document (its tidy-table rows ``parts`` and its terms) into the group."""
        self.documents += 1
        self.length += parts["documents"][0]["length"]
        for d in parts["directives"]:
            self.directives[_category(d[D["category"]])] += 1
            self.with_party += d[D["parties"]] > 0
            self.with_deadline += d[D["has_deadline"]]
        self.problems.update(_category(p[P["category"]]) for p in parts["problems"])
        self.horizons.extend(t[T["days_from_doc"]] for t in parts["time_limits"]
                             if t[T["type"]] == "deadline" and t[T["days_from_doc"]] is not None)
        self.parties.update(p[PARTY["name"]] for p in parts["parties"])
        self.terms.update(dict(terms))


def _category(c) -> str:
    return c if c in CATEGORIES else "other"


def _share(n: int, total: int) -> float | None:
    # Not rounded: a group's shares sum to 1 (to the float's precision).
    return n / total if total else None


def group_key(doc: dict, by: str):
    """The group of a ``documents`` row (``NONE`` when it has no value)."""
    value = doc.get(by)
    return NONE if value is None or value == "" else value


def collect(records, by: str, user=None, on_error=None) -> dict:
    """Groups of ``records`` by the ``documents`` column ``by``, in sorted order."""
    groups: dict = {}
    for rec, parts in exploded(records, user, on_error):
        doc = parts["documents"][0]
        groups.setdefault(group_key(doc, by), Group()).add(parts, terms_of(rec))
    # Numbers (years) in numeric order, the ungrouped last.
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == NONE, not isinstance(kv[0], int), kv[0]
                                                       if isinstance(kv[0], int) else str(kv[0]))))


def columns(by: str) -> list[str]:
    """The columns of the groups table, the group first under the name ``by``."""
    return [by, "documents", "characters", "directives", "directives_per_10k",
            *(f"directives_{c}" for c in CATEGORIES), *(f"directives_share_{c}" for c in CATEGORIES),
            "problems", *(f"problems_{c}" for c in CATEGORIES), *(f"problems_share_{c}" for c in CATEGORIES),
            "directives_with_party", "share_with_party", "directives_with_deadline", "share_with_deadline",
            "deadlines_dated", "median_deadline_days", "top_parties", "top_terms"]


def rows(groups: dict, by: str) -> list[dict]:
    """One row a group (the values of ``columns(by)``)."""
    out = []
    for key, g in groups.items():
        n, p = sum(g.directives.values()), sum(g.problems.values())
        row = {by: key, "documents": g.documents, "characters": g.length, "directives": n,
               "directives_per_10k": round(10_000 * n / g.length, 2) if g.length else None}
        row.update({f"directives_{c}": g.directives[c] for c in CATEGORIES})
        row.update({f"directives_share_{c}": _share(g.directives[c], n) for c in CATEGORIES})
        row["problems"] = p
        row.update({f"problems_{c}": g.problems[c] for c in CATEGORIES})
        row.update({f"problems_share_{c}": _share(g.problems[c], p) for c in CATEGORIES})
        row.update({"directives_with_party": g.with_party, "share_with_party": _share(g.with_party, n),
                    "directives_with_deadline": g.with_deadline, "share_with_deadline": _share(g.with_deadline, n),
                    "deadlines_dated": len(g.horizons),
                    "median_deadline_days": statistics.median(g.horizons) if g.horizons else None,
                    "top_parties": " ".join(f"{t}:{c}" for t, c in g.parties.most_common(TOP)),
                    "top_terms": " ".join(f"{t}:{c}" for t, c in g.terms.most_common(TOP * 2))})
        out.append(row)
    return out
