"""Shared fixtures: the seed documents (when present beside the project) and a
fixed reference date."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The seeds sit beside the project, never at a path of one machine; SEEDS_DIR
# names another folder (a checkout elsewhere).
SEED_DIRS = [ROOT.parent / "shared" / "seeds"]
REF_DATE = dt.date(2024, 3, 15)


@pytest.fixture(autouse=True)
def pinned_environment(monkeypatch):
    """Messages follow the user's language (analyzer/messages.py); the tests
    pin English so that they do not depend on the machine's locale.  A test
    of the Chinese messages sets ANALYZER_LANG=zh itself."""
    monkeypatch.setenv("ANALYZER_LANG", "en")
    monkeypatch.setenv("ANALYZER_NO_BROWSER", "1")   # `analyzer serve` never opens a browser in a test


def seeds_dir() -> Path | None:
    """The folder of seed documents (``$SEEDS_DIR``, else ``../shared/seeds``
    beside the project), or None when it is absent or holds no .txt."""
    import os

    dirs = ([Path(os.environ["SEEDS_DIR"])] if os.environ.get("SEEDS_DIR") else []) + SEED_DIRS
    for d in dirs:
        if d.is_dir() and any(d.glob("*.txt")):
            return d.resolve()
    return None


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """name -> decoded text of each seed; the test is skipped when absent."""
    d = seeds_dir()
    if d is None:
        pytest.skip("seed documents (../shared/seeds) not present")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(d.glob("*.txt"))}


@pytest.fixture(scope="session")
def seed_paths() -> dict[str, Path]:
    d = seeds_dir()
    if d is None:
        pytest.skip("seed documents (../shared/seeds) not present")
    return {p.name: p for p in sorted(d.glob("*.txt"))}


# Hypothesis: a modest budget in the test run; `HYPOTHESIS_PROFILE=fuzz` runs the
# same property tests at scale (README, "Fuzzing").
import os  # noqa: E402

from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("default", max_examples=120, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "5000")), deadline=None,
                          suppress_health_check=list(HealthCheck), print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
