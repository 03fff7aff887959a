"""`analyzer stats`: per-document figures and corpus totals of batch results."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import main
from .common import EXIT_FAILED_INPUTS, error, guarded, output_options


def totals_path(output: str) -> Path:
    """Where the totals go beside OUT: OUT's stem + .totals.csv."""
    p = Path(output)
    return p.with_name(p.stem + ".totals.csv")


@main.command()
@click.argument("results", nargs=-1, required=True, type=click.Path(dir_okay=False))
@output_options
@click.option("--plot", type=click.Path(dir_okay=False), metavar="FILE.png",
              help="Also draw directives by category and directive density per document "
                   "(needs matplotlib: pip install 'zh-speech-analyzer[plot]').")
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
        error(plotting.INSTALL_HINT)
        sys.exit(EXIT_FAILED_INPUTS)
    # Refuse before any work, so a refused run changes nothing.
    for target in [t for t in (output, output and str(totals_path(output)), plot) if t]:
        check_target(target, force)

    opened = [st.read_results(path) for path in results]  # a missing file is an error before any output

    def records():
        for recs in opened:
            yield from recs

    keep = [] if plot else None
    if output:
        with atomic_write(output, force=force, encoding="utf-8-sig", newline="") as fh:
            totals = st.write_rows(records(), fh, on_error=lambda m: error(m), keep=keep)
        with atomic_write(totals_path(output), force=force, encoding="utf-8-sig", newline="") as fh:
            st.write_totals(totals, fh)
        click.echo(st.format_totals(totals))
    else:
        totals = st.write_rows(records(), sys.stdout, on_error=lambda m: error(m), keep=keep)
        click.echo(st.format_totals(totals), err=True)
    if plot:
        with atomic_write(plot, force=force, mode="wb") as fh:
            plotting.plot_rows(keep, fh)
    if totals.bad_lines:
        sys.exit(EXIT_FAILED_INPUTS)
