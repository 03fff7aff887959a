"""`analyzer issues`: draft the rectification list (整改台账) of FILES."""
from __future__ import annotations

import os
import sys

import click

from . import main
from .common import (EXIT_FAILED_INPUTS, EXIT_USAGE, error, guarded, input_options, output_options,
                     refuse_terminal_stdin, unreadable, warn_if_empty)


@main.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Column headers and category names in Chinese (the default), or English headers and category "
                   "codes; also the language of the messages (default: ANALYZER_LANG, else the locale).")
@click.option("--sample", is_flag=True, help="List the sample speech bundled with the package.")
@input_options
@output_options
@guarded
def issues(files, lang, sample, ref_date, max_bytes, output, force):
    """Draft the rectification list (整改台账) of FILES, one row per task.

    Each row: 序号, 问题 (problem), 类别 (category), 整改措施 (measures),
    责任单位 (bodies), 责任人 (roles), 整改时限 (time limit), 出处 (file,
    outline path, offsets).  Near-duplicate tasks from different files are
    merged, keeping every source.  The format follows the extension of -o:
    .xlsx, .docx, .csv (UTF-8 with BOM), .md or .json; `-o -` or no -o prints
    Markdown.  An existing output is refused without --force.  A file that
    cannot be read gets a one-line error; the others are still listed, and
    the exit code is 1.
    """
    from ..ledger.build import build_ledger
    from ..ledger.export import export, render_markdown, writer_for
    from ..output import OutputError, check_target
    from ..pipeline import Options, analyze as run
    from ..readers import InputError, iter_inputs
    from .analyze import sample_path

    from ..messages import msg, use_lang

    use_lang(lang)
    lang = lang or "zh"  # the list is an office document: Chinese unless asked
    to_stdout = output in (None, "-")
    if not to_stdout:
        try:
            writer_for(output)          # an unknown extension is refused before any work
        except OutputError as exc:
            error(str(exc))
            sys.exit(EXIT_USAGE)
        check_target(output, force)     # so is an existing file without --force

    options = Options(ref_date=ref_date, tokens=False)
    docs, failed = [], 0
    paths = list(files) + ([sample_path()] if sample else [])
    refuse_terminal_stdin(paths, "issues")
    for item in iter_inputs(paths, max_bytes=max_bytes):
        if isinstance(item, InputError):
            unreadable(item)
            failed += 1
            continue
        warn_if_empty(item)
        try:
            docs.append(run(item, options))
        except Exception as exc:  # one bad document never stops the others
            if os.environ.get("ANALYZER_DEBUG"):
                raise
            error(f"{item.source}: cannot analyze ({type(exc).__name__}: {exc})")
            failed += 1
    if not docs:
        if failed:
            error(msg("none_read"))
        else:  # e.g. a JSON Lines file with no record
            error(msg("no_document", paths=", ".join(paths) or "<stdin>"))
        sys.exit(EXIT_FAILED_INPUTS)

    ledger = build_ledger(docs)
    if to_stdout:
        click.echo(render_markdown(ledger, lang), nl=False)
    else:
        export(ledger, output, lang=lang, force=force)
        click.echo(msg("list_written", output=output, rows=len(ledger.rows), docs=len(docs))
                   + (msg("list_unaddressed", n=len(ledger.unaddressed)) if ledger.unaddressed else ""), err=True)
    if failed:
        sys.exit(EXIT_FAILED_INPUTS)
