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
@click.option("--update", "update", type=click.Path(), metavar="LIST",
              help="An existing list (.xlsx/.docx): keep its rows and numbers, append the new tasks as 新增.")
@input_options
@output_options
@guarded
def issues(files, lang, sample, update, ref_date, max_bytes, output, force):
    """Draft the rectification list (整改台账) of FILES, one row per task.

    Each row: 序号, 问题 (problem), 类别 (category), 整改措施 (measures),
    责任单位 (bodies), 责任人 (roles), 整改时限 (time limit), 出处 (file,
    outline path, offsets).  Near-duplicate tasks from different files are
    merged, keeping every source.  The format follows the extension of -o:
    .xlsx, .docx, .csv (UTF-8 with BOM), .md or .json; `-o -` or no -o prints
    Markdown.  An existing output is refused without --force.  A file that
    cannot be read gets a one-line error; the others are still listed, and
    the exit code is 1.

    A task table in a .docx, .xlsx or .pdf (headers such as 问题, 整改措施,
    牵头单位, 完成时限; a PDF needs the extra pdf-tables) gives one row per
    table row, its source the table and row; the table's text is not drafted
    again as prose.  --update LIST reads an existing list (.xlsx or .docx):
    its rows keep their numbers and cells, the new tasks are appended with
    the status 新增.  See docs/TASK_TABLES.md.

    A row that names no party or no time limit reads 待补 there.  Given the
    feedback, the plan and a progress report of one inspection together, the
    list is one: problems from headings and findings lists, and each task's
    latest status (完成/推进中/未开始) with its evidence in a 进展 column.
    See docs/LEDGER.md.
    """
    from ..ledger.build import build_ledger
    from ..ledger.export import export, render_markdown, writer_for
    from ..ledger.onelist import combine, fill_rows
    from ..ledger.finish import finish
    from ..ledger.update import read_ledger, update_ledger
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
    found, paths, failed = _task_tables(paths, max_bytes)
    for item in iter_inputs(paths, max_bytes=max_bytes) if paths or not found else ():
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
    if not docs and not found:
        if failed:
            error(msg("none_read"))
        else:  # e.g. a JSON Lines file with no record
            error(msg("no_document", paths=", ".join(paths) or "<stdin>"))
        sys.exit(EXIT_FAILED_INPUTS)

    fill_rows(found, docs, ref_date)
    ledger = combine(build_ledger(docs), found)
    finish(ledger, docs)                # problems beyond the sentence, progress reports (ledger/finish.py)
    if update:
        try:
            ledger = update_ledger(read_ledger(update, max_bytes, ref_date), ledger, os.path.basename(update))
        except InputError as exc:
            error(str(exc))
            sys.exit(EXIT_FAILED_INPUTS)
    if to_stdout:
        click.echo(render_markdown(ledger, lang), nl=False)
    else:
        export(ledger, output, lang=lang, force=force)
        click.echo(msg("list_written", output=output, rows=len(ledger.rows),
                       docs=len(docs) + len(only_tables(found, docs)))
                   + _table_counts(ledger, update)
                   + (msg("list_unaddressed", n=len(ledger.unaddressed)) if ledger.unaddressed else ""), err=True)
    if failed:
        sys.exit(EXIT_FAILED_INPUTS)


def _task_tables(paths: list[str], max_bytes: int):
    """The task tables of the .docx/.xlsx/.pdf among ``paths``, the paths whose
    text is still to be read (a .docx or .pdf always: its prose; an .xlsx only
    when it holds no task table), and how many files failed."""
    from ..ledger.pdftables import NeedsExtra
    from ..ledger.onelist import read_file_tables
    from ..readers import InputError

    found, rest, failed = [], [], 0
    for p in paths:
        has_text = p.lower().endswith((".docx", ".pdf")) and _readable(p)   # its text is read below too
        try:
            tables = read_file_tables(p, max_bytes)
        except NeedsExtra as exc:
            click.echo(f"note: {exc}", err=True)
            tables = None
        except InputError as exc:
            if not has_text:   # else the text reader says it again, below
                error(str(exc))
                failed += 1
                continue
            tables = None
        if tables is not None and tables.tables:
            found.append(tables)
            if has_text:
                rest.append(p)
        else:
            rest.append(p)
    return found, rest, failed


def only_tables(found, docs) -> list:
    """The files read for their task tables alone (no text analyzed)."""
    ids = {d.id for d in docs}
    return [f for f in found if f.doc_id not in ids]


def _readable(path: str) -> bool:
    """Whether the text readers take this file type (a PDF's text, where they do)."""
    from ..readers import InputError, check_suffix

    try:
        check_suffix(path)
    except InputError:
        return False
    return True


def _table_counts(ledger, update) -> str:
    """`` (12 from task tables)``, `` (20 kept from 台账.xlsx, 2 new)``, or nothing."""
    from ..ledger.update import NEW

    if update:
        new = sum(1 for r in ledger.rows if getattr(r, "status", "") == NEW)
        return f" ({len(ledger.rows) - new} kept from {update}, {new} new)"
    tables = sum(1 for r in ledger.rows if r.link == "table")
    return f" ({tables} from task tables)" if tables else ""
