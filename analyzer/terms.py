"""A document's most frequent content words, from its tokens.

Computed where the tokens already are (each batch worker), so that ``analyzer
stats`` reads a short ``top_terms`` list instead of re-segmenting every text.
A term is a word of two or more characters with a letter or a CJK character in
it, not a stop word (corpora/lexicon/stopwords.txt): single characters are
mostly particles (的, 了, 要) and would fill every list.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Iterable

from .resources import load_lines, rule_loader

STOPWORDS = ("lexicon", "stopwords.txt")
TOP_TERMS = 20
_WORDLIKE_RE = re.compile(r"[^\W\d_]")  # a letter or a CJK character, not digits or punctuation


@rule_loader("stopwords", "lexicon")
def stopwords(directory: Path) -> frozenset[str]:
    """The stopwords of ``directory``/stopwords.txt (corpora/lexicon when
    called with no argument: loaded once, shared), left out of the top terms."""
    return frozenset(w for line in load_lines(directory / STOPWORDS[1]) for w in line.split())


def is_term(token: str, stop: frozenset[str] | None = None) -> bool:
    """Whether a token counts as a term: two characters or more, word-like, not a stopword."""
    token = token.strip()
    if len(token) < 2 or not _WORDLIKE_RE.search(token):
        return False
    return token not in (stop if stop is not None else stopwords())


def top_terms(tokens: Iterable[str] | None, n: int = TOP_TERMS) -> list[list]:
    """``[[term, count], …]``, most frequent first (ties: first seen first)."""
    if not tokens:
        return []
    stop = stopwords()
    # Count every token first (in C), then judge each distinct one once.
    counts: Counter = Counter()
    for token, count in Counter(tokens).items():
        if is_term(token, stop):
            counts[token.strip()] += count
    return [[term, count] for term, count in counts.most_common(n)]
