"""What a batch run is told: ``BatchOptions``, and the small rules every
engine shares (chunk sizes, the number of jobs, where the errors go)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..readers import DEFAULT_MAX_BYTES
from .sources import DEFAULT_GLOBS
from .worker import WorkOptions


@dataclass(frozen=True)
class BatchOptions:
    """The options of one ``run_batch``: output handling, inputs, and the engine."""
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
    # (engines.local.LOCAL_CHUNK, engines.dask.DASK_CHUNK_* on Dask).
    chunk_bytes: int | None = None
    chunk_docs: int | None = None
    engine: str = "local"                    # "local": worker processes here; "dask": a Dask cluster (engines/dask.py)
    scheduler: str | None = None             # dask: tcp://HOST:PORT of a running scheduler (None: a local cluster)
    shared_storage: bool = False             # dask: workers read the files (same paths); else the client ships them


def chunk_size(options: BatchOptions, default: tuple[int, int]) -> tuple[int, int]:
    """(documents, bytes) of a chunk: the options', else the engine's ``default``."""
    return options.chunk_docs or default[0], options.chunk_bytes or default[1]


def default_jobs() -> int:
    """The worker processes used when ``--jobs`` is not given: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def errors_path(output: str | os.PathLike, errors: str | None = None) -> str:
    """The errors file of a run writing ``output``: ``errors`` if given, else OUT + ".errors.jsonl"."""
    return errors or f"{output}.errors.jsonl"
