"""The category and problem classifiers at run time: numpy only, no pickle.

A model is two files in models/: ``classifier.json`` (metadata: classes,
feature layout, data hash, library versions, cross-validated and held-out
scores, and the SHA-256 of the weights file) and ``classifier.npz`` (arrays:
n-gram keys, idf, weights and biases of each head), loaded with
``allow_pickle=False``.  A missing, corrupted or tampered file is a
``DataError`` naming it; nothing in either file is ever executed.
"""
from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..resources import DataError, model_path
from .features import CATEGORIES, CueLexicon, Vocabulary, cue_features, cue_lexicon, joined_codes, segment_starts

MODEL_JSON = "classifier.json"
MODEL_NPZ = "classifier.npz"
# /2: n-gram counts with an occurrence L2 norm (/1 had binary n-grams: its
# weights would be misread, so a /1 model is refused, not used)
FORMAT = "zh-speech-analyzer/linear-classifier/2"
BATCH_CHARS = 1 << 17


@dataclass(frozen=True)
class Head:
    """One linear head of the classifier: its classes, weights and bias."""
    classes: tuple[str, ...]
    weights: np.ndarray   # (n_classes, n_features) float32
    bias: np.ndarray      # (n_classes,) float32

    def probabilities(self, rows, cols, vals, dense: np.ndarray, n: int) -> np.ndarray:
        """Class probabilities of ``n`` texts from their sparse n-gram features and dense cue features."""
        n_sparse = self.weights.shape[1] - dense.shape[1]
        logits = np.tile(self.bias.astype(np.float64), (n, 1))
        if len(rows):
            w = self.weights[:, cols].astype(np.float64) * vals  # (n_classes, nnz)
            for k in range(w.shape[0]):  # one bincount per class beats np.add.at
                logits[:, k] += np.bincount(rows, weights=w[k], minlength=n)
        if dense.shape[1]:
            logits += dense.astype(np.float64) @ self.weights[:, n_sparse:].T.astype(np.float64)
        return _head_output(self, logits)


