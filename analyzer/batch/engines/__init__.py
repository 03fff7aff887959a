"""Batch engines: what runs the analyses of a batch.

An engine takes the documents found (tasks and read failures), analyzes them
somewhere, and hands every outcome to the run's ``Recorder``, which alone
writes OUT, the errors file and the summary; so every engine gives the same
records.  ``runner`` chooses the engine; the engines import neither the
runner nor each other:

- ``local``: worker processes on this machine (or this process, ``--jobs 1``);
- ``dask``: a Dask cluster (``dask_worker`` runs on its workers).
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, Protocol

from ..options import BatchOptions
from ..record import Recorder
from ..sources import Failure, Task

NAMES = ("local", "dask")


class EngineError(RuntimeError):
    """An engine cannot be used (Dask missing, no scheduler at the address,
    workers without the analyzer): one line, the batch does not start or stops."""


class Engine(Protocol):
    """The interface every engine offers to ``runner.run_batch``."""

    def check(self, options: BatchOptions) -> None:
        """Raise EngineError, before anything is written, if the engine cannot run at all."""

    def file_tasks(self, options: BatchOptions) -> Callable[..., Iterator[Task | Failure]] | None:
        """How a file becomes tasks (``sources.tasks``' ``files``), or None: read here."""

    def run(self, record: Recorder, found: Iterable[Task | Failure], options: BatchOptions) -> None:
        """Analyze what is still to do of ``found``, delivering every outcome to ``record``."""


def get(name: str) -> Engine:
    """The engine called ``name`` (one of ``NAMES``); importing it imports no optional library."""
    if name == "dask":
        from . import dask
        return dask.DaskEngine()
    if name == "local":
        from . import local
        return local.LocalEngine()
    raise ValueError(f"unknown batch engine {name!r} (one of {', '.join(NAMES)})")
