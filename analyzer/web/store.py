"""Analyses kept in memory on the server, keyed by a random id.

Nothing of a document goes into a cookie or to disk: the page links carry the
id, the store holds the analyzed documents and the drafted list.  The store is
bounded both in entries and in characters held (original plus normalized text
of every document); the least recently used analyses are dropped first, and a
page for a dropped id is a 404 that says to upload again.
"""
from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from ..document import Document
from ..ledger.build import Ledger


@dataclass
class Analysis:
    """One analysis kept for the page: its documents, list and read errors."""
    docs: list[Document]
    ledger: Ledger
    errors: list[str] = field(default_factory=list)     # inputs that could not be read, one line each
    id: str = ""
    created: float = field(default_factory=time.time)

    @property
    def size(self) -> int:
        """The characters it holds (what the store's budget counts)."""
        return sum(len(d.text) + len(d.original) for d in self.docs) or 1

    def doc_index(self) -> dict[str, int]:
        """Document id -> its index in ``docs``."""
        return {d.id: i for i, d in enumerate(self.docs)}


class AnalysisStore:
    """A thread-safe LRU map id -> Analysis, bounded in entries and characters."""

    def __init__(self, max_entries: int = 20, max_chars: int = 200_000_000):
        if max_entries < 1 or max_chars < 1:
            raise ValueError("the store must hold at least one analysis")
        self.max_entries = max_entries
        self.max_chars = max_chars
        self._items: OrderedDict[str, Analysis] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def put(self, analysis: Analysis) -> str:
        """Keep an analysis under a new unguessable id (returned), dropping the oldest beyond the budget."""
        key = secrets.token_urlsafe(16)          # 128 random bits: ids are not guessable
        analysis.id = key
        with self._lock:
            self._items[key] = analysis
            self._chars += analysis.size
            # the newest analysis always stays, even when it alone is above the budget
            while len(self._items) > 1 and (len(self._items) > self.max_entries or self._chars > self.max_chars):
                _, old = self._items.popitem(last=False)
                self._chars -= old.size
        return key

    def get(self, key: str) -> Analysis | None:
        """The analysis kept under ``key`` (now the most recent), or None."""
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    @property
    def chars(self) -> int:
        """The characters held in all."""
        with self._lock:
            return self._chars
