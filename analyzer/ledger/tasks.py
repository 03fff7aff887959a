"""Which directives with no stated problem are not tasks of the list.

A clerk drafting the list (整改台账) leaves out statements of significance
(``深刻认识…的重大意义``), principles (``既要治标，更要治本``), goals
(``通过这次整治，进一步…``), attitudes (``摒弃…的侥幸心理``), negative maxims
(``整改不能只停在纸面上``) and the run-in heading of a numbered item
(``三要织密监督网络。`` over the directives of its paragraph).  The
rules are data in ``corpora/ledger/rows.toml``; ``build.py`` asks
:func:`not_task_reason` for the directives of rows that answer no problem.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..document import Directive
from ..resources import DataError, rule_loader
from .ruledata import load_rule_file

ROWS_FILE = ("ledger", "rows.toml")
CLASSES = ("significance", "principle", "goal", "attitude", "maxim")


@dataclass(frozen=True)
class TaskRules:
    """The compiled rules of ``rows.toml``: which directives are not tasks
    (``[not_task]``, ``[item_heading]``) and which parties are not
    responsible (``[parties]``, used by ``parties.py``)."""
    classes: tuple[tuple[str, re.Pattern], ...]
    concrete: re.Pattern
    marker: re.Pattern
    max_chars: int
    party_before: re.Pattern
    party_after: re.Pattern


@rule_loader("ledger_rows", "ledger")
def load_task_rules(directory: Path) -> TaskRules:
    """Load and check ``directory``/rows.toml (corpora/ledger when called with
    no argument: loaded once, shared); a DataError names the file and key."""
    path = directory / ROWS_FILE[1]
    rules = load_rule_file(path, lambda data: TaskRules(
        tuple((c, re.compile(data["not_task"][c])) for c in CLASSES), re.compile(data["not_task"]["concrete"]),
        re.compile(data["item_heading"]["marker"]), int(data["item_heading"]["max_chars"]),
        re.compile(data["parties"]["before"]), re.compile(data["parties"]["after"])))
    if rules.max_chars < 1:
        raise DataError(f"{path}: [item_heading] max_chars must be positive", path=path)
    return rules


def not_task_reason(d: Directive, text: str, directives: list[Directive],
                    rules: TaskRules | None = None) -> str | None:
    """Why ``d`` (a directive of ``text`` that answers no problem) is not a
    task, or None when it is one.  ``directives`` are the document's, to see
    whether a run-in heading has directives after it in its paragraph."""
    rules = rules or load_task_rules()
    if is_item_heading(d, text, directives, rules):
        return "item heading"
    if rules.concrete.search(d.text):
        return None
    for name, pattern in rules.classes:
        if pattern.search(d.text):
            return name
    return None


def is_item_heading(d: Directive, text: str, directives: list[Directive], rules: TaskRules) -> bool:
    """A short ``一要…。`` that opens its paragraph, names no party of its own
    and has directives after it in the same paragraph."""
    if len(d.text.strip()) > rules.max_chars or not rules.marker.match(d.text):
        return False
    if any(not p.inherited for p in d.parties):
        return False
    para_start = text.rfind("\n", 0, d.start) + 1
    if text[para_start:d.start].strip():
        return False
    para_end = text.find("\n", d.end)
    para_end = len(text) if para_end < 0 else para_end
    return any(d.end <= o.start < para_end for o in directives if o is not d)
