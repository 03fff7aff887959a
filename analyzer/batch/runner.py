"""Run a batch: documents in, one JSON line each out, in worker processes.

The main process walks and reads the inputs (sources), skips what OUT already
holds, groups documents into chunks of about ``chunk_bytes`` (few round trips
through the pipe), keeps at most a few chunks per worker in flight (memory
stays flat however big the corpus), and writes each finished line at once
(sink).  With ``ordered`` a finished chunk waits until the chunks before it
are written; the chunks in flight bound that buffer too.

A worker that dies (a crash, the out-of-memory killer) breaks the pool: the
chunks it may have been on are retried one document at a time in a fresh
pool, so only the document that kills a worker again is recorded as failed.
"""
from __future__ import annotations

import os
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import IO, Callable, Iterable, Iterator

from ..output import OutputError
from ..readers import DEFAULT_MAX_BYTES
from . import sources, worker
from .progress import Progress, Summary
from .sink import ErrorFile, ResultFile, key_digest
from .sources import DEFAULT_GLOBS, Failure, Skipped, Task
from .worker import WorkOptions

CRASHED = "the worker process died while analyzing it (a crash, out of memory, or killed)"

Results = list[tuple[str | bytes | None, str | None]]   # the local pool: str; Dask: bytes


@dataclass(frozen=True)
class BatchOptions:
    jobs: int | None = None                  # worker processes; None: all cores; 1: in this process
    ordered: bool = False                    # write in input order (else as documents finish)
    resume: bool = False
    force: bool = False
    errors: str | None = None                # default: OUT + ".errors.jsonl"
    globs: tuple[str, ...] = DEFAULT_GLOBS   # files taken from folders
    max_bytes: int = DEFAULT_MAX_BYTES       # per file, and per JSON Lines record
    work: WorkOptions = field(default_factory=WorkOptions)
    # Documents travel to the workers in chunks of at most chunk_docs
    # documents and about chunk_bytes; None: the engine's own sizes
    # (LOCAL_CHUNK here, cluster.DASK_CHUNK_* on Dask).
    chunk_bytes: int | None = None
    chunk_docs: int | None = None
    engine: str = "local"                    # "local": worker processes here; "dask": a Dask cluster (cluster.py)
    scheduler: str | None = None             # dask: tcp://HOST:PORT of a running scheduler (None: a local cluster)
    shared_storage: bool = False             # dask: workers read the files (same paths); else the client ships them


# A chunk for the local pool: a round trip through the pipe costs about a
# millisecond, a chunk some 0.1-0.5 s of analysis; smaller chunks would not
# pay, bigger ones leave one worker alone with the last chunk longer.
LOCAL_CHUNK = (32, 64 * 1024)   # documents, bytes


def chunk_size(options: BatchOptions, default: tuple[int, int]) -> tuple[int, int]:
    """(documents, bytes) of a chunk: the options', else the engine's ``default``."""
    return options.chunk_docs or default[0], options.chunk_bytes or default[1]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def errors_path(output: str | os.PathLike, errors: str | None = None) -> str:
    return errors or f"{output}.errors.jsonl"


