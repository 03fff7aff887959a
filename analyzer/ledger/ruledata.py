"""Load a rule file of ``corpora/ledger/`` with one clear error when it is wrong."""
from __future__ import annotations

import re
from typing import Callable, TypeVar

from ..resources import DataError, load_toml

T = TypeVar("T")


def load_rule_file(parts: tuple[str, ...], build: Callable[[dict], T]) -> T:
    """``build`` the rules from the TOML file ``corpora/<parts>``; a missing
    key, a bad value or a bad regex is a DataError naming the file."""
    data = load_toml(*parts)
    try:
        return build(data)
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise DataError(f"corpora/{'/'.join(parts)}: {type(exc).__name__}: {exc}") from exc
