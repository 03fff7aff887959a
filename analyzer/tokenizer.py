"""The one shared jieba tokenizer, with the domain dictionary loaded.

Every module that segments words goes through :func:`get_tokenizer`, so the
domain dictionary (``corpora/lexicon/domain_dict.txt``) is loaded once and the
global ``jieba`` state is never touched.  jieba is imported lazily.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from .resources import corpus_path

_LOCK = threading.Lock()
_LINE = re.compile(r"^(?P<word>[^\s]+) (?P<freq>\d+) (?P<tag>[a-z]+)$")
JIEBA_TAGS = frozenset(
    "a ad ag an b c d dg e f g h i j k l m mq n ng nr nrfg nrt ns nt nz o p q r rr rz s t tg "
    "u ud ug uj ul uv uz v vd vg vi vn vq x y z zg eng".split()
)


def domain_dict_path() -> Path:
    return corpus_path("lexicon", "domain_dict.txt")


def read_domain_dict(path: str | Path | None = None) -> list[tuple[str, int, str]]:
    """Rows ``(word, freq, tag)`` of a jieba user dictionary, validated.

    A bad row raises ValueError naming the file and the line.
    """
    p = Path(path) if path else domain_dict_path()
    rows: list[tuple[str, int, str]] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            raise ValueError(f"{p}:{lineno}: expected 'word freq tag', got {line!r}")
        word, freq, tag = m.group("word"), int(m.group("freq")), m.group("tag")
        if tag not in JIEBA_TAGS:
            raise ValueError(f"{p}:{lineno}: unknown jieba tag {tag!r} in {line!r}")
        if freq <= 0:
            raise ValueError(f"{p}:{lineno}: frequency must be positive in {line!r}")
        if word in seen:
            raise ValueError(f"{p}:{lineno}: duplicate word {word!r} (first on line {seen[word]})")
        seen[word] = lineno
        rows.append((word, freq, tag))
    return rows


@lru_cache(maxsize=1)
def get_tokenizer():
    """The shared ``jieba.Tokenizer`` with the domain dictionary added."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _LOCK:
        tok = jieba.Tokenizer()
        tok.initialize()
        for word, freq, tag in read_domain_dict():
            tok.add_word(word, freq, tag)
    return tok


@lru_cache(maxsize=1)
def get_pos_tokenizer():
    """A ``jieba.posseg.POSTokenizer`` over the shared tokenizer (words with tags)."""
    import jieba.posseg

    return jieba.posseg.POSTokenizer(get_tokenizer())