def chunks(tasks: Iterable[Task], max_docs: int, max_bytes: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    size = 0
    for task in tasks:
        chunk.append(task)
        size += task.size
        if len(chunk) >= max_docs or size >= max_bytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def tapered_chunks(tasks: Iterable[Task], max_docs: int, max_bytes: int, *, parts: Callable[[], int],
                   min_bytes: int) -> Iterator[list[Task]]:
    """As ``chunks``, but the last chunks are smaller: once the end of
    ``tasks`` is within the bytes read ahead (``2 * parts() * max_bytes``, at
    most ``TAPER_AHEAD``), each chunk takes at most the bytes left divided by
    ``2 * parts()`` (no less than ``min_bytes``).  With big chunks (a task costs
    a cluster more than a pipe) the last one would otherwise leave the other
    workers idle for a whole chunk's time; shrinking chunks towards the end
    (guided self-scheduling) keeps them all busy nearly to the end.
    ``parts``: how many workers there are now."""
    it = iter(tasks)
    ahead: deque[Task] = deque()
    ahead_bytes = 0
    ended = False
    while True:
        n = max(1, parts())
        horizon = min(2 * n * max_bytes, TAPER_AHEAD) + max_bytes
        while not ended and ahead_bytes < horizon:
            task = next(it, None)
            if task is None:
                ended = True
                break
            ahead.append(task)
            ahead_bytes += task.size
        if not ahead:
            return
        limit = min(max_bytes, max(min_bytes, ahead_bytes // (2 * n))) if ended else max_bytes
        chunk: list[Task] = []
        size = 0
        while ahead and len(chunk) < max_docs and size < limit:
            task = ahead.popleft()
            chunk.append(task)
            size += task.size
        ahead_bytes -= size
        yield chunk


# What tapered_chunks reads ahead at most: the bytes of the files when the
# client ships them (a remote cluster without shared storage).
TAPER_AHEAD = 64 * 1024 * 1024


def run_batch(inputs: Iterable[str], output: str | os.PathLike, options: BatchOptions = BatchOptions(), *,
              stdin: IO[str] | None = None, progress: Progress | None = None) -> Summary:
    """Analyze every document of ``inputs`` into ``output`` (JSON Lines) and
    return the counts.  Raises OutputError (before changing anything) when
    ``output`` or the errors file cannot be used."""
    inputs = list(inputs)
    if options.engine == "dask":
        from . import cluster

        cluster.require()  # before anything is written: without Dask, one line saying what to install
    progress = progress or Progress(enabled=False, notes=False)
    err_path = errors_path(output, options.errors)
    if os.path.realpath(err_path) == os.path.realpath(output):
        raise OutputError(f"{err_path}: the errors file cannot be the output file")
    errors = ErrorFile(err_path, resume=options.resume, force=options.force)
    out = ResultFile(output, resume=options.resume, force=options.force)
    errors.start()
    run = _Run(out, errors, progress, Summary(dropped_partial=out.dropped_partial))
    if progress.enabled:
        threading.Thread(target=lambda: progress.set_totals(*sources.survey(inputs, globs=options.globs)),
                         daemon=True).start()
    on_workers = options.engine == "dask" and cluster.workers_read(options)   # the files: listed, not read
    found = sources.tasks(inputs, globs=options.globs, max_bytes=options.max_bytes, exclude=(str(output), err_path),
                          stdin=stdin, files=cluster.path_tasks if on_workers else None)
    todo = (t for t in map(run.admit, found) if t is not None)
    jobs = options.jobs or default_jobs()
    start = time.monotonic()
    try:
        if options.engine == "dask":
            cluster.run(run, found, options)
        elif jobs == 1:
            worker.init(options.work, in_process=True)
            for task in todo:
                run.deliver([task], worker.process([task]))
        else:
            run.in_pool(chunks(todo, *chunk_size(options, LOCAL_CHUNK)), jobs, options)
    except KeyboardInterrupt:
        run.summary.interrupted = True
    finally:
        run.summary.seconds = time.monotonic() - start
        out.close()
        errors.close()
        progress.close()
    return run.summary


class _Pool:
    """A process pool that can be replaced when a dead worker breaks it."""

    def __init__(self, jobs: int, work: WorkOptions):
        self.jobs, self.work = jobs, work
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, initializer=worker.init, initargs=(self.work,))

    def submit(self, tasks: list[Task]) -> Future:
        return self.executor.submit(worker.process, tasks)

    def restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._new()

    def close(self, interrupted: bool) -> None:
        if interrupted:
            # Waiting would let every busy worker finish its chunk first; the
            # executor has no public way to stop them (Python 3.14 adds one).
            for proc in list((getattr(self.executor, "_processes", None) or {}).values()):
                if hasattr(proc, "terminate"):
                    proc.terminate()
        self.executor.shutdown(wait=True, cancel_futures=True)


@dataclass
class _Run:
    out: ResultFile
    errors: ErrorFile
    progress: Progress
    summary: Summary

    def admit(self, item: Task | Failure) -> Task | None:
        """The task if it is still to do; failures are recorded, and documents
        already in OUT (or met before in this run) are skipped."""
        if isinstance(item, Failure):
            self.fail(item.path, item.line, item.reason, "read", item.size)
            return None
        if isinstance(item, Skipped):
            self.summary.unread += 1
            self.progress.note(f"skipped: {item.path}: {item.reason}")
            return None
        digest = key_digest(item.where, item.sha256)
        if digest in self.out.done:
            self.summary.skipped += 1
            self.progress.advance(item.size, analyzed=False)
            return None
        self.out.done.add(digest)
        return item

    def fail(self, path: str, line: int | None, reason: str, stage: str, size: int) -> None:
        self.errors.write(path, line, reason, stage)
        self.summary.failed += 1
        self.summary.bytes += size
        where = path if line is None else f"{path}:{line}"
        self.progress.note(f"error: {where}: {reason.splitlines()[0]}")
        self.progress.advance(size)

    def deliver(self, tasks: list[Task], results: Results) -> None:
        for task, (line, reason) in zip(tasks, results):
            if line is None:
                self.fail(task.path, task.line, reason or "no result", "crash" if reason == CRASHED else "analyze",
                          task.size)
                continue
            self.out.write(line)
            self.summary.ok += 1
            self.summary.bytes += task.size
            self.progress.advance(task.size)

    def in_pool(self, work: Iterator[list[Task]], jobs: int, options: BatchOptions) -> None:
        # Two chunks per worker keep every worker busy while the next is sent;
        # ordered output needs more room, as finished chunks wait for a slow one.
        window = jobs * (4 if options.ordered else 2)
        pool = _Pool(jobs, options.work)
        pending: dict[Future, tuple[int, list[Task]]] = {}
        waiting: dict[int, tuple[list[Task], Results]] = {}   # ordered: finished, not yet written
        submitted = written = 0
        interrupted = True
        try:
            while True:
                while len(pending) + len(waiting) < window:
                    chunk = next(work, None)
                    if chunk is None:
                        break
                    pending[pool.submit(chunk)] = (submitted, chunk)
                    submitted += 1
                if not pending:
                    break
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for seq, chunk, results in self._collect(pool, pending, done):
                    if not options.ordered:
                        self.deliver(chunk, results)
                        continue
                    waiting[seq] = (chunk, results)
                    while written in waiting:
                        self.deliver(*waiting.pop(written))
                        written += 1
            interrupted = False
        finally:
            pool.close(interrupted)

    def _collect(self, pool: _Pool, pending: dict, done: set) -> list[tuple[int, list[Task], Results]]:
        finished, suspects = [], []
        for fut in done:
            seq, chunk = pending.pop(fut)
            try:
                finished.append((seq, chunk, fut.result()))
            except BrokenProcessPool:
                suspects.append((seq, chunk))
            except worker.SetupError:
                raise  # no worker can analyze anything: stop, with its one-line reason
            except Exception as exc:  # the pipe failed for this chunk (e.g. a result too big to send)
                reason = f"worker failed ({type(exc).__name__}: {str(exc)[:200]})"
                finished.append((seq, chunk, [(None, reason)] * len(chunk)))
        if suspects:
            # Every chunk still in flight went down with the pool.
            for fut, (seq, chunk) in list(pending.items()):
                try:
                    finished.append((seq, chunk, fut.result()))
                except Exception:
                    suspects.append((seq, chunk))
            pending.clear()
            pool.restart()
            for seq, chunk in suspects:
                finished.append((seq, chunk, self._isolate(pool, chunk)))
        finished.sort(key=lambda f: f[0])
        return finished

    @staticmethod
    def _isolate(pool: _Pool, chunk: list[Task]) -> Results:
        """Each document of a chunk alone: the one that kills a worker fails."""
        results: Results = []
        for task in chunk:
            try:
                results.extend(pool.submit([task]).result())
            except BrokenProcessPool:
                results.append((None, CRASHED))
                pool.restart()
        return results
