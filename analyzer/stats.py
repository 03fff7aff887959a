"""Figures of a batch's results: one row per document, and corpus totals.

Reads the JSON Lines that ``analyzer batch`` writes (or ``analyze`` prints),
one record at a time, so a results file of any size is summarized in constant
memory.  Nothing is re-analyzed: counts come from the record's lists, top
terms from its ``top_terms`` (or, failing that, its ``tokens``).

Category columns count directives (``directives_<category>``, docs/CONTRACT.md §3:
every directive has a category) and problems (``problems_<category>``)
separately: a clause can be both, and mixing the two would count it twice.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Iterator

from .categories import CATEGORIES
from .readers import InputError

COUNTS = ("length", "sentences", "directives", "parties", "time_limits", "problems",
          *(f"directives_{c}" for c in CATEGORIES), *(f"problems_{c}" for c in CATEGORIES))
COLUMNS = ("id", "source", *COUNTS[:3], "directive_density", *COUNTS[3:], "top_terms")
CORPUS_TOP_TERMS = 30


def read_results(path: str) -> Iterator[dict | InputError]:
    """The records of a results file; a line that is not a record yields an
    InputError in its place (the others are still read).  The file is opened
    at once, so a missing one is an InputError before anything is written."""
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    return _records(fh, path)


def looks_like_results(path: str) -> bool:
    """Whether the first non-blank line of ``path`` is an analyzer record (a
    JSON object with ``text`` and ``directives``), so that a file of another
    kind is refused in one line instead of an error per line.  An empty file
    is results of nothing.  Unreadable files are left to ``read_results``."""
    try:
        with open(path, "rb") as fh:
            for line in fh:
                if line.strip():
                    try:
                        rec = json.loads(line)
                    except ValueError:
                        return False
                    return isinstance(rec, dict) and isinstance(rec.get("text"), str) and "directives" in rec
    except OSError:
        return True
    return True


def _records(fh, path: str) -> Iterator[dict | InputError]:
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as exc:
                yield InputError(f"{path}:{lineno}", f"not a JSON record ({exc})"[:200])
                continue
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                yield InputError(f"{path}:{lineno}", "not an analyzer record (no \"text\")")
                continue
            yield rec


def source_of(rec: dict) -> str:
    """A record's source as file or file:line."""
    src = rec.get("source") or {}
    path = src.get("path") or ""
    return f"{path}:{src['line']}" if path and src.get("line") is not None else path


def terms_of(rec: dict) -> list[tuple[str, int]]:
    """A record's top terms: its own list, else counted from its tokens."""
    if isinstance(rec.get("top_terms"), list):
        return [(str(t), int(n)) for t, n in rec["top_terms"]]
    if isinstance(rec.get("tokens"), list):
        from .terms import top_terms

        return [(t, n) for t, n in top_terms(rec["tokens"])]
    return []


def _categories(items: list, prefix: str) -> dict[str, int]:
    counts = Counter(i.get("category") if i.get("category") in CATEGORIES else "other" for i in items)
    return {f"{prefix}_{c}": counts.get(c, 0) for c in CATEGORIES}


def density(directives: int, length: int) -> float:
    """Directives per 1,000 characters."""
    return round(1000 * directives / length, 2) if length else 0.0


def row(rec: dict) -> dict:
    """The per-document row of a record (the values of COLUMNS)."""
    directives = rec.get("directives") or []
    problems = rec.get("problems") or []
    length = len(rec.get("text") or "")
    out = {"id": rec.get("id", ""), "source": source_of(rec), "length": length,
           "sentences": len(rec.get("sentences") or []), "directives": len(directives),
           "directive_density": density(len(directives), length), "parties": len(rec.get("parties") or []),
           "time_limits": len(rec.get("time_limits") or []), "problems": len(problems)}
    out.update(_categories(directives, "directives"))
    out.update(_categories(problems, "problems"))
    out["top_terms"] = " ".join(f"{t}:{n}" for t, n in terms_of(rec))
    return out


@dataclass
class Totals:
    """The corpus totals summed over the records' rows."""
    documents: int = 0
    sums: Counter = field(default_factory=Counter)
    parties: set = field(default_factory=set)
    terms: Counter = field(default_factory=Counter)
    bad_lines: int = 0

    def add(self, rec: dict, r: dict) -> None:
        """Add one record and its CSV row to the totals."""
        self.documents += 1
        self.sums.update({k: r[k] for k in COUNTS})
        self.parties.update(p.get("text") for p in rec.get("parties") or [] if isinstance(p, dict))
        self.terms.update(dict(terms_of(rec)))

    def items(self) -> list[tuple[str, object]]:
        """(field, value) pairs; ``top_terms`` sums the documents' own top
        lists, so it is exact for frequent terms and approximate in its tail."""
        out: list[tuple[str, object]] = [("documents", self.documents)]
        for k in COUNTS:
            out.append((k, self.sums[k]))
            if k == "directives":
                out.append(("directive_density", density(self.sums[k], self.sums["length"])))
            if k == "parties":
                out.append(("distinct_parties", len(self.parties - {None})))
        out.append(("top_terms", " ".join(f"{t}:{n}" for t, n in self.terms.most_common(CORPUS_TOP_TERMS))))
        if self.bad_lines:
            out.append(("unreadable_lines", self.bad_lines))
        return out


def write_rows(records, out: IO[str], on_error=None, keep: list | None = None) -> Totals:
    """Write the per-document CSV of ``records`` to ``out`` and return the
    totals; ``keep`` (a list) collects the rows, for a plot."""
    import csv

    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    totals = Totals()
    for rec in records:
        if isinstance(rec, InputError):
            totals.bad_lines += 1
            if on_error:
                on_error(str(rec))
            continue
        r = row(rec)
        writer.writerow(r)
        totals.add(rec, r)
        if keep is not None:
            keep.append(r)
    return totals


def write_totals(totals: Totals, out: IO[str]) -> None:
    """Write the totals as a two-column CSV (field, value)."""
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["field", "value"])
    writer.writerows(totals.items())


def format_totals(totals: Totals) -> str:
    """The totals as aligned text lines."""
    items = totals.items()
    width = max(len(k) for k, _ in items)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in items)
