"""What a Dask worker runs for ``analyzer batch --engine dask``.

Imported by the workers (the functions and the plugin are sent by reference,
so every machine needs the same analyzer installed) and by ``engines.dask`` when a
run starts; it imports ``distributed``, so nothing else imports it.

- ``WarmUp``: a worker plugin whose ``setup`` warms the process once (jieba's
  dictionary, the rule tables, the model: ``worker.init``), on every worker
  there is and on every worker that joins or is restarted later;
- ``analyze_chunk``: documents shipped by the client (bytes or records) into
  JSON lines, as ``worker.process`` does for the local pool;
- ``analyze_files``: documents on shared storage, read here by path; the
  worker hashes them for the resume key and skips the ones already done.
"""
from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import threading
from dataclasses import replace

from distributed.diagnostics.plugin import WorkerPlugin

from ... import __version__
from ...output import json_utf8
from ...readers import InputError, read_bytes
from .. import worker
from ..chunking import chunks
from ..sink import key_digest
from ..sources import Task

_lock = threading.Lock()
_ready_for: tuple | None = None
inits = 0           # how many times this process was warmed (a test checks: once)
warmed_in: int | None = None   # the process that did it (the local cluster's fork server, before the fork)


def ready(work: worker.WorkOptions, version: str) -> None:
    """Warm this process for ``work``, once (the plugin and the first task
    may both ask; the lock makes the second wait for the first)."""
    global _ready_for, inits, warmed_in
    with _lock:
        if _ready_for == (work, version):
            return
        if version != __version__:
            worker._options, worker._setup_error = work, (
                f"a worker has analyzer {__version__}, the client {version}: install the same version everywhere")
        else:
            try:
                worker.init(work, in_process=True)
            except worker.SetupError:
                pass  # kept in worker._setup_error: the first chunk raises it, and the batch stops
            inits += 1
            warmed_in = os.getpid()
        _ready_for = (work, version)


class WarmUp(WorkerPlugin):
    """Warm every worker once, not once per task."""

    name = "analyzer-warm-up"

    def __init__(self, work: worker.WorkOptions, version: str = __version__):
        self.work, self.version = work, version

    async def setup(self, worker) -> None:
        """Warm this worker up once (distributed calls it when the plugin is registered or the worker starts)."""
        if threading.current_thread() is threading.main_thread():
            # Ctrl-C is for the client, which stops the run; a worker of a
            # local cluster (same terminal) would print a traceback instead.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        # In a thread: the worker's event loop keeps answering the scheduler.
        await asyncio.to_thread(ready, self.work, self.version)


_done: dict[str, frozenset[int]] = {}


class DoneKeys(WorkerPlugin):
    """The resume keys already in OUT (``--resume --shared-storage``), on
    every worker once, and on every worker that joins or is restarted: a
    worker skips those files after hashing them, without analyzing them."""

    def __init__(self, token: str, keys: frozenset[int]):
        self.token, self.keys = token, keys

    def setup(self, worker) -> None:
        """Keep the run's resume keys on this worker, under the run's token."""
        _done[self.token] = self.keys

    def teardown(self, worker) -> None:
        """Drop the run's resume keys (the plugin is unregistered at the end of the run)."""
        _done.pop(self.token, None)


def analyze_chunk(tasks: list[Task], work: worker.WorkOptions,
                  version: str) -> list[tuple[bytes | None, str | None]]:
    """(JSON line, None) or (None, reason) for each task, in order; the line
    encoded here (``_encoded``)."""
    ready(work, version)
    return [(_encoded(line), reason) for line, reason in _process(tasks)]


def _encoded(line: str | None) -> bytes | None:
    """A JSON line as the UTF-8 bytes OUT gets: one bytes object travels
    (copied as it is) instead of a str that Dask encodes to send and the
    client decodes, then encodes again to write."""
    return None if line is None else json_utf8(line)


FileResult = tuple[bytes | None, str | None, str, str, int]   # line, reason, stage, sha256, size


def analyze_files(tasks: list[Task], work: worker.WorkOptions, version: str, max_bytes: int,
                  done_token: str | None) -> list[FileResult]:
    """Read each task's file here (``task.where``, its absolute path; records
    of a JSON Lines corpus come read), then as ``analyze_chunk``.  ``stage``
    is "read" or "analyze" for a failure, "skip" for a document whose key is
    among the ``DoneKeys`` of ``done_token`` (already in OUT when resuming)."""
    ready(work, version)
    done = _done.get(done_token) if done_token else None
    worker.process([])  # raises the SetupError of a worker that could not warm up
    # Every file read first, then the readable ones analyzed in one
    # worker.process call, as a chunk of the local pool is (its documents
    # classified together).
    out: list[FileResult | None] = []
    todo: list[tuple[int, Task]] = []
    for task in tasks:
        if task.data is None and task.item is None:  # a file to read here (JSON Lines records come read)
            try:
                data = read_bytes(task.where, max_bytes)
            except InputError as exc:
                out.append((None, exc.problem, "read", "", task.size))
                continue
            sha = hashlib.sha256(data).hexdigest()
            if done and key_digest(task.where, sha) in done:
                out.append((None, None, "skip", sha, len(data)))
                continue
            task = replace(task, sha256=sha, size=len(data), data=data)
        todo.append((len(out), task))
        out.append(None)
    for (k, task), (line, reason) in zip(todo, _process([t for _, t in todo])):
        out[k] = (_encoded(line), reason, "analyze", task.sha256, task.size)
    return out


# A task can hold more documents than are best analyzed at once: each batch's
# documents stay in memory until the batch is written, and batches of 1 MB
# took some 5% more CPU (and 60 MB more per worker) than batches of 256 KB.
WORKER_BATCH = (128, 256 * 1024)   # documents, bytes


def _process(tasks: list[Task]) -> list[tuple[str | None, str | None]]:
    """``worker.process`` over ``tasks``, in batches of at most WORKER_BATCH."""
    out: list[tuple[str | None, str | None]] = []
    for batch in chunks(tasks, *WORKER_BATCH):
        out.extend(worker.process(batch))
    return out


def version() -> str:
    """The analyzer version this worker runs (the client checks it is its own)."""
    return __version__
