"""The run's bookkeeping, the same whatever engine analyzes: which documents
are still to do, each result or failure written once, the summary and the
progress line.  Engines deliver results here; nothing here runs analyses."""
from __future__ import annotations

from dataclasses import dataclass

from ..messages import input_reason, msg, reason_zh, user_lang
from .progress import Progress, Summary
from .sink import ErrorFile, ResultFile, key_digest
from .sources import Failure, Skipped, Task

CRASHED = "the worker process died while analyzing it (a crash, out of memory, or killed)"


def _skip_reason(reason: str) -> str:
    """Why a file is not read, in Chinese for a Chinese user."""
    return (reason_zh(reason) or reason) if user_lang() == "zh" else reason


Results = list[tuple[str | bytes | None, str | None]]   # the local pool: str; Dask: bytes


@dataclass
class Recorder:
    """Records a run's outcomes into OUT, the errors file, the summary and the progress line."""
    out: ResultFile
    errors: ErrorFile
    progress: Progress
    summary: Summary

    def admit(self, item: Task | Failure | Skipped) -> Task | None:
        """The task if it is still to do; failures are recorded, and documents
        already in OUT (or met before in this run) are skipped."""
        if isinstance(item, Failure):
            self.fail(item.path, item.line, item.reason, "read", item.size)
            return None
        if isinstance(item, Skipped):   # a file in a folder that is not read (type, --glob): said, counted
            self.summary.unread += 1
            self.progress.note(msg("batch_skipped", path=item.path, reason=_skip_reason(item.reason)))
            return None
        digest = key_digest(item.where, item.sha256)
        if digest in self.out.done:
            self.skip(item.size)
            return None
        self.out.done.add(digest)
        return item

    def skip(self, size: int) -> None:
        """Count a document that is not analyzed again (already in OUT, or met before)."""
        self.summary.skipped += 1
        self.progress.advance(size, analyzed=False)

    def fail(self, path: str, line: int | None, reason: str, stage: str, size: int) -> None:
        """Record a document that could not be read or analyzed (errors file, summary, a note)."""
        self.errors.write(path, line, reason, stage)
        self.summary.failed += 1
        self.summary.bytes += size
        where = path if line is None else f"{path}:{line}"
        # the `error:` prefix stays English for scripts (docs/USAGE.md#languages)
        said = input_reason(user_lang(), where, reason.splitlines()[0] if reason else "")
        self.progress.note("error: " + (said or msg("batch_failed_other", where=where)))
        self.progress.advance(size)

    def deliver(self, tasks: list[Task], results: Results) -> None:
        """Write each task's result line, or record its failure."""
        for task, (line, reason) in zip(tasks, results):
            if line is None:
                self.fail(task.path, task.line, reason or "no result", "crash" if reason == CRASHED else "analyze",
                          task.size)
                continue
            self.out.write(line)
            self.summary.ok += 1
            self.summary.bytes += task.size
            self.progress.advance(task.size)
