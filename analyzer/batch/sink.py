"""The files a batch writes: results (OUT) and failures (the errors file).

Both are JSON Lines, appended one complete line at a time and flushed, so a
run killed at any moment leaves valid lines and at most one partial last line.
``--resume`` reads the keys of the complete lines, cuts a partial last line
off, and appends; without it an existing file is refused unless ``--force``.
(Writing to a temporary file and renaming at the end would lose all the work
of a killed run; appending keeps it.)
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..output import OutputError, check_target, json_utf8


def key_digest(where: str, sha256: str) -> int:
    """A resume key as a 128-bit int: a set of these costs about 80 bytes per
    document, whatever the paths and ids look like."""
    return int.from_bytes(hashlib.blake2b(f"{where}\0{sha256}".encode("utf-8", "surrogateescape"),
                                          digest_size=16).digest(), "big")


def _key_of(line: bytes) -> tuple[str, str] | None:
    """The key of a complete output line, or None if it is not one of ours.
    The key is the last field, so only the line's tail is parsed."""
    tail = line.rfind(b', "key": {')
    try:
        if tail >= 0:
            key = json.loads(b"{" + line[tail + 2:])["key"]
        else:
            key = json.loads(line)["key"]
        return key["input"], key["sha256"]
    except (ValueError, KeyError, TypeError):
        return None


class ResultFile:
    """OUT: one JSON line per analyzed document."""

    def __init__(self, path: str | os.PathLike, *, resume: bool = False, force: bool = False):
        self.path = Path(path)
        self.done: set[int] = set()
        self.existing = 0           # complete lines found when resuming
        self.dropped_partial = 0    # bytes of a partial last line cut off
        if resume and force:
            raise OutputError(f"{self.path}: --resume and --force contradict each other (continue or start over?)")
        if resume and self.path.exists():
            check_target(self.path, force=True)
            self._scan()
        else:
            check_target(self.path, force=force)
        try:
            self._fh = open(self.path, "ab" if resume else "wb")
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write ({exc.strerror or exc})") from None

    def _scan(self) -> None:
        good = 0
        try:
            with open(self.path, "rb") as fh:
                for lineno, line in enumerate(fh, 1):
                    if not line.endswith(b"\n"):
                        break  # a partial last line: the write the kill interrupted
                    if line.strip():
                        key = _key_of(line)
                        if key is None:
                            raise OutputError(f"{self.path}:{lineno}: not a record written by `analyzer batch`; "
                                              "not resuming (the file is unchanged)")
                        self.done.add(key_digest(*key))
                        self.existing += 1
                    good += len(line)
            size = self.path.stat().st_size
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot read to resume ({exc.strerror or exc})") from None
        if size > good:
            self.dropped_partial = size - good
            os.truncate(self.path, good)

    def write(self, line: str | bytes) -> None:
        """One line: a JSON text, or its UTF-8 bytes (``json_utf8``)."""
        self._fh.write((line if isinstance(line, bytes) else json_utf8(line)) + b"\n")
        self._fh.flush()

    def close(self) -> None:
        """Flush and close OUT (safe to call twice)."""
        if self._fh.closed:
            return
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except OSError:
            pass  # not all files can be synced (pipes); the data is flushed to the OS already
        self._fh.close()


class ErrorFile:
    """The errors file: one JSON line per document that failed.  Created on
    the first failure; a stale one from an earlier run is refused (or, with
    --force or --resume, replaced: resuming retries every failed document)."""

    def __init__(self, path: str | os.PathLike, *, resume: bool = False, force: bool = False):
        self.path = Path(path)
        self.count = 0
        self._fh = None
        check_target(self.path, force=force or resume)

    def start(self) -> None:
        """Take away a stale errors file (called once OUT is open, so that a
        refused run changes nothing)."""
        if self.path.exists():
            try:
                self.path.unlink()
            except OSError as exc:
                raise OutputError(f"{self.path}: cannot replace ({exc.strerror or exc})") from None

    def write(self, path: str, line: int | None, reason: str, stage: str) -> None:
        """Append one failure (file, JSON Lines line, reason, stage) as a JSON line, opening the file on first use."""
        if self._fh is None:
            try:
                self._fh = open(self.path, "ab")
            except OSError as exc:
                raise OutputError(f"{self.path}: cannot write ({exc.strerror or exc})") from None
        rec = {"path": path, "line": line, "reason": reason, "stage": stage}
        self._fh.write(json_utf8(json.dumps(rec, ensure_ascii=False)) + b"\n")
        self._fh.flush()
        self.count += 1

    def close(self) -> None:
        """Close the errors file if it was opened."""
        if self._fh is not None:
            self._fh.close()
