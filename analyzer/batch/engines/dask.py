"""``analyzer batch --engine dask``: the same batch on a Dask cluster.

Without a scheduler address a local cluster is started (one single-threaded
worker process per job); with one (``tcp://HOST:PORT``) the documents go to
that cluster's workers.  Everything the output contract needs stays in this
process and in the run's ``record.Recorder``, exactly as with the local engine: the resume
keys, the errors file, ``--ordered``, the summary.  Only the analysis moves.

- Documents travel in chunks (``chunking.tapered_chunks``, ``DASK_CHUNK_*``,
  smaller at the end), at most a few per worker thread in flight (memory
  stays flat), more submitted as ones finish (``distributed.wait``, first
  completed).  The client reads and hashes the files and ships the bytes,
  or, with ``shared_storage`` and always on a local cluster, ships paths and
  the workers read the files (at the same absolute paths) and hash them;
  JSON Lines corpora are always read here, record by record.  Results come
  back as the UTF-8 bytes of the lines.
- Each worker warms up once, in a worker plugin (``dask_worker.WarmUp``);
  a local cluster's workers are forked warm from a fork server that has
  imported Dask and the analyzer and warmed up once (``dask_preload``).
- A worker that dies: the scheduler runs its chunks again elsewhere until a
  chunk has been on ``allowed-failures + 1`` dead workers (a local cluster
  allows none: the first death counts), then says KilledWorker.  The
  documents of such a chunk are then run one at a time with nothing else in
  flight, so only the document that kills a worker on its own is recorded as
  failed ("crash").  Results are written only here, once per chunk, so a
  chunk that ran twice is written once.  A local cluster that has lost all
  its workers for a minute stops the run (a remote one is waited for).

Dask is an optional extra: this module imports it only inside functions.
"""
from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import time
from collections import deque
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ... import __version__
from ...readers import JSONL_SUFFIXES, InputError, check_suffix
from ...messages import msg
from .. import worker
from ..chunking import tapered_chunks
from ..options import BatchOptions, chunk_size, default_jobs
from ..record import CRASHED, Recorder
from ..sink import key_digest
from ..sources import Failure, Task, jsonl_tasks
from . import EngineError

EXTRA = "pip install '.[dask]' from a checkout"
PLUGIN = "analyzer-warm-up"       # dask_worker.WarmUp.name
WARM_ENV = "ANALYZER_DASK_WARM"   # the options the fork server warms up for (dask_preload)
# A chunk is one Dask task: each costs the client, the scheduler and a worker
# some milliseconds of CPU (messages, state, results fetched), on the cores
# the analysis uses.  Workers that read the files get chunks of about 1 MB
# (some 1.2 s of analysis, in batches of dask_worker.WORKER_BATCH);
# when the client ships the bytes, 256 KB, as each chunk in flight is held in
# its memory (two per worker thread).  Towards the end of the input the
# chunks shrink (chunking.tapered_chunks), down to DASK_LAST_CHUNK bytes (some
# 0.04 s of analysis), so that no worker waits alone for a big last one.
DASK_CHUNK_READ = (512, 1024 * 1024)    # documents, bytes: the workers read the files
DASK_CHUNK_SHIPPED = (128, 256 * 1024)  # the client ships their bytes
DASK_LAST_CHUNK = 32 * 1024
WATCH_SECONDS = 5                 # with nothing finished for this long, see that there are workers
LOST_SECONDS = 60                 # a local cluster without any worker for this long: stop


def require() -> None:
    """Dask is there (found, not imported: importing it takes the time the
    fork server uses to warm up, see ``run``)."""
    if importlib.util.find_spec("distributed") is None:
        raise _missing()


def _missing() -> EngineError:
    return EngineError(f"--engine dask needs Dask's distributed scheduler, which is not installed: "
                       f"{EXTRA} (or pip install 'dask[distributed]')")


def workers_read(options: BatchOptions) -> bool:
    """Whether the workers read the files (given their paths) rather than
    the client shipping their bytes: with ``--shared-storage``, and always on
    a local cluster, whose workers see the files as the client does (this
    spares the client reading, hashing and sending every byte, twice over
    TCP, on cores the workers need)."""
    return options.shared_storage or not options.scheduler


