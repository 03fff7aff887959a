"""The documents of a batch, found and read one at a time.

Inputs are files, folders (walked recursively), ``-`` (a list of paths on
standard input, one per line) and JSON Lines corpora (each record a document).
Everything streams: a folder is walked lazily, a JSON Lines corpus is read line
by line, so the corpus is never held in memory.  Files are read here (in the
batch's main process) only to hash them for the resume key; decoding and
analysis happen in the workers.

Nothing here raises for a bad input: it yields a ``Failure`` in its place and
goes on.
"""
from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

from ..readers import (DEFAULT_MAX_BYTES, JSONL_SUFFIXES, SUPPORTED, InputError, InputText, check_suffix,
                       jsonl_record, read_bytes, read_path)

# Every suffix the readers take (readers.FORMATS), so a format added there is
# picked up by a batch too.
DEFAULT_GLOBS = tuple(sorted(f"*{s}" for s in SUPPORTED if s))


@dataclass(frozen=True, slots=True)
class Task:
    """One document to analyze: a file's bytes, or a parsed JSON Lines record."""
    path: str                   # as found (relative when the user gave a relative path)
    line: int | None            # the record's line in a JSON Lines corpus
    where: str                  # absolute path, plus ``#id`` for a record: half of the resume key
    sha256: str                 # of the file's bytes or the record's line: the other half
    size: int                   # bytes read, for progress and rates
    data: bytes | None = None
    item: InputText | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file in a walked folder that the batch does not read, and why."""
    path: str
    reason: str


def skip_reason(path: str) -> str:
    """Why a file met in a folder is not read (its type, or no glob matched it)."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUPPORTED:
        return f"unsupported file type '{suffix or '(none)'}'"
    return "not matched by --glob"


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that cannot be read, in the place of its document(s)."""
    path: str
    line: int | None
    reason: str
    size: int = 0


def matches(rel: str, globs: Iterable[str]) -> bool:
    """Does a file (path relative to the walked folder) match any pattern?
    Patterns are tried on the name and on the relative path (``*`` crosses
    ``/``), case-insensitively, so ``*.txt`` and ``2023/*.TXT`` both work."""
    rel = rel.replace(os.sep, "/").lower()
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(name, g.lower()) or fnmatch.fnmatchcase(rel, g.lower()) for g in globs)


def walk(folder: str, globs: Iterable[str] = DEFAULT_GLOBS, *, skips: bool = False) -> Iterator[str | Skipped]:
    """Matching files under ``folder``, sorted, depth first.  Hidden files and
    folders (``.git``, editors' temporaries) are skipped, and symbolic links to
    folders are not followed (they can loop).  With ``skips``, the other
    files come as ``Skipped`` in their place, so a batch can say why."""
    globs = tuple(globs)
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            if matches(os.path.relpath(path, folder), globs):
                yield path
            elif skips:
                yield Skipped(path, skip_reason(path))


def expand(inputs: Iterable[str], *, globs: Iterable[str] = DEFAULT_GLOBS,
           stdin: IO[str] | None = None, skips: bool = False) -> Iterator[str | Failure | Skipped]:
    """File paths of the inputs, in order: folders walked, ``-`` read as a
    list of paths (each a file or a folder); ``skips``: see ``walk``."""
    globs = tuple(globs)
    for p in inputs:
        if p == "-":
            import sys

            stream = stdin if stdin is not None else sys.stdin
            for line in stream:
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                if line == "-":
                    yield Failure("-", None, "a path list on standard input cannot name standard input")
                    continue
                yield from expand([line], globs=globs, skips=skips)
        elif os.path.isdir(p):
            yield from walk(p, globs, skips=skips)
        elif os.path.lexists(p):
            yield p
        else:
            yield Failure(p, None, "no such file or folder")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_tasks(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Task | Failure]:
    """The document of one file, or one per record for a JSON Lines corpus."""
    try:
        suffix = check_suffix(path)
        if suffix in JSONL_SUFFIXES:
            yield from jsonl_tasks(path, max_bytes=max_bytes)
            return
        data = read_bytes(path, max_bytes)
    except InputError as exc:
        yield Failure(path, None, exc.problem)
        return
    yield Task(path, None, os.path.abspath(path), _sha256(data), len(data), data=data)


def _record_task(path: str, item: InputText | InputError, lineno: int, raw: bytes,
                 seen: dict[int, int] | None = None) -> Task | Failure:
    if isinstance(item, InputError):
        return Failure(path, lineno, item.problem, len(raw))
    where, sha = f"{os.path.abspath(path)}#{item.id}", _sha256(raw)
    if seen is not None:
        # The same record twice in one corpus is two documents (a batch skips
        # only what it has done before): the second copy's key says it is the
        # second, the same in every run, so resuming still skips both.
        key = hash((where, sha))  # an int: the corpus may hold millions of records
        n = seen[key] = seen.get(key, 0) + 1
        if n > 1:
            where = f"{where}#{n}"
    return Task(path, lineno, where, sha, len(raw), item=item)


def jsonl_tasks(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Task | Failure]:
    """One task per record of a JSON Lines corpus, read line by line (a corpus
    may be far larger than memory).  ``max_bytes`` limits each record.

    JSON Lines is UTF-8; a file in another encoding (UTF-16, GB18030) is read
    whole instead, if it is within ``max_bytes``."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield Failure(path, None, f"cannot read ({exc.strerror or exc})")
        return
    with fh:
        head = fh.read(64 * 1024)
        fh.seek(0)
        if not _utf8_head(head):
            yield from _whole_jsonl(path, max_bytes)
            return
        lineno = 0
        seen: dict[int, int] = {}
        while True:
            raw = fh.readline(max_bytes + 1)
            if not raw:
                return
            lineno += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                size = len(raw) + _skip_line(fh)
                yield Failure(path, lineno, f"record is {size:,} bytes, above the limit of {max_bytes:,} "
                                            "(raise it with --max-bytes)", size)
                continue
            body = raw.rstrip(b"\r\n")
            if lineno == 1 and body.startswith(b"\xef\xbb\xbf"):
                body = body[3:]
            if not body.strip():
                continue
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                yield Failure(path, lineno, "record is not valid UTF-8", len(raw))
                continue
            yield _record_task(path, jsonl_record(text, path, lineno), lineno, body, seen)


def _utf8_head(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # only a character cut at the end of the sample
    return True


def _skip_line(fh) -> int:
    skipped = 0
    while True:
        block = fh.readline(1 << 20)
        skipped += len(block)
        if not block or block.endswith(b"\n"):
            return skipped


def _whole_jsonl(path: str, max_bytes: int) -> Iterator[Task | Failure]:
    seen: dict[int, int] = {}
    try:
        for item in read_path(path, max_bytes=max_bytes):
            lineno = int(item.source.rsplit(":", 1)[1])
            raw = b"" if isinstance(item, InputError) else \
                json.dumps([item.id, item.text, item.date], ensure_ascii=False).encode("utf-8")
            yield _record_task(path, item, lineno, raw, seen)
    except InputError as exc:
        yield Failure(path, None, exc.problem)


def tasks(inputs: Iterable[str], *, globs: Iterable[str] = DEFAULT_GLOBS, max_bytes: int = DEFAULT_MAX_BYTES,
          exclude: Iterable[str] = (), stdin: IO[str] | None = None,
          files: Callable[..., Iterator[Task | Failure]] | None = None) -> Iterator[Task | Failure | Skipped]:
    """Every document of the inputs, in input order.  Files in ``exclude``
    (the batch's own output and errors file) are never read: a folder walk
    skips them, naming one explicitly is a failure.  ``files`` turns one file
    into its tasks (default ``file_tasks``, which reads it).  Files of a
    folder that are not read come as ``Skipped``."""
    inputs = list(inputs)
    skip = {os.path.realpath(p) for p in exclude}
    named = {os.path.realpath(p) for p in inputs if p != "-"}
    for path in expand(inputs, globs=globs, stdin=stdin, skips=True):
        if isinstance(path, (Failure, Skipped)):
            yield path
        elif os.path.realpath(path) in skip:
            if os.path.realpath(path) in named:
                yield Failure(path, None, "is this batch's own output file")
        else:
            yield from (files or file_tasks)(path, max_bytes=max_bytes)


def survey(inputs: Iterable[str], *, globs: Iterable[str] = DEFAULT_GLOBS) -> tuple[int | None, int | None]:
    """(documents, bytes) the inputs hold, for a progress bar, without reading
    them: documents is None when a JSON Lines corpus makes it unknown.  With
    ``-`` among the inputs both are None: standard input can be read only once."""
    inputs = list(inputs)
    if "-" in inputs:
        return None, None
    docs: int | None = 0
    size = 0
    for path in expand(inputs, globs=globs):
        if not isinstance(path, str):
            continue
        try:
            size += os.stat(path).st_size
        except OSError:
            pass
        if Path(path).suffix.lower() in JSONL_SUFFIXES:
            docs = None
        elif docs is not None:
            docs += 1
    return docs, size
