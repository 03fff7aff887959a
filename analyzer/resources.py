"""Find the data files shipped under ``corpora/`` (installed as ``analyzer.corpora``).

In a checkout the data sits at the top of the repository; in an installed wheel it
is the package ``analyzer.corpora``.  Both are found by :func:`corpus_path`.
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _corpora_root() -> Path:
    return _find_root(Path(__file__).resolve().parents[1] / "corpora")


def _find_root(local: Path) -> Path:
    # A checkout (or an editable install) keeps corpora/ beside the analyzer package;
    # that copy wins, so a work tree never reads another checkout's data through an
    # editable-install finder.  An installed wheel has it as analyzer.corpora.
    if (local / "__init__.py").is_file():
        return local
    try:
        from importlib.resources import files

        root = Path(str(files("analyzer.corpora")))
        if root.is_dir():
            return root
    except (ModuleNotFoundError, TypeError, ValueError):
        pass
    return local


def corpus_path(*parts: str) -> Path:
    """The path of a data file under ``corpora/``, e.g. ``corpus_path("parties", "lexicon.tsv")``."""
    return _corpora_root().joinpath(*parts)


def load_toml(*parts: str) -> dict:
    """Parse a TOML data file under ``corpora/``; a syntax error names the file."""
    path = corpus_path(*parts)
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: invalid TOML: {exc}") from exc
