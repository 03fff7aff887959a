"""Is a numbered item a heading, a task or a check-item? (SPEC section 2)

A numbered item is a heading only as far as its short title goes
(`（二）明确部门分工，打好整改“合力仗”`).  An item whose text names who does
the work or by when (`（一）针对…问题，局办公室要牵头…，5月31日前完成。`,
`1.各股室要在7月底前完成台账清理。`) is a task: it stays in the outline as a node,
with an empty heading, and its clauses are read as body text (directives like
any other).  An item opened by `是否` is a check-item, a criterion: its text
stays the heading, so it never becomes a directive.  An item written as a
long sentence (`二、要全面摸清…底数，逐户登记…情况。`) is a task when
one of its clauses is a directive by the directive rules.

The patterns are data in corpora/structure/tasks.toml, checked on load.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..resources import DataError, compile_pattern, load_toml, rule_loader

TASKS_FILE = ("structure", "tasks.toml")


@dataclass(frozen=True)
class ItemRules:
    """Compiled rules of tasks.toml: any ``task`` pattern makes an item a task;
    ``check`` makes it a check-item (and wins over ``task``)."""
    task: tuple[re.Pattern, ...]
    check: re.Pattern
    sentence_min_length: int  # a closed item with more text on its line
    line_min_length: int      # a closed item alone on its line


def parse_rules(data: dict, where: object = "tasks.toml") -> ItemRules:
    """Validate and compile the rules; a DataError names the file and the rule."""
    body = data.get("body")
    if not isinstance(body, str) or not body:
        raise DataError(f"{where}: 'body' must be a non-empty pattern")
    compile_pattern(body, f"{where}: body")
    patterns = data.get("task")
    if not isinstance(patterns, list) or not patterns:
        raise DataError(f"{where}: 'task' must be a non-empty list of patterns")
    task = []
    for i, p in enumerate(patterns):
        if not isinstance(p, str):
            raise DataError(f"{where}: task[{i}] must be a string")
        # {body} is the only placeholder: other braces are regex quantifiers
        task.append(compile_pattern(p.replace("{body}", body), f"{where}: task[{i}]"))
    lengths = []
    for key in ("sentence_min_length", "line_min_length"):
        n = data.get(key)
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise DataError(f"{where}: '{key}' must be a positive whole number")
        lengths.append(n)
    return ItemRules(tuple(task), compile_pattern(data.get("check"), f"{where}: check"), *lengths)


@rule_loader("structure_tasks", "structure")
def load_rules(directory: Path) -> ItemRules:
    """The numbered-item rules of ``directory`` (corpora/structure when called
    with no argument: loaded once, shared)."""
    path = directory / TASKS_FILE[1]
    return parse_rules(load_toml(path), path)


def item_kind(text: str, closed: bool = False, followed: bool = False,
              rules: ItemRules | None = None) -> str | None:
    """``"task"``, ``"check"`` or None (a heading) for the text of a numbered
    item after its marker, up to its first sentence end; ``closed`` says an
    end mark (。！？) closes it rather than the line end, ``followed`` that more
    text follows it on its line."""
    rules = rules or load_rules()
    if rules.check.search(text):
        return "check"
    if any(p.search(text) for p in rules.task):
        return "task"
    min_length = rules.sentence_min_length if followed else rules.line_min_length
    if closed and len(text) >= min_length and _holds_directive(text):
        return "task"
    return None


def _holds_directive(text: str) -> bool:
    # The directive rules live with the extractors; imported here only for the
    # few long items that need them.
    from ..extract.directives import judge_clause

    from .sentences import split_clauses

    return any(judge_clause(text[s:e]).directive for s, e in split_clauses(text))
