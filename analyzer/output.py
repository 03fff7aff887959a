"""Write results safely: to a temporary file beside the target, then rename.

An interrupted run, a full disk or an unwritable folder never leaves a
half-written file in the target's place, and an existing file is not
overwritten unless the user said ``--force``.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def json_utf8(line: str) -> bytes:
    """The UTF-8 bytes of a JSON text.  A lone surrogate (a file name that is
    not UTF-8, kept as Python keeps it) cannot be encoded: it is written as its
    \\u escape, which is valid JSON and reads back as the same string."""
    try:
        return line.encode("utf-8")
    except UnicodeEncodeError:
        import re

        return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", line).encode("utf-8")


class OutputError(Exception):
    """The output cannot be written; the message names the path and why."""


def check_target(path: str | os.PathLike, force: bool) -> Path:
    """The output path if it can be written; else OutputError (one line): a folder, existing without ``force``,
    or in a missing or read-only folder."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{target}: is a directory, not an output file")
    if target.exists() and not force:
        raise OutputError(f"{target}: already exists (use --force to overwrite it)")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{target}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{target}: folder {parent} is not writable")
    return target


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, *, force: bool = False, mode: str = "w", encoding: str | None = "utf-8",
                 newline: str | None = None):
    """Open a temporary file for writing; on success it replaces ``path``."""
    target = check_target(path, force)
    parent = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"{target}: cannot create a file in {parent} ({exc.strerror or exc})") from None
    try:
        # mkstemp makes the file private (0600); the output is a file for people
        # to share: give it the mode a new file gets (umask), or the mode of the
        # file it replaces.
        os.chmod(tmp, _mode_for(target))
        kwargs = {} if "b" in mode else {"encoding": encoding, "newline": newline}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        _unlink(tmp)
        raise OutputError(f"{target}: cannot write ({exc.strerror or exc}); earlier output left intact") from None
    except BaseException:
        _unlink(tmp)
        raise


def _mode_for(target: Path) -> int:
    import stat

    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
