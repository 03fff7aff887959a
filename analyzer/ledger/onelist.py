"""Rows read from task tables and rows drafted from prose, as one list.

A file's tables are also in its text: a .docx reader joins a table row's cells
with tabs, a PDF's text layer runs the wrapped lines of neighbouring cells
together (``1 财务报销 县财政局 … / 审核把关 要建立报 …``).  The prose drafter
still reads the whole text (its offsets stay those of ``analyzer analyze``);
when the list is put together, a prose row of a document with task tables is
dropped when every one of its measures is the table's text:

* its text (``match_key``: no punctuation or spaces) lies inside the text of
  the document's tables, cells in reading order (Word, Excel); or
* at least ``[prose] table_overlap`` of its character bigrams are bigrams of
  one table row and the next (a PDF's interleaved lines: the bigrams within a
  cell's line survive, those across cells do not).

Problems with no measure found there are dropped the same way.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from .build import Ledger, Row, bigrams, match_key, merge_rows
from .tables import TaskTable, load_header_rules
from .taskrows import TableSource, TaskRow, normalize_cell, table_rows

MIN_BIGRAMS = 4        # a shorter text is too little evidence for the overlap rule


class TableText:
    """The text of a document's task tables, as the prose drafter's texts are compared with it."""

    def __init__(self, tables: list[TaskTable]):
        parts, self.rows = [], []
        for table in tables:
            for cells in table.grid.rows:
                last, row = None, []
                for c in cells:
                    if c.text and c.key is not last:
                        row.append(match_key(normalize_cell(c.text)))
                    last = c.key
                parts += row
                self.rows.append("".join(row))
        self.key = "".join(parts)
        self.index: dict[str, list[int]] = {}      # bigram -> the rows holding it
        for i, row in enumerate(self.rows):
            for b in bigrams(row):
                self.index.setdefault(b, []).append(i)

    def holds(self, text: str) -> bool:
        """Whether ``text`` is the tables' text (either rule of the module docstring)."""
        key = match_key(text)
        if not key:
            return False
        if key in self.key:
            return True
        grams = bigrams(key)
        if len(grams) < MIN_BIGRAMS:
            return False
        windows: Counter = Counter()     # window i: rows i and i + 1
        for b in grams:
            windows.update({w for j in self.index.get(b, ()) for w in (j - 1, j)})
        return bool(windows) and max(windows.values()) >= load_header_rules().table_overlap * len(grams)


@dataclass
class DocTables:
    """The task tables read from one input file, and its ledger rows."""
    doc_id: str
    tables: list[TaskTable]
    rows: list[TaskRow] = field(default_factory=list)
    position: int | None = None          # where the first table starts in the document's text


def combine(ledger: Ledger, found: list[DocTables], threshold: float | None = None) -> Ledger:
    """The prose ledger and the task-table rows as one list, in document order
    (a table's rows where the table stands in its document, else after the
    document's prose rows); near-duplicates across documents are merged as
    ``build_ledger`` merges them.  Rows are numbered 1, 2, … again."""
    by_doc = {d.doc_id: d for d in found if d.rows}
    if not by_doc:   # no table rows: the drafted list as it was
        return ledger
    texts = {d.doc_id: TableText(d.tables) for d in by_doc.values()}
    rows = []
    for row in ledger.rows:
        doc = row.sources[0].doc
        if doc in texts and all(texts[doc].holds(m) for m in row.measures):
            row.sources = [s for s in row.sources if s.doc != doc]
            if not row.sources:
                continue
        rows.append(row)
    ledger.unaddressed = [u for u in ledger.unaddressed if not (u["doc"] in texts and texts[u["doc"]].holds(u["text"]))]
    order = {d["id"]: i for i, d in enumerate(ledger.documents)}
    for d in found:
        if d.doc_id not in order:
            order[d.doc_id] = len(order)
            ledger.documents.append({"id": d.doc_id, "title": None, "date": None, "text_length": 0})
    for d in ledger.documents:
        if d["id"] in by_doc:
            d["tables"] = len(by_doc[d["id"]].tables)

    def place(row: Row) -> tuple:
        src = row.sources[0]
        if isinstance(src, TableSource):
            pos = by_doc[src.doc].position
            return (order[src.doc], float("inf") if pos is None else pos, src.row)
        return (order.get(src.doc, len(order)), src.span[0], 0)

    table_rows_all = [r for d in by_doc.values() for r in d.rows]
    ledger.rows = merge_rows(sorted(rows + table_rows_all, key=place),
                             ledger.threshold if threshold is None else threshold)
    ledger.renumber()
    return ledger


def read_file_tables(path: str, max_bytes: int) -> DocTables | None:
    """The task tables of a .docx, .xlsx or .pdf path (None for another file type);
    an unreadable file raises the reader's ``InputError``."""
    from pathlib import Path

    from ..readers import read_bytes, scrub
    from .tables import TABLE_SUFFIXES, read_task_tables

    if Path(path).suffix.lower() not in TABLE_SUFFIXES:
        return None
    return DocTables(scrub(Path(path).name), read_task_tables(read_bytes(path, max_bytes), str(path)))


def fill_rows(found: list[DocTables], docs: list, ref_date: dt.date | None) -> None:
    """Make the ledger rows of each file's task tables: with its document's
    title and reference date when its text was analyzed too (``docs``), and
    the offsets of their cells in that text where it holds them."""
    by_id = {d.id: d for d in docs}
    for d in found:
        doc = by_id.get(d.doc_id)
        ref = ref_date or (doc.ref_date if doc is not None else None)
        title = doc.meta.get("title") if doc is not None else None
        d.rows = [r for t in d.tables for r in table_rows(t, d.doc_id, title, ref)]
        if doc is not None:
            d.position = _locate(d.rows, doc.text)


def _locate(rows: list[TaskRow], text: str) -> int | None:
    """Give each row's source the offsets of its problem and measures in the
    document's normalized text (a Word table's cells are there, a row a
    line), searching on from the row before; a row not found keeps none.
    The position of the first row found, or None."""
    import dataclasses

    pos, first = 0, None
    for row in rows:
        measures = []
        for m in row.measures:
            at = text.find(m, measures[-1][1] if measures else pos)
            if at < 0:
                break
            measures.append((at, at + len(m)))
        if not measures or len(measures) != len(row.measures):
            continue
        line = text.rfind("\n", 0, measures[0][0]) + 1
        at = text.find(row.problem, line, measures[0][0]) if row.problem else -1
        problems = ((at, at + len(row.problem)),) if at >= 0 else ()
        lo = min([s for s, _ in measures] + [s for s, _ in problems])
        row.sources[0] = dataclasses.replace(row.sources[0], problems=problems, measures=tuple(measures),
                                             span=(lo, measures[-1][1]))
        pos = measures[-1][1]
        first = lo if first is None else first
    return first
