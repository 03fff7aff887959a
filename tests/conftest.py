"""Make the tests import the package of this checkout.

The shared venv has an editable install of another checkout; without this, a
plain ``pytest`` run from a worktree would test that checkout's code.
"""
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if sys.path[:1] != [ROOT]:
    sys.path.insert(0, ROOT)
