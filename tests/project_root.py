"""Where the tests find the project and the shared documents beside it,
whatever the depth of the test file (tests/ is on the import path:
setup.cfg, ``[tool:pytest] pythonpath``)."""
from __future__ import annotations

from pathlib import Path

# The checkout: the first folder above this file holding setup.cfg.
ROOT = next(p for p in Path(__file__).resolve().parents if (p / "setup.cfg").is_file())
# ../shared beside the checkout (a worktree one level deeper finds it one up).
SEED_DIRS = [ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds"]


def seeds_dir() -> Path | None:
    """The folder of the seed speeches (``../shared/seeds``), or None when absent."""
    for d in SEED_DIRS:
        if d.is_dir() and any(d.glob("*.txt")):
            return d.resolve()
    return None
