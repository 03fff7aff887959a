"""Check every rule folder the analyzer reads, and every rule's examples.

``check_data()`` loads each ``RuleLoader`` (time limits, parties, directives,
page noise, openings, the list's rules, cues, lexicons) from corpora/ or
from another corpora folder, and runs the examples written beside the
rules; it returns one line per problem, each naming the file and the
rule.  ``analyzer check-data`` prints them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


def _register_loaders() -> dict:
    """Import the modules whose loaders register themselves (every extractor
    package, the normalizer's, the list's and the classifier's rules, and
    the lexicons); the registry."""
    from .. import resources, terms, tokenizer  # noqa: F401
    from ..classify import apply, features  # noqa: F401
    from ..ledger import linking, problems, progress, tables, tasks  # noqa: F401
    from ..normalize import boilerplate, pipeline, script  # noqa: F401
    from . import import_packages

    import_packages()
    return resources.LOADERS


@dataclass
class DataReport:
    """What ``check_data`` looked at and what it found wrong."""
    folders: list[str] = field(default_factory=list)
    examples: int = 0
    problems: list[str] = field(default_factory=list)


def check_data(corpora: str | Path | None = None) -> DataReport:
    """Load every rule folder of ``corpora`` (default: the shipped data) and
    check every rule's examples; a loader's ``DataError`` is one problem (the
    loader stops at the first), each example not found is one."""
    from ..resources import DataError

    report = DataReport()
    for name, loader in sorted(_register_loaders().items()):
        report.folders.append(name)
        try:
            data = loader(Path(corpora) / loader.folder if corpora is not None else None)
        except DataError as exc:
            report.problems.append(str(exc))
            continue
        report.examples += sum(len(getattr(r, "examples", ())) for r in _rules_of(data))
        report.problems.extend(loader.check_examples(data))
    return report


def _rules_of(data) -> list:
    """The rules of loaded data (a sequence of rules, or an object with
    ``rules``, ``idioms``, ``triggers`` or ``filters``), to count their examples."""
    rules = list(data) if isinstance(data, (list, tuple)) else list(getattr(data, "rules", []) or [])
    for table in ("idioms", "triggers"):
        entries = getattr(data, table, None)
        if isinstance(entries, dict):
            rules += list({id(r): r for r in entries.values() if r is not None}.values())
    return rules + list(getattr(data, "filters", ()))