def path_tasks(path: str, *, max_bytes: int) -> Iterator[Task | Failure]:
    """A file's task without reading it (``--shared-storage``: the worker
    reads it); a JSON Lines corpus is still read here, one task per record."""
    try:
        suffix = check_suffix(path)
    except InputError as exc:
        yield Failure(path, None, exc.problem)
        return
    if suffix in JSONL_SUFFIXES:
        yield from jsonl_tasks(path, max_bytes=max_bytes)
        return
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0  # the worker says why it cannot read it
    yield Task(path, None, os.path.abspath(path), "", size)


@dataclass(eq=False)
class _Chunk:
    seq: int
    tasks: list[Task]
    results: list = field(default_factory=list)  # per task, filled as they come back
    missing: int = 0


class DaskEngine:
    """A Dask cluster (``engines.Engine``): a local one, or the one at ``--scheduler``."""

    def check(self, options: BatchOptions) -> None:
        """Dask is installed (one line saying what to install otherwise)."""
        require()

    def file_tasks(self, options: BatchOptions):
        """``path_tasks`` when the workers read the files, else None (read and shipped from here)."""
        return path_tasks if workers_read(options) else None

    def run(self, record: Recorder, found: Iterable[Task | Failure], options: BatchOptions) -> None:
        """Analyze ``found`` on the cluster, delivering through ``record``."""
        run(record, found, options)


def run(run: Recorder, found: Iterable[Task | Failure], options: BatchOptions) -> None:
    """Analyze ``found`` on the cluster, delivering through ``run``."""
    config = {}
    started = None
    if not options.scheduler:
        # First of all, the fork server the local workers will come from: it
        # imports and warms up while this process imports Dask.
        config = dict(LOCAL_CONFIG)
        started = start_fork_server(options.work)
        if started is None:  # no fork server on this platform: workers start afresh
            del config["distributed.worker.multiprocessing-method"]
    try:
        try:
            import dask
            import distributed  # noqa: F401
        except ImportError:
            raise _missing() from None
        with dask.config.set(config), _quiet_logs():
            _run(run, found, options)
    finally:
        if started:
            stop_fork_server()


# The local cluster's settings (a remote cluster keeps its own).
LOCAL_CONFIG = {
    # The first death of a worker counts against its chunks, as with the
    # local engine's pool: they are then run one document at a time.
    "distributed.scheduler.allowed-failures": 0,
    # A local cluster forgets a worker (closes its nanny for good) when no
    # worker of that name is back 15 s after one died: with documents killing
    # workers every few seconds, a restart caught at that moment would leave
    # the run with fewer workers, in the end none.  Not during this run.
    "distributed.deploy.lost-worker-timeout": "3650d",
    # Workers are forked from a fork server that has imported Dask and the
    # analyzer and warmed up once (start_fork_server), instead of each
    # starting afresh (spawn) and doing all that itself: about 1 s of CPU per
    # worker, on the cores the analysis needs.  Not "fork": forking this
    # process, whose event-loop threads may hold locks, can hang; the fork
    # server is a process of its own, without an event loop or threads of Python's.
    "distributed.worker.multiprocessing-method": "forkserver",
    # The workers share the machine's cores with the scheduler, the nannies
    # and this client: what Dask does for its dashboard and diagnostics is
    # time taken from the analysis.  No statistical profiler (it samples
    # every worker's stack every 10 ms), and Dask's own checks far less often
    # than by default (every 20-500 ms).
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    # Tasks go to a worker only as it has room (the scheduler's queue);
    # with equal workers there is nothing to steal, only checks to pay for.
    "distributed.scheduler.work-stealing": False,
}


