"""`analyzer batch`: a corpus in, one JSON line per document out, in parallel."""
from __future__ import annotations

import sys

import click

from . import common, main
from .common import EXIT_FAILED_INPUTS, error, guarded, input_options


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), metavar="OUT.jsonl",
              help="JSON Lines file of results, one record per document.")
@click.option("--force", is_flag=True, help="Overwrite OUT (and its errors file) if they exist.")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run: skip documents already in OUT, append the rest.")
@click.option("--errors", "errors", type=click.Path(dir_okay=False), default=None, metavar="PATH",
              help="Where failures go, one JSON line each.  [default: OUT.errors.jsonl]")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN",
              help="Files to take from folders (repeatable; matched on the name and the path inside the "
                   "folder).  [default: every readable type: .txt .html .docx .pdf .png …]")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (1: analyze in this process).  [default: all cores]")
@click.option("--ordered", is_flag=True, help="Write records in input order (default: as they finish).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where documents are analyzed: worker processes on this machine, or a Dask cluster "
                   "(pip install '.[dask]' from a checkout): a local one of --jobs workers, or --scheduler's.")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="With --engine dask: the scheduler of a running cluster.  [default: start a local cluster]")
@click.option("--shared-storage", is_flag=True,
              help="With --engine dask: the workers see the input files at the same paths and read them "
                   "(else this process reads them and sends them in chunks).")
@click.option("--tokens/--no-tokens", default=False, show_default=True,
              help="Include each document's token list (large; top_terms are always included).")
@click.option("--backend", type=click.Choice(["auto", "jieba", "rjieba"]), default="auto", show_default=True,
              help="Word segmenter: auto = rjieba (a Rust port of jieba, ~30x faster) when installed, else jieba.")
@click.option("-q", "--quiet", is_flag=True, help="No progress line, no per-document errors, no summary.")
@input_options
@guarded
def batch(inputs, output, force, resume, errors, globs, jobs, ordered, engine, scheduler, shared_storage, tokens,
          backend, quiet, ref_date, max_bytes):
    """Analyze a corpus: INPUTS are files, folders (recursive), JSON Lines
    corpora (one document per record, ids kept) or `-` (a list of paths on
    standard input, one per line).

    Writes one JSON object per document to OUT (docs/CONTRACT.md §8, plus
    `top_terms`, `source` and `key`), appending each as it is done, so an
    interrupted run leaves a valid file that `--resume` continues without
    duplicates or losses.  Documents that cannot be read or analyzed go to the
    errors file and the batch goes on; the exit code is then 1.  A progress
    line is shown on a terminal; a summary line ends the run.  --max-bytes
    limits each file and each JSON Lines record.

    With --engine dask the same batch runs on a Dask cluster (same output,
    resume, errors file and exit codes); see the README, "On a cluster".
    """
    from ..batch.engines import EngineError  # imports no Dask
    from ..messages import msg, output_problem
    from ..batch.progress import Progress
    from ..batch.runner import BatchOptions, errors_path, run_batch
    from ..batch.sources import DEFAULT_GLOBS
    from ..batch.worker import WorkOptions
    from ..pipeline import Options

    if resume and force:
        raise click.UsageError(msg("batch_resume_force"))
    if engine != "dask" and (scheduler or shared_storage):
        raise click.UsageError(msg("batch_dask_only", option="--scheduler" if scheduler else "--shared-storage"))
    if scheduler and jobs:
        raise click.UsageError(msg("batch_jobs_scheduler"))
    options = BatchOptions(jobs=jobs, ordered=ordered, resume=resume, force=force, errors=errors,
                           globs=tuple(globs) or DEFAULT_GLOBS, max_bytes=max_bytes,
                           work=WorkOptions(Options(ref_date=ref_date, tokens=True, backend=backend), tokens),
                           engine=engine, scheduler=scheduler, shared_storage=shared_storage)
    progress = Progress(sys.stderr, enabled=False if quiet else None, notes=not quiet)
    if engine == "dask":
        common.quick_exit = True
    try:
        summary = run_batch(inputs, output, options, progress=progress)
    except EngineError as exc:  # no Dask installed, no scheduler at the address, workers without the analyzer
        error(output_problem(str(exc)))
        sys.exit(EXIT_FAILED_INPUTS)
    if not quiet:
        click.echo(summary.line(errors_path(output, errors)), err=True)
    if summary.interrupted:
        error(msg("interrupted"))
        sys.exit(130)
    if summary.failed:
        sys.exit(EXIT_FAILED_INPUTS)
