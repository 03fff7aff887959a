"""The rectification list's data (整改台账, SPEC section 7): a ``Ledger`` of
``Row`` tasks, each with its ``Responsible`` bodies and roles and the
``Source`` spans it came from.  No linking or merging here (``linking``,
``merging``); exports read only this."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from ..categories import CATEGORIES  # noqa: F401 (the list's category codes, re-exported by build)



@dataclass(frozen=True)
class Responsible:
    """A body or role named responsible in a row (``name`` normalized)."""
    name: str
    text: str                  # as first written
    kind: str                  # body | role
    role: str | None = None    # lead | support | supervise
    inherited: bool = False    # only ever named earlier in the paragraph

    def to_dict(self) -> dict:
        """The body or role as in the JSON export."""
        return {"name": self.name, "text": self.text, "kind": self.kind, "role": self.role,
                "inherited": self.inherited}


@dataclass(frozen=True)
class Source:
    """Where a row came from in one document; offsets into its normalized text."""
    doc: str
    title: str | None
    section: tuple[str, ...]
    problems: tuple[tuple[int, int], ...]
    measures: tuple[tuple[int, int], ...]
    span: tuple[int, int]      # the passage holding the problem, the measures and every party named
    link: str                  # frame | sentence | section | none | manual (a row added by hand)
    original: dict = field(default_factory=dict, compare=False)  # the same spans in the original input
    cite: dict = field(default_factory=dict, compare=False)      # section title, paragraph, page (cite.py)
    page: int | None = field(default=None, compare=False)        # PDF/images: the page of the first span

    def to_dict(self) -> dict:
        """The source as in the JSON export."""
        out = {"doc": self.doc, "title": self.title, "section": list(self.section), "link": self.link,
               "problems": [{"start": s, "end": e} for s, e in self.problems],
               "measures": [{"start": s, "end": e} for s, e in self.measures],
               "span": {"start": self.span[0], "end": self.span[1]}}
        if self.original:
            out["original"] = self.original
        if self.cite:
            out["cite"] = self.cite
        if self.page:   # (a task table's source keeps its page under "table")
            out["page"] = self.page
        return out


@dataclass
class Row:
    """One task of the list: problem, category, measures, who, by when, and its sources."""
    problem: str                       # "" when the task states no problem
    category: str
    measures: list[str]
    bodies: list[Responsible]
    roles: list[Responsible]
    time_limits: list[dict]            # {"text", "type", "value"}
    sources: list[Source]
    problem_category: str | None = None
    no: int = 0

    @property
    def time_limit(self) -> str:
        """The row's time limits as one cell, joined with ；."""
        return "；".join(t["text"] for t in self.time_limits)

    @property
    def link(self) -> str:
        """How the row was linked in its first source (frame, sentence, section, none, manual)."""
        return self.sources[0].link if self.sources else "none"

    def to_dict(self) -> dict:
        """The row as in the JSON export."""
        return {"no": self.no, "problem": self.problem, "category": self.category,
                "problem_category": self.problem_category, "measures": list(self.measures),
                "bodies": [b.to_dict() for b in self.bodies], "roles": [r.to_dict() for r in self.roles],
                "time_limit": self.time_limit, "time_limits": list(self.time_limits), "link": self.link,
                "sources": [s.to_dict() for s in self.sources]}


@dataclass
class Ledger:
    """The rectification list: its rows, the documents they came from, what was left out."""
    rows: list[Row]
    documents: list[dict]              # {"id", "title", "rows", "unaddressed"}
    unaddressed: list[dict] = field(default_factory=list)   # problems with no measure (never rows)
    skipped: list[dict] = field(default_factory=list)       # directives not made rows, with the reason
    threshold: float = 0.0

    @property
    def title(self) -> str:
        """The list's title, from its documents' titles."""
        names = [d.get("title") or d["id"] for d in self.documents]
        if not names:
            return "整改台账"
        if len(names) == 1:
            return f"《{names[0]}》整改台账"
        return f"《{names[0]}》等{len(names)}份材料整改台账"

    def renumber(self) -> None:
        """Number the rows 1, 2, … in list order and count each document's rows
        and problems with no measure (after building, or after rows were edited)."""
        for i, row in enumerate(self.rows, 1):
            row.no = i
        rows = Counter(doc for r in self.rows for doc in {s.doc for s in r.sources})
        unaddressed = Counter(u["doc"] for u in self.unaddressed)
        for d in self.documents:
            d["rows"] = rows[d["id"]]
            d["unaddressed"] = unaddressed[d["id"]]

    def rows_of(self, doc_id: str) -> list[Row]:
        """The rows with a source in document ``doc_id``."""
        return [r for r in self.rows if any(s.doc == doc_id for s in r.sources)]

    def to_dict(self) -> dict:
        """The list as in the JSON export (before the export's own additions)."""
        return {"title": self.title, "documents": self.documents, "rows": [r.to_dict() for r in self.rows],
                "unaddressed": self.unaddressed, "skipped": self.skipped,
                "merge": {"method": "character-bigram Jaccard", "threshold": self.threshold}}


def join_problems(texts: Iterable[str]) -> str:
    """Problem texts of one row as one cell: clauses that end a sentence or a
    clause run on, others are joined with `；`."""
    out = ""
    for t in texts:
        t = t.strip()
        if out and out[-1] not in "。！？!?；;":
            out += "；"
        out += t
    return out
