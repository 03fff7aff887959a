"""`analyzer compare`: figures per group of documents (year, issuer, speaker, genre, a --meta column)."""
from __future__ import annotations

import sys

import click

from . import main
from ..messages import msg, user_lang
from .common import EXIT_FAILED_INPUTS, EXIT_USAGE, error, guarded, output_options, unreadable
from .tables import load_user_meta


@main.command()
@click.argument("results", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--by", required=True, metavar="COLUMN",
              help="year, issuer, speaker, genre, or any documents column or --meta column.")
@output_options
@click.option("--meta", "meta_csv", type=click.Path(dir_okay=False), metavar="DOCS.csv",
              help="Your own metadata, keyed by an 'id' or 'file' column (see `analyzer tables`).")
@click.option("--figures", type=click.Path(file_okay=False), metavar="DIR",
              help="Write the figures there as PNG and SVG (needs matplotlib).")
@click.option("--report", type=click.Path(dir_okay=False), metavar="FILE.html",
              help="A self-contained HTML report: the tables and the figures.")
@guarded
def compare(results, by, output, force, meta_csv, figures, report):
    """Compare groups of documents in RESULTS (JSON Lines from `analyzer batch`):
    per group, directives per 10,000 characters, category shares of directives
    and problems, shares of directives with a party and with a deadline, the
    median deadline horizon in days, top parties and top terms, with the counts
    behind each share.  One CSV row a group, the group in a column named after
    --by, to -o (UTF-8 with a byte-order mark) or standard output.
    """
    import csv
    import tempfile
    from pathlib import Path

    from ..output import OutputError, atomic_write, check_target
    from ..workbench import compare as cmp
    from ..workbench.tables import read_all
    from ..workbench import figures as fg
    from ..workbench import report as rp
    from ..workbench.writers import documents_table

    user = load_user_meta(meta_csv)
    known = documents_table(user.columns if user else []).names
    if by not in known or by in cmp.columns(by)[1:]:  # a count column cannot also name the groups
        sep = "、" if user_lang() == "zh" else ", "
        error(msg("compare_bad_by", by=by, known=sep.join(c for c in known if c not in cmp.columns(c)[1:])))
        sys.exit(EXIT_USAGE)
    drawing = bool(figures or report) and fg.available()
    targets = [t for t in (output, report) if t]
    if figures and drawing:
        folder = Path(figures)
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{folder}: is a file, not a folder for the figures")
        targets += [folder / f"{n}.{e}" for n in fg.FIGURES for e in ("png", "svg")] if folder.is_dir() else []
    for t in targets:  # refuse before any work, so a refused run changes nothing
        check_target(t, force)

    bad = []
    groups = cmp.collect(read_all(results), by, user, on_error=lambda e: (bad.append(e), unreadable(e)))
    rows = cmp.rows(groups, by)
    if output:
        with atomic_write(output, force=force, encoding="utf-8-sig", newline="") as fh:
            _write(csv, fh, rows, cmp.columns(by))
        click.echo(msg("compare_written", n=len(rows), by=by, output=output))
    else:
        _write(csv, sys.stdout, rows, cmp.columns(by))
    if (figures or report) and not drawing:
        error(msg("figures_missing"))
    drawn = []
    with tempfile.TemporaryDirectory() as tmp:
        if drawing:
            if figures:
                Path(figures).mkdir(parents=True, exist_ok=True)
            drawn = fg.draw(rows, groups, by, figures or tmp, force=force)
            if figures:
                click.echo(msg("compare_figures", path=figures), err=not output)
        if report:
            page = rp.render(rows, by, drawn, results, None if drawing else fg.INSTALL_HINT)
            with atomic_write(report, force=force) as fh:
                fh.write(page)
            click.echo(msg("compare_report", path=report), err=not output)
    if bad:
        sys.exit(EXIT_FAILED_INPUTS)


def _write(csv, fh, rows, columns) -> None:
    writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
