"""The batch engines sit behind one interface, and imports point one way:
runner -> engines -> record, options, chunking (never back)."""
from __future__ import annotations

import ast

import pytest

from analyzer.batch import engines
from analyzer.batch.engines.dask import DaskEngine
from analyzer.batch.engines.local import LocalEngine
from analyzer.batch.options import BatchOptions
from project_root import ROOT

BATCH = ROOT / "analyzer" / "batch"


def _imported(path) -> set[str]:
    """The analyzer.batch modules a file imports (relative imports resolved)."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + (node.module.split(".") if node.module else []))
            out.add(module)
            out.update(f"{module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m.startswith("analyzer.batch.")}


# (file, modules it must not import)
RULES = [
    ("engines/__init__.py", {"analyzer.batch.runner"}),
    ("engines/local.py", {"analyzer.batch.runner", "analyzer.batch.engines.dask"}),
    ("engines/dask.py", {"analyzer.batch.runner", "analyzer.batch.engines.local"}),
    ("engines/dask_worker.py", {"analyzer.batch.runner", "analyzer.batch.engines.local"}),
    ("record.py", {"analyzer.batch.runner", "analyzer.batch.engines"}),
    ("options.py", {"analyzer.batch.runner", "analyzer.batch.engines"}),
    ("chunking.py", {"analyzer.batch.runner", "analyzer.batch.engines"}),
]


@pytest.mark.parametrize("name, forbidden", RULES, ids=[r[0] for r in RULES])
def test_imports_point_one_way(name, forbidden):
    imported = _imported(BATCH / name)
    assert not {m for m in imported for f in forbidden if m == f or m.startswith(f + ".")}


def test_the_import_check_sees_relative_imports():
    assert "analyzer.batch.record" in _imported(BATCH / "engines" / "local.py")
    assert "analyzer.batch.engines" in _imported(BATCH / "runner.py")


@pytest.mark.parametrize("name, cls", [("local", LocalEngine), ("dask", DaskEngine)])
def test_engines_by_name(name, cls):
    engine = engines.get(name)
    assert isinstance(engine, cls)
    assert all(callable(getattr(engine, m)) for m in ("check", "file_tasks", "run"))


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown batch engine 'ray'"):
        engines.get("ray")


def test_which_side_reads_the_files():
    assert LocalEngine().file_tasks(BatchOptions()) is None
    assert DaskEngine().file_tasks(BatchOptions(engine="dask")) is not None               # a local cluster
    assert DaskEngine().file_tasks(BatchOptions(engine="dask", scheduler="tcp://h:1")) is None   # bytes shipped
    assert DaskEngine().file_tasks(BatchOptions(engine="dask", scheduler="tcp://h:1", shared_storage=True))
