"""`analyzer stats`: per-document figures and corpus totals of batch results."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from . import main
from ..messages import msg
from .common import EXIT_FAILED_INPUTS, error, guarded, output_options

MAX_LISTED_BAD_LINES = 5


def totals_path(output: str) -> Path:
    """Where the totals go beside OUT: OUT's stem + .totals.csv."""
    p = Path(output)
    return p.with_name(p.stem + ".totals.csv")


@main.command()
@click.argument("results", nargs=-1, required=True, type=click.Path(dir_okay=False))
@output_options
@click.option("--plot", type=click.Path(dir_okay=False), metavar="FILE.png",
              help="Also draw directives by category and directive density per document "
                   "(needs matplotlib: pip install '.[plot]' from a checkout; without it the CSV is still written).")
@guarded
def stats(results, output, force, plot):
    """Per-document figures of RESULTS (JSON Lines from `analyzer batch`) as CSV,
    and corpus totals.

    Columns: id, source, length (characters), sentences, directives,
    directive_density (per 1,000 characters), parties, time_limits, problems,
    directives and problems per category, and top_terms (`term:count …`).
    The CSV goes to -o (UTF-8 with a byte-order mark, for Excel) or standard
    output.  Totals are printed (to stderr when the CSV is on standard output)
    and, with -o, also written beside it as STATS.totals.csv (field,value).
    """
    from .. import plot as plotting
    from .. import stats as st
    from ..output import atomic_write, check_target

    if plot and not plotting.available():
        # The CSV is still wanted; the missing plot is said once, at the end.
        click.echo(msg("plot_missing"), err=True)
        plot, no_plot = None, True
    else:
        no_plot = False
    # Refuse before any work, so a refused run changes nothing.
    for target in [t for t in (output, output and str(totals_path(output)), plot) if t]:
        check_target(target, force)

    opened = [st.read_results(path) for path in results]  # a missing file is an error before any output
    for path in results:
        if not st.looks_like_results(path):
            error(msg("not_results", path=path))
            sys.exit(EXIT_FAILED_INPUTS)
    bad = Counter()
    reading = [""]  # the results file being read, for on_error

    def on_error(message: str) -> None:
        # A few bad lines are listed; past that, one count per file at the end.
        bad[reading[0]] += 1
        if bad[reading[0]] <= MAX_LISTED_BAD_LINES:
            error(message)

    def records():
        for path, recs in zip(results, opened):
            reading[0] = path
            yield from recs

    keep = [] if plot else None
    if output:
        with atomic_write(output, force=force, encoding="utf-8-sig", newline="") as fh:
            totals = st.write_rows(records(), fh, on_error=on_error, keep=keep)
        with atomic_write(totals_path(output), force=force, encoding="utf-8-sig", newline="") as fh:
            st.write_totals(totals, fh)
        click.echo(st.format_totals(totals))
    else:
        totals = st.write_rows(records(), sys.stdout, on_error=on_error, keep=keep)
        click.echo(st.format_totals(totals), err=True)
    if plot:
        with atomic_write(plot, force=force, mode="wb") as fh:
            plotting.plot_rows(keep, fh)
    for path, n in bad.items():
        if n > MAX_LISTED_BAD_LINES:
            error(msg("bad_lines_more", path=path, n=n - MAX_LISTED_BAD_LINES))
    if totals.bad_lines or no_plot:
        sys.exit(EXIT_FAILED_INPUTS)
