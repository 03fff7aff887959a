"""The local engine: worker processes on this machine, or this process alone
with ``--jobs 1``.

Documents go to the workers in chunks of about ``LOCAL_CHUNK`` (few round
trips through the pipe), at most a few chunks per worker in flight (memory
stays flat however big the corpus), and each finished chunk is delivered at
once.  With ``ordered`` a finished chunk waits until the chunks before it are
delivered; the chunks in flight bound that buffer too.

A worker that dies (a crash, the out-of-memory killer) breaks the pool: the
chunks it may have been on are retried one document at a time in a fresh
pool, so only the document that kills a worker again is recorded as failed.
"""
from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator

from .. import worker
from ..chunking import chunks
from ..options import BatchOptions, chunk_size, default_jobs
from ..record import CRASHED, Recorder, Results
from ..sources import Failure, Task
from ..worker import WorkOptions

# A chunk for the local pool: a round trip through the pipe costs about a
# millisecond, a chunk some 0.1-0.5 s of analysis; smaller chunks would not
# pay, bigger ones leave one worker alone with the last chunk longer.
LOCAL_CHUNK = (32, 64 * 1024)   # documents, bytes


class LocalEngine:
    """Worker processes here (``engines.Engine``)."""

    def check(self, options: BatchOptions) -> None:
        """Nothing to check: the local engine needs no optional library."""

    def file_tasks(self, options: BatchOptions) -> None:
        """None: files are read and hashed in this process."""
        return None

    def run(self, record: Recorder, found: Iterable[Task | Failure], options: BatchOptions) -> None:
        """Analyze what ``record`` admits of ``found``, in this process (``jobs == 1``) or a pool."""
        todo = (t for t in map(record.admit, found) if t is not None)
        jobs = options.jobs or default_jobs()
        if jobs == 1:
            worker.init(options.work, in_process=True)
            for task in todo:
                record.deliver([task], worker.process([task]))
        else:
            _in_pool(record, chunks(todo, *chunk_size(options, LOCAL_CHUNK)), jobs, options)


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


def _in_pool(record: Recorder, work: Iterator[list[Task]], jobs: int, options: BatchOptions) -> None:
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
            for seq, chunk, results in _collect(pool, pending, done):
                if not options.ordered:
                    record.deliver(chunk, results)
                    continue
                waiting[seq] = (chunk, results)
                while written in waiting:
                    record.deliver(*waiting.pop(written))
                    written += 1
        interrupted = False
    finally:
        pool.close(interrupted)


def _collect(pool: _Pool, pending: dict, done: set) -> list[tuple[int, list[Task], Results]]:
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
            finished.append((seq, chunk, _isolate(pool, chunk)))
    finished.sort(key=lambda f: f[0])
    return finished


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
