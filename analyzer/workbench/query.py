"""Directives filtered without SQL (``analyzer query``): "what was 巡察办 told
to do, and by when".

Filters combine with AND; a filter given several values (``--category`` twice)
matches any of them.  Text filters (party, issuer) match a part of the name.
A date range is on the document's date; a document with only a year (from its
title or file name) is compared by its year.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .schema import positions
from .tables import exploded

D, PARTY, T = (positions(t) for t in ("directives", "parties", "time_limits"))
COLUMNS = ("doc_id", "date", "directive_no", "category", "modality", "issuer", "parties", "time_limits", "by_date",
           "section_path", "text")


@dataclass(frozen=True)
class Filters:
    """What a directive must have to be listed (None or empty: anything)."""
    party: str | None = None
    categories: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    issuer: str | None = None
    pattern: re.Pattern | None = None


def _in_range(key: str | None, since: str | None, until: str | None) -> bool:
    if not since and not until:
        return True
    if not key:
        return False
    # A year-only key is compared with the bound's year: 2006 is inside 2005-03-01..2006-06-30.
    return (not since or key >= since[:len(key)]) and (not until or key <= until[:len(key)])


def matches(doc: dict, d: tuple, parties: list[tuple], limits: list[tuple], f: Filters) -> bool:
    """Whether directive ``d`` (a row of tables.explode) of ``doc`` passes
    ``f``, but for the date range, which ``select`` checks once a document."""
    if f.categories and d[D["category"]] not in f.categories:
        return False
    if f.party and not any(f.party in (p[PARTY["text"]] or "") or f.party in (p[PARTY["name"]] or "")
                           for p in parties):
        return False
    if f.types and not any(t[T["type"]] in f.types for t in limits):
        return False
    if f.issuer and not (f.issuer in (d[D["issuer"]] or "") or f.issuer in (doc.get("issuer") or "")):
        return False
    return not f.pattern or bool(f.pattern.search(d[D["text"]] or ""))


def select(records, f: Filters, user=None, on_error=None):
    """The rows (dicts over COLUMNS) of the directives in ``records`` that pass ``f``."""
    for rec, parts in exploded(records, user, on_error):
        doc = parts["documents"][0]
        if not _in_range(doc.get("date") or (str(doc["year"]) if doc.get("year") else None), f.since, f.until):
            continue
        for d in parts["directives"]:
            no = d[D["directive_no"]]
            parties = [p for p in parts["parties"] if p[PARTY["directive_no"]] == no]
            limits = [t for t in parts["time_limits"] if t[T["directive_no"]] == no]
            if not matches(doc, d, parties, limits, f):
                continue
            dates = sorted(t[T["by_date"]] for t in limits if t[T["by_date"]])
            yield {"doc_id": doc["doc_id"], "date": doc.get("date") or doc.get("year"), "directive_no": no,
                   "category": d[D["category"]], "modality": d[D["modality"]], "issuer": d[D["issuer"]],
                   "parties": "、".join(p[PARTY["name"]] or "" for p in parties),
                   "time_limits": "；".join(f"{t[T['text']]}({t[T['type']]})" for t in limits),
                   "by_date": dates[0] if dates else None, "section_path": d[D["section_path"]],
                   "text": d[D["text"]]}


def width(text: str) -> int:
    """Columns a text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fit(text: str, cols: int) -> str:
    text = " ".join(text.split())  # a cell is one line
    if width(text) > cols:
        out, used = [], 0
        for c in text:
            if used + width(c) > cols - 1:
                break
            out.append(c)
            used += width(c)
        text = "".join(out) + "…"
    return text + " " * (cols - width(text))


TABLE = (("doc_id", 18), ("date", 10), ("category", 10), ("parties", 16), ("time_limits", 16), ("by_date", 10),
         ("text", 40))


def format_rows(rows: list[dict]) -> str:
    """A fixed-width table of the rows, the long cells cut with an ellipsis."""
    lines = ["  ".join(_fit(name, w) for name, w in TABLE).rstrip()]
    for r in rows:
        lines.append("  ".join(_fit(str(r[name] if r[name] is not None else ""), w) for name, w in TABLE).rstrip())
    return "\n".join(lines)
