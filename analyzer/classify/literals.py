"""Find a fixed list of words in many texts at once, with numpy.

The cue features need every cue word in every clause a document classifies:
a regex alternation of a few hundred words walks the text in Python's regex
engine at ~120 ns a character, more than the rest of the classifier.  Here the
texts are one array of code points; the first two code points of every
position (one 42-bit key) are looked up, in one vectorized step, in a table
of the words' first two characters.  Only the positions that hit (a word may
start there) are checked as strings, in order, longest word first.

The result is exactly what ``re.finditer`` gives for the words as an
alternation sorted longest first: leftmost match, longest word at that
position, then the search goes on after it (matches never overlap).
"""
from __future__ import annotations

import numpy as np

_BUCKET_BITS = 16
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_SHIFT = np.uint64(21)  # code points need 21 bits


class LiteralSet:
    """Words to find; ``find`` gives (start, word) of every match."""

    def __init__(self, words):
        self.words = frozenset(w for w in words if w and "\x00" not in w)
        self.lengths = sorted({len(w) for w in self.words})
        # Words are found by their first two characters (one when a word has
        # only one).  Per prefix, the lengths of its words, longest first.
        self._prefix_len = min(2, self.lengths[0]) if self.words else 2
        lengths_at: dict[str, set[int]] = {}
        for w in self.words:
            lengths_at.setdefault(w[:self._prefix_len], set()).add(len(w))
        self._lengths_at = {p: tuple(sorted(ns, reverse=True)) for p, ns in lengths_at.items()}
        # A bit per hash bucket: may a word start with this prefix?  A full
        # bucket is checked as a string (a false hit costs one dictionary
        # look-up, never a miss); 64 KB stays in the processor's cache.
        self._table = np.zeros(1 << _BUCKET_BITS, dtype=bool)
        if self.words:
            keys = np.array([_prefix_key(p) for p in self._lengths_at], dtype=np.uint64)
            self._table[fibonacci_bucket(keys, _BUCKET_BITS)] = True

    def __bool__(self) -> bool:
        return bool(self.words)

    def find(self, text: str, codes: np.ndarray | None = None) -> list[tuple[int, str]]:
        """Non-overlapping matches in ``text``, leftmost then longest first.
        ``codes`` (text's code points as uint64) may be passed when the caller
        has them already.  A NUL character is never part of a match (no word
        holds one)."""
        if not self.words or not text:
            return []
        if codes is None:
            codes = code_points(text)
        if self._prefix_len == 2:
            keys = (codes[:-1] << _SHIFT) | codes[1:]
        else:
            keys = codes
        starts = np.flatnonzero(self._table[fibonacci_bucket(keys, _BUCKET_BITS)]).tolist()
        out: list[tuple[int, str]] = []
        words, lengths_at, p = self.words, self._lengths_at, self._prefix_len
        free = 0
        for s in starts:
            if s < free:
                continue
            lengths = lengths_at.get(text[s:s + p])
            if lengths is None:  # another prefix in the same bucket
                continue
            for n in lengths:
                word = text[s:s + n]
                if word in words:
                    out.append((s, word))
                    free = s + n
                    break
        return out


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as uint64 (room to shift n-grams into one key)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def fibonacci_bucket(values: np.ndarray, bits: int) -> np.ndarray:
    """The top ``bits`` bits of ``values`` times the golden ratio in 64 bits:
    a cheap, well-spread bucket for uint64 keys (also the vocabulary's)."""
    with np.errstate(over="ignore"):
        return (values * _GOLDEN) >> np.uint64(64 - bits)


def _prefix_key(prefix: str) -> int:
    key = 0
    for ch in prefix:
        key = (key << 21) | ord(ch)
    return key
