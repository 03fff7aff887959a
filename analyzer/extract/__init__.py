"""The extractors: one package per field (``time``, ``parties``,
``directives``), each with its rule data's schema and loading, its finder,
and its pipeline registration (``component.py``); see docs/ARCHITECTURE.md."""
from __future__ import annotations


def import_packages() -> list[str]:
    """Import every extractor package under analyzer/extract (each registers
    its pipeline step and its rule loader on import); their names."""
    import importlib
    import pkgutil

    names = [m.name for m in pkgutil.iter_modules(__path__) if m.ispkg]
    for name in names:
        importlib.import_module(f"{__name__}.{name}")
    return names
