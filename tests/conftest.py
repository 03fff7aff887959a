"""Shared fixtures: the seed documents (when present beside the project) and a
fixed reference date."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from project_root import ROOT, seeds_dir  # noqa: F401  (test modules import them from here)

REF_DATE = dt.date(2024, 3, 15)


@pytest.fixture(autouse=True)
def pinned_environment(monkeypatch):
    """Messages follow the user's language (analyzer/messages.py); the tests
    pin English so that they do not depend on the machine's locale.  A test
    of the Chinese messages sets ANALYZER_LANG=zh itself."""
    monkeypatch.setenv("ANALYZER_LANG", "en")
    monkeypatch.setenv("ANALYZER_NO_BROWSER", "1")   # `analyzer serve` never opens a browser in a test


def pytest_addoption(parser):
    parser.addoption("--full", action="store_true",
                     help="run every test: also those marked slow, dask or browser (left out by default, setup.cfg)")


def pytest_configure(config):
    if config.getoption("full"):
        config.option.markexpr = ""   # setup.cfg's addopts selects the fast tests; --full lifts it


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
