"""Group a stream of tasks into chunks (one round trip to a worker each)."""
from __future__ import annotations

from collections import deque
from typing import Callable, Iterable, Iterator

from .sources import Task

# What tapered_chunks reads ahead at most: the bytes of the files when the
# client ships them (a remote cluster without shared storage).
TAPER_AHEAD = 64 * 1024 * 1024


def chunks(tasks: Iterable[Task], max_docs: int, max_bytes: int) -> Iterator[list[Task]]:
    """Consecutive chunks of ``tasks``, each closed at ``max_docs`` documents or once it reaches ``max_bytes``."""
    chunk: list[Task] = []
    size = 0
    for task in tasks:
        chunk.append(task)
        size += task.size
        if len(chunk) >= max_docs or size >= max_bytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def tapered_chunks(tasks: Iterable[Task], max_docs: int, max_bytes: int, *, parts: Callable[[], int],
                   min_bytes: int) -> Iterator[list[Task]]:
    """As ``chunks``, but the last chunks are smaller: once the end of
    ``tasks`` is within the bytes read ahead (``2 * parts() * max_bytes``, at
    most ``TAPER_AHEAD``), each chunk takes at most the bytes left divided by
    ``2 * parts()`` (no less than ``min_bytes``).  With big chunks (a task costs
    a cluster more than a pipe) the last one would otherwise leave the other
    workers idle for a whole chunk's time; shrinking chunks towards the end
    (guided self-scheduling) keeps them all busy nearly to the end.
    ``parts``: how many workers there are now."""
    it = iter(tasks)
    ahead: deque[Task] = deque()
    ahead_bytes = 0
    ended = False
    while True:
        n = max(1, parts())
        horizon = min(2 * n * max_bytes, TAPER_AHEAD) + max_bytes
        while not ended and ahead_bytes < horizon:
            task = next(it, None)
            if task is None:
                ended = True
                break
            ahead.append(task)
            ahead_bytes += task.size
        if not ahead:
            return
        limit = min(max_bytes, max(min_bytes, ahead_bytes // (2 * n))) if ended else max_bytes
        chunk: list[Task] = []
        size = 0
        while ahead and len(chunk) < max_docs and size < limit:
            task = ahead.popleft()
            chunk.append(task)
            size += task.size
        ahead_bytes -= size
        yield chunk
