"""`analyzer check-data`: validate every rule file and every rule's examples."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import main
from ..messages import msg
from .common import guarded


@main.command("check-data")
@click.option("--corpora", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="A corpora folder to check instead of the shipped one (a copy being edited).")
@guarded
def check_data(corpora):
    """Load and validate every rule file (time limits, parties, directives,
    page noise, openings) and check the examples written beside the rules.

    Prints one line per problem, naming the file and the rule, and exits 1
    if there is any; else one line saying what was checked.
    """
    from ..extract.check import check_data as run

    report = run(corpora)
    for line in report.problems:
        click.echo(line)
    if report.problems:
        click.echo(msg("check_problems", n=len(report.problems)), err=True)
        sys.exit(1)
    click.echo(msg("check_ok", n=len(report.folders), folders=", ".join(report.folders), examples=report.examples))
