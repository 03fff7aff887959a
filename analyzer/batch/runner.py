"""Run a batch: documents in, one JSON line each out.

The main process walks and reads the inputs (sources), skips what OUT
already holds and records every outcome (``record.Recorder``: OUT, the
errors file, the summary); the engine chosen by ``BatchOptions.engine``
(``engines.local``, ``engines.dask``) runs the analyses.  Imports point one
way: runner -> engines -> record, options, chunking, worker.
"""
from __future__ import annotations

import os
import threading
import time
from typing import IO, Iterable

from ..output import OutputError
from . import engines, sources
from .chunking import TAPER_AHEAD, chunks, tapered_chunks
from .engines.local import LOCAL_CHUNK
from .options import BatchOptions, chunk_size, default_jobs, errors_path
from .progress import Progress, Summary
from .record import CRASHED, Recorder, Results
from .sink import ErrorFile, ResultFile

# The names this module had before the engines were split out stay importable from here.
__all__ = ["run_batch", "BatchOptions", "chunk_size", "default_jobs", "errors_path", "chunks", "tapered_chunks",
           "TAPER_AHEAD", "LOCAL_CHUNK", "CRASHED", "Results"]


def run_batch(inputs: Iterable[str], output: str | os.PathLike, options: BatchOptions = BatchOptions(), *,
              stdin: IO[str] | None = None, progress: Progress | None = None) -> Summary:
    """Analyze every document of ``inputs`` into ``output`` (JSON Lines) and
    return the counts.  Raises OutputError (before changing anything) when
    ``output`` or the errors file cannot be used, EngineError when the engine
    cannot run."""
    inputs = list(inputs)
    engine = engines.get(options.engine)
    engine.check(options)  # before anything is written: without Dask, one line saying what to install
    progress = progress or Progress(enabled=False, notes=False)
    err_path = errors_path(output, options.errors)
    if os.path.realpath(err_path) == os.path.realpath(output):
        raise OutputError(f"{err_path}: the errors file cannot be the output file")
    errors = ErrorFile(err_path, resume=options.resume, force=options.force)
    out = ResultFile(output, resume=options.resume, force=options.force)
    errors.start()
    record = Recorder(out, errors, progress, Summary(dropped_partial=out.dropped_partial))
    if progress.enabled:
        threading.Thread(target=lambda: progress.set_totals(*sources.survey(inputs, globs=options.globs)),
                         daemon=True).start()
    found = sources.tasks(inputs, globs=options.globs, max_bytes=options.max_bytes, exclude=(str(output), err_path),
                          stdin=stdin, files=engine.file_tasks(options))
    start = time.monotonic()
    try:
        engine.run(record, found, options)
    except KeyboardInterrupt:
        record.summary.interrupted = True
    finally:
        record.summary.seconds = time.monotonic() - start
        out.close()
        errors.close()
        progress.close()
    return record.summary
