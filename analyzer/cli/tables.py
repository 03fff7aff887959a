"""`analyzer tables`: tidy tables (CSV, SQLite, Parquet) from batch results."""
from __future__ import annotations

import sys

import click

from . import main
from ..messages import msg
from .common import EXIT_FAILED_INPUTS, error, guarded, unreadable


@main.command()
@click.argument("results", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, metavar="DIR|FILE.db",
              help="A folder for CSV or Parquet files, or an SQLite file (.db, .sqlite).")
@click.option("--format", "fmt", type=click.Choice(["csv", "sqlite", "parquet"]), default=None,
              help="Default: sqlite for a .db/.sqlite output, else csv.")
@click.option("--meta", "meta_csv", type=click.Path(dir_okay=False), metavar="DOCS.csv",
              help="Your own metadata (region, level, year …), keyed by an 'id' or 'file' column.")
@click.option("--force", is_flag=True, help="Overwrite tables that exist.")
@guarded
def tables(results, output, fmt, meta_csv, force):
    """Tidy tables of RESULTS (JSON Lines from `analyzer batch`): documents,
    sentences, sections, directives, parties, time_limits, problems, removed
    and provenance, joined by doc_id (see docs/WORKBENCH.md).

    CSV files are UTF-8 with a byte-order mark (Excel reads the Chinese); the
    SQLite file has keys, foreign keys and indexes and opens in Datasette and
    sqlite-utils; Parquet needs pyarrow (pip install '.[parquet]' from a checkout).
    """
    from ..workbench import tables as tb
    from ..workbench.tables import read_all
    from ..workbench import writers as wr

    fmt = wr.format_of(output, fmt)
    if fmt == "parquet" and not _has_pyarrow():
        error(msg("parquet_missing"))
        sys.exit(EXIT_FAILED_INPUTS)
    user = load_user_meta(meta_csv)
    bad = []
    parts = (p for _, p in tb.exploded(read_all(results), user, on_error=lambda e: (bad.append(e), unreadable(e))))
    docs = wr.documents_table(user.columns if user else [])
    counts = wr.WRITERS[fmt](parts, output, docs, tb.provenance(results), force=force)
    click.echo(msg("tables_written", output=output, fmt=fmt, counts=", ".join(f"{n} {c}" for n, c in counts.items())))
    if user and user.unused():
        error(msg("meta_unused", meta=meta_csv, n=len(user.unused()), first=user.unused()[0]))
    if bad:
        sys.exit(EXIT_FAILED_INPUTS)


def _has_pyarrow() -> bool:
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def load_user_meta(path):
    """The --meta CSV (``workbench.meta.UserMeta``), or None without one; shared by the workbench commands."""
    if not path:
        return None
    from ..workbench.meta import UserMeta

    return UserMeta(path)
