"""The examples written beside the directive rules, checked: a trigger's
examples must be directives by that trigger, a filter's must be kept from
being directives by that filter (each judged alone, not as a report)."""
from __future__ import annotations

from typing import Iterator

from .judge import judge_clause
from .rules import Rules


def check_examples(rules: Rules) -> Iterator[str]:
    """One line per example its trigger or filter does not decide (naming
    file, rule, example and the verdict instead)."""
    triggers_file, filters_file = rules.files
    cases = [(triggers_file, f"trigger '{t.word}'", f"trigger:{t.word}", t.examples)
             for t in rules.triggers.values()]
    cases += [(filters_file, f"filter '{f.id}'", f"filter:{f.id}", f.examples) for f in rules.filters]
    for path, what, expected, examples in cases:
        for text in examples:
            got = judge_clause(text, rules=rules).rule
            if got != expected:
                yield f"{path}: {what}: example {text!r} gives {got}, not {expected}"
