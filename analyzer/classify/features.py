"""Features for the category and problem classifiers, computed with numpy alone.

Each clause becomes a sparse vector of character 1-, 2- and 3-grams (counts,
idf-weighted, L2-normalized over the occurrences) plus dense cue features: the summed weights of the
cue words of each category (corpora/categories/cues.tsv) and of shortcoming
words (corpora/categories/shortcoming_cues.txt).

An n-gram is encoded as one unsigned 64-bit key from its code points
(c1 << 42 | c2 << 21 | c3), so all clauses of a document are featurized in a
few vectorized numpy operations and looked up in the model's sorted key array:
no per-character Python loop on the hot path.  Training (scikit-learn) uses
exactly these functions, so training and inference cannot drift apart.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..categories import CATEGORIES
from ..resources import DataError, literal_pattern, load_lines, load_tsv, rule_loader
from .literals import LiteralSet, code_points, fibonacci_bucket

CUE_CATEGORIES = CATEGORIES
NGRAM_ORDERS = (1, 2, 3)
_SHIFT = np.uint64(21)


def segment_starts(rows: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts in a non-decreasing array (for
    ``reduceat``; np.r_ would cost more than the comparison)."""
    change = np.empty(len(rows), dtype=bool)
    change[:1] = True
    np.not_equal(rows[1:], rows[:-1], out=change[1:])
    return np.flatnonzero(change)


def joined_codes(texts: list[str]) -> tuple[str, np.ndarray]:
    """The texts joined by NUL (which no n-gram or cue holds), and its code
    points as uint64: computed once per batch for the n-grams and the cues."""
    joined = "\x00".join(texts)
    return joined, code_points(joined)