def start_fork_server(work) -> bool | None:
    """Start multiprocessing's fork server, preloading ``dask_preload``
    (Dask, the analyzer, warmed for ``work``).  True if started here (stop it
    at the end: nothing is left behind), False if one was running already
    (it serves as it is; the workers warm up themselves), None if this
    platform has none (workers are then spawned)."""
    import multiprocessing
    from multiprocessing import forkserver

    try:
        multiprocessing.get_context("forkserver")
    except ValueError:
        return None
    server = forkserver._forkserver
    if server._forkserver_pid is not None:
        return False
    forkserver.set_forkserver_preload(["analyzer.batch.engines.dask_preload"])
    os.environ[WARM_ENV] = worker.work_to_json(work, __version__)
    try:
        forkserver.ensure_running()  # does not wait for the preload
    finally:
        os.environ.pop(WARM_ENV, None)
    return True


def stop_fork_server() -> None:
    """Stop the fork server started by this run (it exits at once: the
    workers are gone), and wait for it, so that it does not outlive the run."""
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)
    if stop is not None:
        with contextlib.suppress(OSError):
            stop()


@contextlib.contextmanager
def _quiet_logs():
    """Dask's own log lines (reconnecting, comms closed, with tracebacks)
    off in this process during the run: what matters reaches the user as a
    one-line error.  ANALYZER_DEBUG=1 keeps them."""
    if os.environ.get("ANALYZER_DEBUG"):
        yield
        return
    names = ["distributed"] + [n for n in logging.root.manager.loggerDict if n.startswith("distributed.")]
    saved = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for n, level in saved.items():
            logging.getLogger(n).setLevel(level)


def _run(run: Recorder, found: Iterable[Task | Failure], options: BatchOptions) -> None:
    from . import dask_worker

    warm_up = dask_worker.WarmUp(options.work)
    client, cluster = _connect(options, warm_up)
    engine = None
    try:
        if cluster is None:
            if not client.nthreads():
                run.progress.note(msg("dask_waiting", scheduler=options.scheduler))
                client.wait_for_workers(1)
            _check_versions(client, dask_worker)
            _register(client, warm_up, PLUGIN)  # on the workers there are, and on those to come
        engine = _Engine(run, client, options, local=cluster is not None)
        engine.loop(found)
    finally:
        if engine is not None:
            engine.close()
        _close(client, cluster)


def _connect(options: BatchOptions, warm_up):
    import dask
    from distributed import Client, LocalCluster

    if options.scheduler:
        try:
            return Client(options.scheduler, timeout=dask.config.get("distributed.comm.timeouts.connect", "30s"),
                          set_as_default=False), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise EngineError(f"cannot connect to the Dask scheduler at {options.scheduler} ({exc})") from None
    n = options.jobs or default_jobs()
    # Each worker is warm as it starts (forked from the warm fork server, or
    # warmed by the plugin), and so is one that replaces a dead worker.
    try:
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, silence_logs=logging.CRITICAL,
                               plugins={warm_up},
                               # no dashboard, and its HTTP server on any free port (not 8787, maybe taken)
                               dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"})
    except Exception as exc:
        # Most often a script without `if __name__ == "__main__":`: the worker
        # processes are started afresh and import the main module again.
        raise EngineError(f"cannot start a local Dask cluster ({type(exc).__name__}: {exc}); a script that runs "
                          "one needs `if __name__ == \"__main__\":`") from None
    try:
        # Results straight from the workers, not relayed by the scheduler.
        return Client(cluster, set_as_default=False, direct_to_workers=True), cluster
    except BaseException:
        cluster.close()
        raise


def _check_versions(client, dask_worker) -> None:
    """Every worker there now runs this analyzer version (a worker joining
    later is checked by the warm-up plugin)."""
    try:
        versions = client.run(dask_worker.version)
    except Exception as exc:
        raise EngineError(f"a Dask worker cannot run the analyzer ({type(exc).__name__}: {str(exc)[:200]}); "
                          "every worker needs the same analyzer version installed") from None
    wrong = {addr: v for addr, v in versions.items() if v != dask_worker.__version__}
    if wrong:
        addr, v = next(iter(wrong.items()))
        raise EngineError(f"{len(wrong)} Dask worker(s) run another analyzer version ({addr}: {v}, this one: "
                          f"{dask_worker.__version__}); install the same version everywhere")


