"""Find the rule data (``corpora/``) in a source checkout and in an installed wheel.

In a checkout the data sits at the top of the repository (``corpora/``, next to
``analyzer/``); an installed wheel ships the same directory as the package
``analyzer.corpora`` (inside ``analyzer/``).

``importlib.resources`` is asked first, but its answer is only taken when it
belongs to the same tree as this module: an editable install of *another*
checkout maps ``analyzer.corpora`` to that checkout's ``corpora/`` even when
``analyzer`` itself is imported from here (a git worktree next to it), and the
data must come from the tree the code comes from.
"""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path

_HERE = Path(__file__).resolve().parent  # .../analyzer


@functools.lru_cache(maxsize=1)
def corpora_root() -> Path:
    """The directory that holds the rule data."""
    installed = _HERE / "corpora"        # wheel layout: analyzer/corpora
    checkout = _HERE.parent / "corpora"  # source layout: corpora/ next to analyzer/
    found: Path | None = None
    try:
        from importlib.resources import files

        found = Path(str(files("analyzer.corpora"))).resolve()
    except (ModuleNotFoundError, TypeError, ValueError, OSError):
        found = None
    if found is not None and found.is_dir() and found in (installed.resolve(), checkout.resolve()):
        return found
    for candidate in (checkout, installed):
        if (candidate / "__init__.py").is_file():
            return candidate
    if found is not None and found.is_dir():
        return found
    return checkout


def corpus_path(*parts: str) -> Path:
    """Path of a file or directory under the corpora root: ``corpus_path("time", "lexicon.toml")``."""
    return corpora_root().joinpath(*parts)


def load_toml(*parts: str) -> dict:
    """Parse one TOML file under the corpora root; errors name the file."""
    path = corpus_path(*parts)
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise FileNotFoundError(f"rule data not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: invalid TOML: {exc}") from None
