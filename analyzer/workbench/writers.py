"""Write the tidy tables: CSV files, one SQLite file, or Parquet files.

Each writer takes the stream of ``tables.exploded`` (one dict of rows per
document) and keeps only a batch of rows in memory.  Nothing is replaced
without ``force``, and nothing is left half-written: CSV and Parquet files are
written beside their targets and renamed at the end, the SQLite file too.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ..messages import MESSAGES
from ..output import OutputError, atomic_write, check_target
from .schema import CHILD_TABLES, TABLES, Table

FORMATS = ("csv", "sqlite", "parquet")
PARQUET_HINT = MESSAGES["en"]["parquet_missing"]  # the library says it in English; the CLI in the user's language
BATCH_ROWS = 20_000
ORDER = ("documents", *CHILD_TABLES)


def format_of(target: str, fmt: str | None) -> str:
    """The format asked for, or the one the target's name says (.db/.sqlite: SQLite, else CSV)."""
    if fmt:
        return fmt
    return "sqlite" if Path(target).suffix.lower() in (".db", ".sqlite", ".sqlite3") else "csv"


def documents_table(extra: list[str]) -> Table:
    """``documents`` with the user's metadata columns that it does not have yet (as text)."""
    base = TABLES["documents"]
    more = tuple((c, "TEXT") for c in extra if c not in base.names)
    return Table(base.name, base.columns + more, base.key, base.foreign, base.indexes)


def _doc_tuple(table: Table, row: dict) -> tuple:
    return tuple(row.get(c) for c in table.names)


class _Batches:
    """Rows gathered per table, handed to ``flush(name, rows)`` in batches."""

    def __init__(self, docs: Table, flush):
        self.docs, self.flush = docs, flush
        self.rows: dict[str, list] = {name: [] for name in ORDER}
        self.counts: dict[str, int] = dict.fromkeys(ORDER, 0)

    def add(self, parts: dict[str, list]) -> None:
        self.rows["documents"].append(_doc_tuple(self.docs, parts["documents"][0]))
        for name in CHILD_TABLES:
            self.rows[name].extend(parts[name])
        if sum(len(r) for r in self.rows.values()) >= BATCH_ROWS:
            self.drain()

    def drain(self) -> None:
        for name, rows in self.rows.items():
            if rows:
                self.flush(name, rows)
                self.counts[name] += len(rows)
                self.rows[name] = []


def _outputs(folder: Path, ext: str, force: bool) -> dict[str, Path]:
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file, not a folder for the tables")
    paths = {name: folder / f"{name}.{ext}" for name in (*ORDER, "provenance")}
    if folder.is_dir():
        for p in paths.values():
            check_target(p, force)
    else:
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise OutputError(f"{folder}: cannot create the folder ({exc.strerror or exc})") from None
    return paths


def write_csv(parts, folder: str, docs: Table, provenance: list, force: bool = False) -> dict[str, int]:
    """One CSV a table in ``folder`` (UTF-8 with a byte-order mark, for Excel)."""
    import csv

    paths = _outputs(Path(folder), "csv", force)
    with contextlib.ExitStack() as stack:
        writers = {}
        for name in (*ORDER, "provenance"):
            fh = stack.enter_context(atomic_write(paths[name], force=force, encoding="utf-8-sig", newline=""))
            writers[name] = csv.writer(fh, lineterminator="\n")
            writers[name].writerow(docs.names if name == "documents" else TABLES[name].names)
        writers["provenance"].writerows(provenance)
        batches = _Batches(docs, lambda name, rows: writers[name].writerows(rows))
        for p in parts:
            batches.add(p)
        batches.drain()
    return batches.counts


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(table: Table, made_by: str) -> str:
    cols = [f"{_q(c)} {t}" for c, t in table.columns]
    cols.append(f"PRIMARY KEY ({', '.join(map(_q, table.key))})")
    for mine, other, theirs in table.foreign:
        cols.append(f"FOREIGN KEY ({', '.join(map(_q, mine))}) REFERENCES {_q(other)} ({', '.join(map(_q, theirs))})")
    # SQLite keeps the statement as written, comment included: each table's
    # schema (shown by Datasette and `.schema`) says what produced it.
    return f"CREATE TABLE {_q(table.name)} (\n  " + ",\n  ".join(cols) + f"\n  -- {made_by}\n)"


def write_sqlite(parts, target: str, docs: Table, provenance: list, force: bool = False) -> dict[str, int]:
    """One SQLite file with every table, its keys, foreign keys and indexes,
    which Datasette and sqlite-utils open as it is."""
    import sqlite3
    import tempfile

    path = check_target(target, force)
    parent = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            # A new file written once: no journal to keep, and one fsync at the end.
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("PRAGMA synchronous=OFF")
            tables = [docs, *(TABLES[n] for n in (*CHILD_TABLES, "provenance"))]
            facts = dict(provenance)
            made_by = (f"written by zh-speech-analyzer {facts.get('analyzer_version')}, "
                       f"model sha256 {facts.get('model_sha256') or 'none'}")
            for t in tables:
                con.execute(_create(t, made_by))
            con.executemany("INSERT INTO provenance VALUES (?, ?)", provenance)
            inserts = {t.name: f"INSERT INTO {_q(t.name)} VALUES ({', '.join('?' * len(t.columns))})"
                       for t in tables}
            batches = _Batches(docs, lambda name, rows: con.executemany(inserts[name], rows))
            for p in parts:
                batches.add(p)
            batches.drain()
            for t in tables:
                for cols in t.indexes:
                    con.execute(f"CREATE INDEX {_q('idx_' + t.name + '_' + '_'.join(cols))} "
                                f"ON {_q(t.name)} ({', '.join(map(_q, cols))})")
            con.commit()
        finally:
            con.close()
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except sqlite3.Error as exc:
        _unlink(tmp)
        raise OutputError(f"{path}: cannot write the database ({exc})") from None
    except BaseException:
        _unlink(tmp)
        raise
    return batches.counts


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


_ARROW = {"TEXT": "string", "INTEGER": "int64", "REAL": "float64"}


def write_parquet(parts, folder: str, docs: Table, provenance: list, force: bool = False) -> dict[str, int]:
    """One Parquet file a table in ``folder`` (needs pyarrow, the ``parquet``
    extra); each file's metadata holds the provenance too."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise OutputError(PARQUET_HINT) from None

    paths = _outputs(Path(folder), "parquet", force)
    meta = {k: v for k, v in provenance}
    tables = {t.name: t for t in (docs, *(TABLES[n] for n in (*CHILD_TABLES, "provenance")))}
    schemas = {n: pa.schema([(c, _ARROW[t]) for c, t in tables[n].columns], metadata=meta) for n in tables}
    with contextlib.ExitStack() as stack:
        writers = {}
        for name in tables:
            fh = stack.enter_context(atomic_write(paths[name], force=force, mode="wb"))
            writers[name] = stack.enter_context(pq.ParquetWriter(fh, schemas[name]))

        def flush(name, rows):
            columns = list(zip(*rows)) if rows else [[] for _ in tables[name].columns]
            writers[name].write_table(pa.Table.from_arrays(
                [pa.array(col, type=schemas[name].field(k).type) for k, col in enumerate(columns)],
                schema=schemas[name]))

        flush("provenance", provenance)
        batches = _Batches(docs, flush)
        for p in parts:
            batches.add(p)
        batches.drain()
    return batches.counts


WRITERS = {"csv": write_csv, "sqlite": write_sqlite, "parquet": write_parquet}
