"""The examples written beside the rules (``examples = [...]`` of an idiom in
lexicon.toml or a rule in patterns.toml), checked: the rule must find a time
limit in each, as the rule named.  ``analyzer check-data`` runs this."""
from __future__ import annotations

from typing import Iterator

from .find import find_time_limits
from .schema import TimeData


def check_examples(data: TimeData) -> Iterator[str]:
    """One line per example in which its rule finds nothing (naming file,
    rule, example and what was found instead)."""
    rules = list({id(r): r for r in data.idioms.values() if r is not None}.values()) + data.rules
    for rule in rules:
        for text in rule.examples:
            spans = find_time_limits(text, data=data)
            if not any(s.rule == rule.id for s in spans):
                found = ", ".join(f"{s.text} ({s.rule})" for s in spans) or "nothing"
                yield f"{rule.source}: rule {rule.id!r}: example {text!r} not found (found: {found})"
