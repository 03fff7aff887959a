"""`analyzer query`: directives filtered by party, category, time-limit type, date, issuer, text."""
from __future__ import annotations

import sys

import click

from . import main
from ..messages import msg
from .common import EXIT_FAILED_INPUTS, _parse_date, guarded, output_options, unreadable
from .tables import load_user_meta

CATEGORY_CHOICES = ("ideology", "system", "work_style", "discipline", "other")
TYPE_CHOICES = ("date", "deadline", "duration", "frequency", "urgency", "standing")


def _regex(ctx, param, value):
    import re

    if value is None:
        return None
    try:
        return re.compile(value)
    except re.error as exc:
        raise click.BadParameter(f"'{value}' is not a regular expression ({exc})") from None


@main.command()
@click.argument("results", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--party", help="A party whose name contains this text (巡察办).")
@click.option("--category", multiple=True, type=click.Choice(CATEGORY_CHOICES), help="Repeatable.")
@click.option("--type", "types", multiple=True, type=click.Choice(TYPE_CHOICES),
              help="A time limit of this type on the directive (repeatable).")
@click.option("--since", callback=_parse_date, metavar="YYYY-MM-DD", help="Documents dated on or after.")
@click.option("--until", callback=_parse_date, metavar="YYYY-MM-DD", help="Documents dated on or before.")
@click.option("--issuer", help="The directive's or the document's issuer contains this text.")
@click.option("--pattern", callback=_regex, metavar="REGEX", help="The directive's text matches (re.search).")
@click.option("--meta", "meta_csv", type=click.Path(dir_okay=False), metavar="DOCS.csv",
              help="Your own metadata (a date column there is used for --since/--until).")
@output_options
@guarded
def query(results, party, category, types, since, until, issuer, pattern, meta_csv, output, force):
    """Directives in RESULTS (JSON Lines from `analyzer batch`) that pass every
    filter given, with their parties, time limits and earliest dated deadline:
    a table on the terminal, or every column as CSV with -o.

    Example: analyzer query out.jsonl --party 巡察办 --type deadline
    """
    from ..output import atomic_write
    from ..workbench import query as q
    from ..workbench.tables import read_all

    f = q.Filters(party=party, categories=tuple(category), types=tuple(types),
                  since=since.isoformat() if since else None, until=until.isoformat() if until else None,
                  issuer=issuer, pattern=pattern)
    user = load_user_meta(meta_csv)
    bad = []
    rows = q.select(read_all(results), f, user, on_error=lambda e: (bad.append(e), unreadable(e)))
    if output:
        import csv

        with atomic_write(output, force=force, encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=q.COLUMNS, lineterminator="\n")
            writer.writeheader()
            n = 0
            for r in rows:
                writer.writerow(r)
                n += 1
        click.echo(msg("query_written", n=n, output=output))
    else:
        listed = list(rows)
        click.echo(q.format_rows(listed))
        click.echo(msg("query_count", n=len(listed)), err=True)
    if bad:
        sys.exit(EXIT_FAILED_INPUTS)
