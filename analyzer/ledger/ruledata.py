"""Read a rule file of ``corpora/ledger/`` with one clear error when it is wrong."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, TypeVar

from ..resources import DataError, load_toml

T = TypeVar("T")


def load_rule_file(path: Path, build: Callable[[dict], T]) -> T:
    """``build`` the rules from the TOML file ``path``; a missing key, a bad
    value or a bad regex is a DataError naming the file (and the key)."""
    data = load_toml(path)
    try:
        return build(data)
    except (KeyError, TypeError, ValueError, AttributeError, re.error) as exc:
        raise DataError(f"{path}: {type(exc).__name__}: {exc}", path=path) from exc
