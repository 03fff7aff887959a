"""A one-line progress display on a terminal, and the batch's closing summary.

Drawn on stderr only when it is a terminal (a log file gets no carriage-return
litter), at most ten times a second.  Totals arrive late, from a survey of the
inputs in a background thread, and stay unknown for standard input.
"""
from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass


def _fmt_time(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else \
        f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """``advance`` after each document; ``note`` prints a line above the bar."""

    def __init__(self, stream=None, enabled: bool | None = None, notes: bool = True, interval: float = 0.1):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.notes = notes          # print failures as they happen (not with --quiet)
        self.interval = interval
        self.total_docs: int | None = None
        self.total_bytes: int | None = None
        self.docs = 0            # done, skipped included (so the bar reaches its total)
        self.bytes = 0
        self.analyzed = 0        # documents analyzed in this run (for the rate)
        self.analyzed_bytes = 0
        self.start = time.monotonic()
        self._drawn = 0.0
        self._lock = threading.Lock()

    def set_totals(self, docs: int | None, size: int | None) -> None:
        """Set the number of documents and bytes expected (None: unknown), from the survey thread."""
        with self._lock:
            self.total_docs, self.total_bytes = docs, size

    def advance(self, size: int, analyzed: bool = True) -> None:
        """Count one document of ``size`` bytes done (``analyzed``: not skipped) and redraw if due."""
        self.docs += 1
        self.bytes += size
        if analyzed:
            self.analyzed += 1
            self.analyzed_bytes += size
        now = time.monotonic()
        if self.enabled and now - self._drawn >= self.interval:
            self._drawn = now
            self._draw(now)

    def line(self, now: float) -> str:
        """The progress line at time ``now``, in the user's language:
        documents, megabytes, rate, and the time left when known."""
        from ..messages import msg

        with self._lock:
            total_docs, total_bytes = self.total_docs, self.total_bytes
        elapsed = max(now - self.start, 1e-9)
        mb = self.bytes / 1e6
        parts = [msg("progress_docs_of", docs=self.docs, total=total_docs) if total_docs is not None
                 else msg("progress_docs", docs=self.docs),
                 f"{mb:,.1f}/{total_bytes / 1e6:,.1f} MB" if total_bytes else f"{mb:,.1f} MB"]
        if total_bytes:
            parts.append(f"{min(100.0, 100 * self.bytes / total_bytes):3.0f}%")
        rate = self.analyzed_bytes / elapsed
        parts.append(msg("progress_rate", n=self.analyzed / elapsed, mb=rate / 1e6))
        if total_bytes and rate > 0 and self.bytes < total_bytes:
            parts.append(msg("progress_eta", left=_fmt_time((total_bytes - self.bytes) / rate)))
        return "  ".join(parts)

    def _draw(self, now: float) -> None:
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()

    def note(self, message: str) -> None:
        """A line of its own (an error), with the bar redrawn under it."""
        if not self.notes:
            return
        if self.enabled:
            self.stream.write("\r\x1b[K")
        self.stream.write(message + "\n")
        if self.enabled:
            self._draw(time.monotonic())
        self.stream.flush()

    def close(self) -> None:
        """Erase the progress line from the terminal."""
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


@dataclass
class Summary:
    """A batch run's counts and duration, ended by its one-line summary."""
    ok: int = 0
    failed: int = 0
    skipped: int = 0          # already in OUT (resume) or repeated in the inputs
    unread: int = 0           # files in the folders that are not read (type, --glob), each noted
    bytes: int = 0            # of the documents analyzed or failed in this run
    seconds: float = 0.0
    dropped_partial: int = 0  # bytes of a partial last line cut off OUT when resuming
    interrupted: bool = False

    def line(self, errors_path: str | None = None) -> str:
        """The closing line, in the user's language: counts, rate, and where the
        failures are when there are any."""
        from ..messages import msg

        docs = self.ok + self.failed
        secs = max(self.seconds, 1e-9)
        text = (msg("batch_summary", ok=self.ok, failed=self.failed)
                + (msg("batch_summary_skipped", skipped=self.skipped) if self.skipped else "")
                + (msg("batch_summary_unread", unread=self.unread) if self.unread else "")
                + msg("batch_summary_rate", mb=self.bytes / 1e6, seconds=self.seconds, docs_s=docs / secs,
                      mb_s=self.bytes / 1e6 / secs))
        if self.failed and errors_path:
            text += msg("batch_summary_failures", path=errors_path)
        if self.interrupted:
            text += msg("batch_summary_interrupted")
        return text
