"""The tidy tables: their names, columns, SQL types, keys and indexes.

One id scheme joins them all: ``doc_id`` (the record's id, made unique across
the inputs by a ``#2``, ``#3`` suffix on repeats) is in every table, and each
child row is numbered from 1 within its document (``directive_no``,
``sentence_no`` …), so ``(doc_id, directive_no)`` names one directive
everywhere (``parties`` and ``time_limits`` point to it).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..stats import CATEGORIES

SCORED = CATEGORIES[:4]  # the model's scores; "other" is what is left


@dataclass(frozen=True)
class Table:
    """A table's columns ((name, SQL type) pairs), primary key, foreign keys
    ((columns, table, columns)) and the columns indexed for joins and filters."""
    name: str
    columns: tuple[tuple[str, str], ...]
    key: tuple[str, ...]
    foreign: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "names", tuple(c for c, _ in self.columns))


def _cols(spec: str) -> tuple[tuple[str, str], ...]:
    """``"a:TEXT b:INTEGER"`` as pairs (the schema reads as one line a table)."""
    return tuple(tuple(item.split(":")) for item in spec.split())


DOC = ((("doc_id",), "documents", ("doc_id",)),)
COUNT_COLUMNS = ("sentences", "sections", "directives", "parties", "time_limits", "problems", "removed")
DOCUMENT_BASE = _cols(
    "doc_id:TEXT source:TEXT title:TEXT date:TEXT year:INTEGER year_from:TEXT issuer:TEXT doc_number:TEXT "
    "speaker:TEXT occasion:TEXT addressees:TEXT genre:TEXT pages:INTEGER length:INTEGER script:TEXT "
    "encoding:TEXT " + " ".join(f"{c}:INTEGER" for c in COUNT_COLUMNS) + " "
    + " ".join(f"directives_{c}:INTEGER" for c in CATEGORIES) + " "
    + " ".join(f"problems_{c}:INTEGER" for c in CATEGORIES) + " analyzer_version:TEXT model_sha256:TEXT")

# documents columns computed from the results, which a --meta CSV may not replace.
COMPUTED = ("doc_id", "source", "year_from", "length", *COUNT_COLUMNS,
            *(f"directives_{c}" for c in CATEGORIES), *(f"problems_{c}" for c in CATEGORIES),
            "analyzer_version", "model_sha256")

TABLES = {t.name: t for t in (
    Table("documents", DOCUMENT_BASE, ("doc_id",), indexes=(("year",), ("issuer",), ("genre",))),
    Table("sentences", _cols("doc_id:TEXT sentence_no:INTEGER start:INTEGER end:INTEGER text:TEXT"),
          ("doc_id", "sentence_no"), DOC),
    Table("sections", _cols("doc_id:TEXT section_no:INTEGER parent_no:INTEGER level:INTEGER marker:TEXT "
                            "heading:TEXT start:INTEGER end:INTEGER path:TEXT"), ("doc_id", "section_no"), DOC),
    Table("directives", _cols(
        "doc_id:TEXT directive_no:INTEGER start:INTEGER end:INTEGER text:TEXT modality:TEXT trigger:TEXT "
        "action:TEXT issuer:TEXT category:TEXT " + " ".join(f"score_{c}:REAL" for c in CATEGORIES)
        + " section_no:INTEGER section_path:TEXT parties:INTEGER time_limits:INTEGER has_deadline:INTEGER"),
        ("doc_id", "directive_no"), DOC, (("category",), ("doc_id", "category"))),
    Table("parties", _cols("doc_id:TEXT directive_no:INTEGER party_no:INTEGER text:TEXT name:TEXT kind:TEXT "
                           "role:TEXT inherited:INTEGER start:INTEGER end:INTEGER"),
          ("doc_id", "directive_no", "party_no"),
          DOC + ((("doc_id", "directive_no"), "directives", ("doc_id", "directive_no")),), (("name",),)),
    Table("time_limits", _cols(
        "doc_id:TEXT time_limit_no:INTEGER directive_no:INTEGER start:INTEGER end:INTEGER text:TEXT type:TEXT "
        "by_date:TEXT by_time:TEXT period:TEXT min_count:INTEGER max_count:INTEGER weekday:INTEGER level:TEXT "
        "ongoing:INTEGER anchor:TEXT unspecified:INTEGER days_from_doc:INTEGER value:TEXT"),
        ("doc_id", "time_limit_no"),
        DOC + ((("doc_id", "directive_no"), "directives", ("doc_id", "directive_no")),),
        (("type",), ("doc_id", "directive_no"))),
    Table("problems", _cols("doc_id:TEXT problem_no:INTEGER start:INTEGER end:INTEGER text:TEXT category:TEXT "
                            + " ".join(f"score_{c}:REAL" for c in CATEGORIES)),
          ("doc_id", "problem_no"), DOC, (("category",),)),
    Table("removed", _cols("doc_id:TEXT removed_no:INTEGER start:INTEGER end:INTEGER kind:TEXT text:TEXT"),
          ("doc_id", "removed_no"), DOC),
    # One row per (key, value): what produced the tables, for a paper's methods section.
    Table("provenance", _cols("key:TEXT value:TEXT"), ("key",)),
)}
CHILD_TABLES = ("sentences", "sections", "directives", "parties", "time_limits", "problems", "removed")


def positions(table: str) -> dict[str, int]:
    """Column name -> position in the table's row tuples (tables.explode)."""
    return {c: k for k, c in enumerate(TABLES[table].names)}