def _lost(exc: BaseException) -> EngineError:
    lines = [x.strip() for x in str(exc).splitlines() if x.strip()]
    said = [x[len("Message:"):].strip() for x in lines if x.startswith("Message:")]  # futures cancelled
    why = ((said or lines or [""])[0][:200]).rstrip(".") or type(exc).__name__
    return EngineError(f"lost the Dask cluster ({why}); run again with --resume to continue")


def _register(client, plugin, name: str) -> None:
    try:
        client.register_plugin(plugin, name=name)
    except Exception as exc:  # most often a worker with another copy of the analyzer
        raise EngineError(f"a Dask worker cannot take the analyzer's {type(plugin).__name__} plugin "
                          f"({type(exc).__name__}: {str(exc)[:200]}); every worker needs the same analyzer "
                          "installed (restart the workers after upgrading it)") from None


def _close(client, cluster) -> None:
    try:
        if cluster is None:  # a cluster that outlives this run: leave no plugin behind
            try:
                client.unregister_worker_plugin(PLUGIN)
            except Exception:
                pass
        client.close()
    finally:
        if cluster is not None:
            cluster.close()


class _Engine:
    def __init__(self, run: Recorder, client, options: BatchOptions, local: bool):
        from . import dask_worker

        self.run, self.client, self.options, self.local = run, client, options, local
        self.cw = dask_worker
        self.shared = workers_read(options)
        self.pending: dict = {}                  # future -> (chunk, index of the one task, or None: all)
        self.suspects: deque[tuple[_Chunk, int]] = deque()
        self.waiting: dict[int, _Chunk] = {}     # ordered: finished, not yet written
        self.written = 0
        self.threads, self.checked = 1, 0.0
        self.no_workers_since: float | None = None
        self.seen: set[int] = set()              # shared storage: paths met in this run
        self.done_token: str | None = None
        if self.shared and run.out.done:
            # The keys already in OUT, on every worker once, so that they skip
            # those files without analyzing them (the client cannot: it has
            # not read them).  A plugin, not scattered data: a worker that
            # joins later gets it too, and it cannot be lost with a worker.
            import uuid

            self.done_token = uuid.uuid4().hex
            _register(client, dask_worker.DoneKeys(self.done_token, frozenset(run.out.done)),
                      f"analyzer-done-{self.done_token}")

    # --- admission and submission ------------------------------------------

    def admit(self, item: Task | Failure) -> Task | None:
        if self.shared and isinstance(item, Task) and item.data is None and item.item is None:
            digest = key_digest(item.where, "")
            if digest in self.seen:  # the same file named twice: one analysis, as with the local engine
                self.run.skip(item.size)
                return None
            self.seen.add(digest)
            return item
        return self.run.admit(item)

    def window(self) -> int:
        now = time.monotonic()
        if now - self.checked > 2.0:   # workers come and go: ask the scheduler now and then
            self.checked = now
            self.threads = max(1, sum(self.client.nthreads().values()))
        return self.threads * (4 if self.options.ordered else 2)

    def submit(self, chunk: _Chunk, index: int | None) -> None:
        tasks = chunk.tasks if index is None else [chunk.tasks[index]]
        if self.shared:
            fn = self.cw.analyze_files
            args = (tasks, self.options.work, self.cw.__version__, self.options.max_bytes, self.done_token)
        else:
            fn, args = self.cw.analyze_chunk, (tasks, self.options.work, self.cw.__version__)
        fut = self.client.submit(fn, *args, pure=False)
        self.pending[fut] = (chunk, index)

    # --- the loop ------------------------------------------------------------

    def loop(self, found: Iterable[Task | Failure]) -> None:
        todo = (t for t in map(self.admit, found) if t is not None)
        max_docs, max_bytes = chunk_size(self.options, DASK_CHUNK_READ if self.shared else DASK_CHUNK_SHIPPED)
        work = tapered_chunks(todo, max_docs, max_bytes, parts=lambda: self.threads,
                              min_bytes=min(max_bytes, DASK_LAST_CHUNK))
        seq = 0
        while True:
            if self.suspects:
                # One document at a time, nothing else in flight: a worker
                # that dies now died of this document.
                if not self.pending:
                    self.submit(*self.suspects.popleft())
            else:
                while len(self.pending) + len(self.waiting) < self.window():
                    tasks = next(work, None)
                    if tasks is None:
                        break
                    chunk = _Chunk(seq, tasks, [None] * len(tasks), len(tasks))
                    seq += 1
                    self.submit(chunk, None)
            if not self.pending:
                break
            for fut in self.finished():
                self.collect(fut, *self.pending.pop(fut))

    def finished(self) -> list:
        """The futures in flight that are done, once there is at least one
        (in submission order); meanwhile, watch that there are workers."""
        from distributed import wait

        while True:
            try:
                with self.client.as_current():
                    done, _ = wait(list(self.pending), timeout=WATCH_SECONDS, return_when="FIRST_COMPLETED")
            except TimeoutError:
                self.watch()
                continue
            except (CancelledError, OSError) as exc:
                raise _lost(exc) from None
            self.no_workers_since = None
            return [fut for fut in self.pending if fut in done]

    def watch(self) -> None:
        if sum(self.client.nthreads().values()):
            self.no_workers_since = None
            return
        now = time.monotonic()
        if self.no_workers_since is None:
            self.no_workers_since = now
            if not self.local:
                self.run.progress.note(msg("dask_no_workers", scheduler=self.options.scheduler))
        elif self.local and now - self.no_workers_since > LOST_SECONDS:
            raise EngineError(f"the local Dask cluster has had no workers for {LOST_SECONDS} s; stopping "
                              "(run again with --resume to continue)")

    def collect(self, fut, chunk: _Chunk, index: int | None) -> None:
        from distributed import KilledWorker

        from ..worker import SetupError

        n = len(chunk.tasks) if index is None else 1
        try:
            results = fut.result()
        except KilledWorker:
            if index is None:
                self.suspects.extend((chunk, i) for i in range(len(chunk.tasks)))
                return
            results = [self.crashed(chunk.tasks[index])]
        except SetupError:
            raise  # no worker can analyze anything: stop, with its one-line reason
        except (CancelledError, OSError) as exc:  # not the document: the scheduler is gone, or dropped us
            raise _lost(exc) from None
        except Exception as exc:  # e.g. a result that cannot be sent back
            reason = f"worker failed ({type(exc).__name__}: {str(exc)[:200]})"
            results = [self.failed(t, reason) for t in (chunk.tasks if index is None else [chunk.tasks[index]])]
        finally:
            fut.release()
        start = 0 if index is None else index
        chunk.results[start:start + n] = results
        chunk.missing -= n
        if chunk.missing == 0:
            self.finish(chunk)

    def crashed(self, task: Task):
        return (None, CRASHED, "crash", "", task.size) if self.shared else (None, CRASHED)

    def failed(self, task: Task, reason: str):
        return (None, reason, "analyze", "", task.size) if self.shared else (None, reason)

    def finish(self, chunk: _Chunk) -> None:
        if not self.options.ordered:
            self.deliver(chunk)
            return
        self.waiting[chunk.seq] = chunk
        while self.written in self.waiting:
            self.deliver(self.waiting.pop(self.written))
            self.written += 1

    def deliver(self, chunk: _Chunk) -> None:
        if not self.shared:
            self.run.deliver(chunk.tasks, chunk.results)
            return
        run = self.run
        for task, (line, reason, stage, sha, size) in zip(chunk.tasks, chunk.results):
            if stage in ("read", "crash"):
                run.fail(task.path, task.line, reason, stage, size)
                continue
            if not task.sha256:
                # Read by the worker: only now is the resume key known.
                digest = key_digest(task.where, sha)
                if stage == "skip" or digest in run.out.done:
                    run.skip(size)
                    continue
                run.out.done.add(digest)
                task = Task(task.path, task.line, task.where, sha, size)
            run.deliver([task], [(line, reason)])

    def close(self) -> None:
        """Drop what is still in flight (after Ctrl-C or an error), and the
        resume keys from the workers."""
        try:
            if self.pending:
                self.client.cancel(list(self.pending))
            if self.done_token:
                self.client.unregister_worker_plugin(f"analyzer-done-{self.done_token}")
        except Exception:
            pass  # the cluster may be gone already
        self.pending.clear()