@dataclass(frozen=True)
class Classifier:
    """The category and problem classifier: a vocabulary, two heads, and the model's metadata."""
    vocabulary: Vocabulary
    category: Head
    problem: Head
    meta: dict
    cues: CueLexicon

    def features(self, texts: list[str], shortcoming_counts: np.ndarray | None = None):
        """The sparse n-gram features and the dense cue features of ``texts``."""
        rows, cols, vals = self.vocabulary.sparse_rows(texts)
        return rows, cols, vals, self._cues(texts, shortcoming_counts)

    def _cues(self, texts: list[str], shortcoming_counts: np.ndarray | None = None,
              joined: tuple[str, np.ndarray] | None = None) -> np.ndarray:
        """The dense cue features, scaled as in training (``cue_scale``)."""
        return cue_features(texts, self.cues, shortcoming_counts, joined) * float(self.meta.get("cue_scale", 1.0))

    @functools.cached_property
    def _stacked(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(per n-gram table, dense weights, biases) of both heads together.

        A row's n-gram logits are sum(w * idf) / sqrt(sum(idf ** 2)) over its
        entries (``Vocabulary.sparse_rows``' values are idf / norm), so each
        n-gram's row of the table holds its six weights times its idf, then
        its idf squared: one gather and one ``reduceat`` per document give
        both sums.  The table stays float32 (half the memory traffic of the
        gather); sums are taken in float64."""
        w = np.concatenate([self.category.weights, self.problem.weights]).astype(np.float64)
        n_sparse = len(self.vocabulary)
        idf = self.vocabulary.idf.astype(np.float64)
        table = np.concatenate([w[:, :n_sparse].T * idf[:, None], (idf ** 2)[:, None]], axis=1)
        bias = np.concatenate([self.category.bias, self.problem.bias]).astype(np.float64)
        return np.ascontiguousarray(table, dtype=np.float32), np.ascontiguousarray(w[:, n_sparse:].T), bias

    def predict(self, texts: list[str], shortcoming_counts: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
        """(category probabilities (n, 5), problem probability (n,)).
        ``shortcoming_counts``: the number of shortcoming cues in each text,
        when the caller has counted them (see ``cue_features``).

        Texts are scored in batches of about ``BATCH_CHARS`` characters: each
        text's features are its own, so the result is the same, and the
        arrays of a huge document (several per character) stay
        small: time and memory grow linearly with the document.  Within a
        batch both heads are computed together (``_predict``)."""
        if not texts:
            return np.zeros((0, len(CATEGORIES))), np.zeros(0)
        if sum(map(len, texts)) + len(texts) < BATCH_CHARS:  # a document's clauses, as a rule
            return self._predict(texts, shortcoming_counts)
        batches, start, size = [], 0, 0
        for i, t in enumerate(texts):
            size += len(t) + 1
            if size >= BATCH_CHARS:
                batches.append((start, i + 1))
                start, size = i + 1, 0
        if start < len(texts):
            batches.append((start, len(texts)))
        if len(batches) == 1:
            return self._predict(texts, shortcoming_counts)
        parts = [self._predict(texts[a:b], None if shortcoming_counts is None else shortcoming_counts[a:b])
                 for a, b in batches]
        return np.concatenate([c for c, _ in parts]), np.concatenate([p for _, p in parts])

    def _predict(self, texts: list[str], shortcoming_counts: np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
        """The numbers of each head's ``probabilities`` (to float32
        rounding), both heads at once: the n-gram entries come in row order,
        so one ``reduceat`` sums each row's weights and its norm."""
        joined = joined_codes(texts)
        rows, cols = self.vocabulary.entries(texts, joined[1])
        table, dense_w, bias = self._stacked
        logits = np.tile(bias, (len(texts), 1))
        if len(rows):
            starts = segment_starts(rows)
            # take(), not table[cols]: numpy's fancy indexing of rows is ~4x slower
            sums = np.add.reduceat(table.take(cols, axis=0), starts, dtype=np.float64)
            logits[rows.take(starts)] += sums[:, :-1] / np.sqrt(sums[:, -1:])
        dense = self._cues(texts, shortcoming_counts, joined)
        if dense.shape[1]:
            logits += dense.astype(np.float64) @ dense_w
        k = len(self.category.classes)
        cat = _softmax(logits[:, :k])
        prob = _head_output(self.problem, logits[:, k:])
        return cat, prob[:, list(self.problem.classes).index("problem")]


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


def _head_output(head: "Head", logits: np.ndarray) -> np.ndarray:
    if len(head.classes) == 2 and head.weights.shape[0] == 1:
        p1 = _sigmoid(logits[:, 0])
        return np.stack([1 - p1, p1], axis=1)
    return _softmax(logits)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-x) without overflow: a clause that repeats one word
    thousands of times has a logit in the thousands (its n-gram counts grow
    faster than their norm), and e^1000 is inf with a RuntimeWarning."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sha256_file(path: Path) -> str:
    """The SHA-256 hex digest of a file, read in 1 MB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_classifier(json_path: Path | None = None, npz_path: Path | None = None) -> Classifier:
    """Load the model (JSON + NPZ, checked against each other); DataError names the file when it is wrong."""
    json_path = json_path or model_path(MODEL_JSON)
    npz_path = npz_path or model_path(MODEL_NPZ)
    try:
        meta = json.loads(json_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{json_path}: model file missing (rebuild it with `analyzer train`)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{json_path}: model file is corrupted ({exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise DataError(f"{json_path}: not a model of format {FORMAT}")
    try:
        digest = sha256_file(npz_path)
    except FileNotFoundError:
        raise DataError(f"{npz_path}: model weights missing (rebuild them with `analyzer train`)") from None
    except OSError as exc:
        raise DataError(f"{npz_path}: cannot read model weights ({exc})") from None
    if digest != meta.get("weights_sha256"):
        raise DataError(f"{npz_path}: weights do not match {json_path.name} (corrupted or tampered; "
                        "rebuild with `analyzer train`)")
    try:
        with np.load(npz_path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except Exception as exc:  # numpy raises several types on a damaged zip
        raise DataError(f"{npz_path}: model weights are corrupted ({type(exc).__name__})") from None
    try:
        keys, idf = arrays["keys"], arrays["idf"]
        n_features = len(keys) + len(meta["cue_columns"])
        heads = {}
        for name in ("category", "problem"):
            w, b = arrays[f"{name}_weights"], arrays[f"{name}_bias"]
            classes = tuple(meta[f"{name}_classes"])
            if w.ndim != 2 or w.shape[1] != n_features or b.shape[0] != w.shape[0]:
                raise ValueError(f"{name} weights have shape {w.shape}, expected (*, {n_features})")
            heads[name] = Head(classes, w.astype(np.float32), b.astype(np.float32))
        if keys.dtype != np.uint64 or idf.shape != keys.shape or not np.all(keys[1:] > keys[:-1]):
            raise ValueError("n-gram keys are not a sorted uint64 array matching idf")
        if heads["category"].classes != CATEGORIES:
            raise ValueError(f"category classes {heads['category'].classes} != {CATEGORIES}")
    except (KeyError, ValueError) as exc:
        raise DataError(f"{npz_path}: model weights do not fit the model description ({exc})") from None
    cues = cue_lexicon()
    if tuple(meta["cue_columns"]) != cues.columns:
        raise DataError(f"{json_path}: cue columns {meta['cue_columns']} differ from the lexicon's {cues.columns}")
    return Classifier(Vocabulary(keys, idf.astype(np.float32)), heads["category"], heads["problem"], meta, cues)


@functools.cache
def get_classifier() -> Classifier:
    """The shipped model, loaded once per process."""
    return load_classifier()
