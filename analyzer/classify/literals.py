"""Find a fixed list of words in many texts at once, with numpy.

The cue features need every cue word in every clause a document classifies:
a regex alternation of a few hundred words walks the text in Python's regex
engine at ~120 ns a character, more than the rest of the classifier.  Here the
texts are one array of code points; for each word length a rolling
polynomial hash of every window is computed in a few vectorized operations
and looked up in a table of the words' hash buckets; only the (few) windows
that hit are checked as strings, in order.

The result is exactly what ``re.finditer`` gives for the words as an
alternation sorted longest first: leftmost match, longest word at that
position, then the search goes on after it (matches never overlap).
"""
from __future__ import annotations

import numpy as np

_BASE = np.uint64(0x100000001B3)  # any odd multiplier: hashes wrap around 2**64


class LiteralSet:
    """Words to find; ``find`` gives (start, word) of every match."""

    def __init__(self, words):
        self.words = frozenset(w for w in words if w and "\x00" not in w)
        self.lengths = sorted({len(w) for w in self.words})
        # Per length, a bit per hash bucket: is some word's hash there?  A
        # window whose bucket is empty is no word; one whose bucket is full is
        # checked as a string (a false hit costs a comparison, never a miss).
        # One table for all lengths (the length is mixed into the bucket):
        # 64 KB stays in the processor's cache between documents.
        self._table = np.zeros(1 << _BUCKET_BITS, dtype=bool)
        if self.words:
            hashes = np.array([_hash(w) for w in self.words], dtype=np.uint64)
            lens = np.array([len(w) for w in self.words], dtype=np.uint64)
            self._table[_bucket(hashes, lens)] = True
        self._has_length = {n: True for n in self.lengths}

    def __bool__(self) -> bool:
        return bool(self.words)

    def find(self, text: str, codes: np.ndarray | None = None) -> list[tuple[int, str]]:
        """Non-overlapping matches in ``text``, leftmost then longest first.
        ``codes`` (text's code points as uint64) may be passed when the caller
        has them already.  A NUL character is never part of a match."""
        if not self.words or not text:
            return []
        if codes is None:
            codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        n_codes = len(codes)
        starts_all, lens_all = [], []
        h = np.zeros(n_codes, dtype=np.uint64)
        valid = np.ones(n_codes, dtype=bool)
        with np.errstate(over="ignore"):
            for n in range(1, self.lengths[-1] + 1):
                m = n_codes - n + 1
                if m <= 0:
                    break
                # h[i] is the hash of codes[i:i+n]; valid[i]: no NUL inside
                h = h[:m] * _BASE + codes[n - 1:n - 1 + m]
                valid = valid[:m] & (codes[n - 1:n - 1 + m] != 0)
                if n not in self._has_length:
                    continue
                hit = np.flatnonzero(valid & self._table[_bucket(h, np.uint64(n))])
                if len(hit):
                    starts_all.append(hit)
                    lens_all.append(np.full(len(hit), n, dtype=np.int64))
        if not starts_all:
            return []
        starts = np.concatenate(starts_all)
        lens = np.concatenate(lens_all)
        order = np.lexsort((-lens, starts))  # by start, the longest first
        out: list[tuple[int, str]] = []
        words = self.words
        free = 0
        for s, n in zip(starts[order].tolist(), lens[order].tolist()):
            if s < free:
                continue
            word = text[s:s + n]
            if word in words:  # a hash can collide: the string decides
                out.append((s, word))
                free = s + n
        return out


_BUCKET_BITS = 16
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_SALT = np.uint64(0xC2B2AE3D27D4EB4F)


def fibonacci_bucket(values: np.ndarray, bits: int) -> np.ndarray:
    """The top ``bits`` bits of ``values`` times the golden ratio in 64 bits:
    a cheap, well-spread bucket for uint64 keys (also the vocabulary's)."""
    with np.errstate(over="ignore"):
        return (values * _GOLDEN) >> np.uint64(64 - bits)


def _bucket(h: np.ndarray, length) -> np.ndarray:
    with np.errstate(over="ignore"):
        return fibonacci_bucket(h ^ (length * _SALT), _BUCKET_BITS)


def _hash(word: str) -> int:
    h = 0
    for ch in word:
        h = (h * int(_BASE) + ord(ch)) % (1 << 64)
    return h
