"""Update an existing rectification list (整改台账) with what new documents add.

The existing list is an .xlsx or .docx, exported by this tool or kept by an
office, whose header names its columns (``corpora/ledger/table_headers.toml``).
Its rows are read as task-table rows (``taskrows.table_rows``); a row this
tool exported on several document sheets is read once.  The new rows are
matched against them as ``build_ledger`` merges near-duplicates across
documents (character-bigram Jaccard at the ``[merge] threshold`` of
``linking.toml``):

* a row of the existing list stays as the office keeps it: its number, its
  cells and its status, matched or not (the office's list is the record);
* a new row that matches none is appended, numbered after the last number,
  with the status ``新增``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from .build import Ledger, load_rules, match_key, merge_rows
from .taskrows import TaskRow, table_rows
from .tables import read_task_tables

NEW = "新增"


def read_ledger(path: str, max_bytes: int, ref_date: dt.date | None = None) -> list[TaskRow]:
    """The rows of an existing list, numbered by its 序号 column (else in order).
    A file with no task table raises an ``InputError`` naming it."""
    from ..readers import InputError, read_bytes, scrub

    name = str(path)
    if Path(name).suffix.lower() not in (".xlsx", ".docx"):
        raise InputError(name, "an existing list must be an .xlsx or .docx file")
    tables = read_task_tables(read_bytes(path, max_bytes), name)
    if not tables:
        raise InputError(name, "holds no task table (no header row naming 整改措施 and another column)")
    rows, seen = [], set()
    for t in tables:
        for row in table_rows(t, scrub(Path(name).name), None, ref_date):
            key = (row.no, match_key(row.problem + "".join(row.measures)))
            if row.no and key in seen:   # the same task on another document's sheet
                continue
            seen.add(key)
            rows.append(row)
    last = max((r.no for r in rows), default=0)
    for row in rows:
        if not row.no:
            last += 1
            row.no = last
    return rows


def update_ledger(old: list[TaskRow], new: Ledger, old_id: str, threshold: float | None = None) -> Ledger:
    """The existing rows, then the new tasks (status ``新增``) of ``new``."""
    threshold = load_rules().threshold if threshold is None else threshold
    # merge_rows unites what it merges into the earlier row: give it copies,
    # so the office's rows come out as they were read
    copies = [dataclasses.replace(r, sources=list(r.sources)) for r in old]
    original = {id(c): r for c, r in zip(copies, old)}
    last = max((r.no for r in old), default=0)
    rows = []
    for row in merge_rows(copies + list(new.rows), threshold):
        if id(row) in original:
            rows.append(original[id(row)])
            continue
        last += 1
        fields = {f.name: getattr(row, f.name) for f in dataclasses.fields(row) if f.name != "status"}
        rows.append(TaskRow(**{**fields, "no": last}, status=NEW))
    documents = [{"id": old_id, "title": None, "date": None, "text_length": 0}] + list(new.documents)
    ledger = Ledger(rows, documents, new.unaddressed, new.skipped, threshold)
    numbers = [r.no for r in rows]
    ledger.renumber()            # counts each document's rows (and numbers them: put back)
    for row, no in zip(rows, numbers):
        row.no = no
    return ledger
