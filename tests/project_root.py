"""Where the tests find the project and the shared documents beside it,
whatever the depth of the test file (tests/ is on the import path:
setup.cfg, ``[tool:pytest] pythonpath``)."""
from __future__ import annotations

from pathlib import Path

# The checkout: the first folder above this file holding setup.cfg.
ROOT = next(p for p in Path(__file__).resolve().parents if (p / "setup.cfg").is_file())
# The seeds sit beside the project (../shared/seeds), never at a path of one
# machine; $SEEDS_DIR names another folder (a checkout elsewhere).
SEED_DIRS = [ROOT.parent / "shared" / "seeds"]


def seeds_dir() -> Path | None:
    """The folder of the seed speeches (``$SEEDS_DIR``, else ``../shared/seeds``
    beside the project), or None when it is absent or holds no .txt."""
    import os

    given = [Path(os.environ["SEEDS_DIR"])] if os.environ.get("SEEDS_DIR") else []
    for d in given + SEED_DIRS:
        if d.is_dir() and any(d.glob("*.txt")):
            return d.resolve()
    return None