def ngram_keys(texts: list[str], codes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(row, key) for every character n-gram of every text (n-grams never
    cross from one text into the next), in text order: the rows come out
    non-decreasing, so the model sums each text's entries with one
    ``reduceat`` and nothing is sorted.  ``codes``: ``joined_codes(texts)``'s
    array, when the caller has it."""
    if not texts:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    if codes is None:
        codes = joined_codes(texts)[1]
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    lengths[-1] -= 1  # no separator after the last text
    rows_at = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    n_codes = len(codes)
    # Column j holds the n-gram of order NGRAM_ORDERS[j] starting at each
    # position; read row by row, the table lists every n-gram in text order.
    keys = np.empty((n_codes, len(NGRAM_ORDERS)), dtype=np.uint64)
    valid = np.empty((n_codes, len(NGRAM_ORDERS)), dtype=bool)
    key, ok = codes.copy(), codes != 0
    for n in range(1, max(NGRAM_ORDERS) + 1):
        if n > 1:
            nxt = np.zeros(n_codes, dtype=np.uint64)  # past the end: 0, never part of an n-gram
            nxt[:n_codes - n + 1] = codes[n - 1:]
            key = (key << _SHIFT) | nxt
            ok &= nxt != 0
        if n in NGRAM_ORDERS:
            j = NGRAM_ORDERS.index(n)
            keys[:, j] = key
            valid[:, j] = ok
    valid = valid.ravel()
    return np.repeat(rows_at, len(NGRAM_ORDERS))[valid], keys.ravel()[valid]


@dataclass(frozen=True)
class CueLexicon:
    """The category cue words and their weights, and the shortcoming cues, compiled for matching."""
    regex: re.Pattern | None                 # category cues, longest first
    weights: dict[str, tuple[float, ...]]    # category cue -> weight per category column
    shortcoming: re.Pattern | None           # shortcoming cues, matched on their own
    columns: tuple[str, ...]
    # The category cues again, found by hashing (literals.LiteralSet: the
    # same matches as the regex, three times faster on a document's clauses)
    category_words: LiteralSet = LiteralSet(())

    @functools.cached_property
    def weight_row(self) -> dict[str, int]:
        """Category cue -> its row in ``weight_rows``."""
        return {w: i for i, w in enumerate(self.weights)}

    @functools.cached_property
    def weight_rows(self) -> np.ndarray:
        """The cue weights as a (cues, categories) float32 matrix, in the order of ``weights``."""
        return np.array(list(self.weights.values()), dtype=np.float32).reshape(-1, len(CUE_CATEGORIES))

    def has_shortcoming(self, text: str) -> bool:
        """Whether ``text`` holds a shortcoming cue."""
        return self.shortcoming is not None and self.shortcoming.search(text) is not None


def _alternation(words) -> re.Pattern | None:
    words = set(words)
    return re.compile(literal_pattern(words)) if words else None


@rule_loader("cues", "categories")
def cue_lexicon(directory: Path) -> CueLexicon:
    """Category cues (cues.tsv) and shortcoming cues (shortcoming_cues.txt) of
    ``directory`` (corpora/categories when called with no argument: loaded
    once, shared), validated on load.

    The two lists are matched separately: a category cue such as 虚假整改 must
    not hide the shortcoming cue 虚假 inside it."""
    path = directory / "cues.tsv"
    weights: dict[str, list[float]] = {}
    columns = CUE_CATEGORIES + ("shortcoming",)
    for i, row in enumerate(load_tsv(path, columns=3), 1):
        cue, category, weight = row
        if i == 1 and cue == "cue":
            continue
        if category not in CUE_CATEGORIES:
            raise DataError(f"{path}: cue '{cue}': unknown category '{category}'")
        try:
            w = float(weight)
        except ValueError:
            raise DataError(f"{path}: cue '{cue}': weight '{weight}' is not a number") from None
        if not 0 < w <= 1:
            raise DataError(f"{path}: cue '{cue}': weight must be in (0, 1]")
        weights.setdefault(cue, [0.0] * len(CUE_CATEGORIES))[CUE_CATEGORIES.index(category)] = w
    shortcoming = _alternation(load_lines(directory / "shortcoming_cues.txt"))
    return CueLexicon(_alternation(weights), {k: tuple(v) for k, v in weights.items()}, shortcoming, columns,
                      LiteralSet(weights))


def cue_features(texts: list[str], lexicon: CueLexicon | None = None,
                 shortcoming_counts: np.ndarray | None = None,
                 joined: tuple[str, np.ndarray] | None = None) -> np.ndarray:
    """Dense (n_texts, n_cue_columns) matrix: summed cue weights per category,
    and the number of shortcoming cues; each capped at 2.

    The cue words are found once over all texts joined (a separator no cue
    holds; by literals.LiteralSet, which gives the same matches as the
    lexicon's regexes), and each match is given to its text by offset.  A caller
    that has counted the shortcoming cues of each text already (the
    classifier, from one pass over the document) passes the counts, and
    ``joined_codes(texts)`` when it has them."""
    lexicon = lexicon or cue_lexicon()
    out = np.zeros((len(texts), len(lexicon.columns)), dtype=np.float32)
    if not texts:
        return out
    n_cat = len(lexicon.columns) - 1
    joined, codes = joined or joined_codes(texts)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    hits = lexicon.category_words.find(joined, codes)
    if hits:
        # the hits come in text order: each text's weights are one segment
        positions, words = zip(*hits)
        rows = np.searchsorted(starts, positions, side="right") - 1
        weights = lexicon.weight_rows.take([lexicon.weight_row[w] for w in words], axis=0)
        first = segment_starts(rows)
        out[rows.take(first), :n_cat] = np.add.reduceat(weights, first)
    if shortcoming_counts is not None:
        out[:, n_cat] = shortcoming_counts
    elif lexicon.shortcoming is not None:
        found = [m.start() for m in lexicon.shortcoming.finditer(joined)]
        if found:
            rows = np.searchsorted(starts, found, side="right") - 1
            out[:, n_cat] = np.bincount(rows, minlength=len(texts))
    np.minimum(out, 2.0, out=out)
    return out


# 2**18 buckets for the model's ~25k keys: about one key in 11 shares its
# bucket (and is found by binary search; with 16 bits, one in 3) and the
# int16 table is 512 KB.
_BUCKET_BITS = 18


def _bucket(keys: np.ndarray) -> np.ndarray:
    return fibonacci_bucket(keys, _BUCKET_BITS)


@dataclass(frozen=True)
class Vocabulary:
    """The classifier's hashed n-gram vocabulary: sorted keys and their idf weights."""
    keys: np.ndarray     # sorted uint64 n-gram keys
    idf: np.ndarray      # float32 idf weight per key

    def __len__(self) -> int:
        return len(self.keys)

    @functools.cached_property
    def _buckets(self) -> np.ndarray:
        """A hash table over the keys: bucket -> index of the only key there,
        -1 for none, -2 for several.  Binary search in the sorted keys costs
        ~50 ns per n-gram (cache misses); one gather in an int16 table costs
        a fraction of that."""
        dtype = np.int16 if len(self.keys) < np.iinfo(np.int16).max else np.int32
        table = np.full(1 << _BUCKET_BITS, -1, dtype=dtype)
        if len(self.keys):
            h = _bucket(self.keys)
            table[h] = np.arange(len(self.keys), dtype=dtype)
            table[np.bincount(h.astype(np.int64), minlength=1 << _BUCKET_BITS) > 1] = -2
        return table

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index, found) of each key in the vocabulary, exact: keys whose
        bucket holds several are looked up by binary search."""
        pos = self._buckets.take(_bucket(keys)).astype(np.int64)
        hit = pos >= 0
        hit &= self.keys.take(pos) == keys  # a negative pos reads some key: masked by hit
        amb = np.flatnonzero(pos == -2)
        if len(amb):
            p = np.searchsorted(self.keys, keys[amb])
            p[p >= len(self.keys)] = 0
            pos[amb] = p
            hit[amb] = self.keys[p] == keys[amb]
        return pos, hit

    def entries(self, texts: list[str], codes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every occurrence of a known n-gram, rows
        non-decreasing (``codes`` as for ``ngram_keys``)."""
        rows, keys = ngram_keys(texts, codes)
        if len(keys) == 0 or len(self.keys) == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        pos, hit = self.find(keys)
        return rows[hit], pos[hit]

    def sparse_rows(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, value) of the n-gram matrix, rows non-decreasing: one
        entry per occurrence of a known n-gram, valued its idf, each row
        L2-normalized over its entries.  A repeated n-gram gives repeated
        entries (summed: its count times idf) and counts once per occurrence
        in the norm, so no grouping, sorting or unique step is needed."""
        rows, cols = self.entries(texts)
        vals = self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=vals.astype(np.float64) ** 2, minlength=len(texts)))
        vals = vals / np.maximum(norms[rows], 1e-12).astype(np.float32)
        return rows, cols, vals


def build_vocabulary(texts: list[str], min_df: int = 2) -> Vocabulary:
    """Keys seen in at least ``min_df`` texts, with smoothed idf (as scikit-learn's)."""
    rows, keys = ngram_keys(texts)
    n_rows = len(texts)
    pairs = np.unique(np.stack([keys, rows.astype(np.uint64)]), axis=1)  # each key once per text
    uniq_keys, df = np.unique(pairs[0], return_counts=True)
    keep = df >= min_df
    uniq_keys, df = uniq_keys[keep], df[keep]
    idf = (np.log((1 + n_rows) / (1 + df)) + 1).astype(np.float32)
    return Vocabulary(uniq_keys, idf)
