"""Directive rule data: trigger words (corpora/directives/triggers.toml) and
the filters that cancel them (filters.toml), validated on load; every problem
is a ``DataError`` naming file and trigger or filter."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...resources import DataError, compile_pattern, literal_pattern, load_toml, rule_loader, unique_id

MODALITIES = {"obligation", "prohibition"}
STRENGTHS = {"strong", "weak"}
TRIGGERS_FILE = ("directives", "triggers.toml")
# How far before and after a trigger its not_before / not_after patterns look.
CONTEXT = 64
FILTERS_FILE = ("directives", "filters.toml")


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger word as triggers.toml gives it, with its blockers and context patterns."""
    word: str
    modality: str
    strength: str
    blockers: tuple[tuple[str, tuple[int, ...]], ...]  # (blocker, offsets of the trigger inside it)
    not_before: re.Pattern | None
    not_after: re.Pattern | None
    examples: tuple[str, ...] = ()  # clauses in which this word is the main trigger


@dataclass(frozen=True, slots=True)
class Filter:
    """A filter of filters.toml: the contexts in which triggers do not make a directive."""
    id: str
    applies_to: str
    before: re.Pattern | None
    after: re.Pattern | None
    clause: re.Pattern | None
    quote: re.Pattern | None
    unless_before: re.Pattern | None = None
    exempt: frozenset[str] = frozenset()
    examples: tuple[str, ...] = ()  # clauses this filter keeps from being directives


@dataclass(frozen=True, slots=True)
class Rules:
    """The loaded directive rules: triggers, one regex over all of them, filters."""
    triggers: dict[str, Trigger]
    trigger_re: re.Pattern
    filters: tuple[Filter, ...]
    files: tuple[str, str] = ("triggers.toml", "filters.toml")  # where they came from (messages)


def _compile(path, where: str, pattern) -> re.Pattern | None:
    return None if pattern is None else compile_pattern(pattern, f"{path}: {where}")


def _examples(path, where: str, entry: dict) -> tuple[str, ...]:
    examples = entry.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(e, str) and e for e in examples):
        raise DataError(f"{path}: {where}: examples must be a list of non-empty strings")
    return tuple(examples)


def parse_triggers(data: dict, path: object = "triggers.toml") -> dict[str, Trigger]:
    """Validate and compile the [[trigger]] tables of triggers.toml (``path`` names it in errors)."""
    out: dict[str, Trigger] = {}
    for i, entry in enumerate(data.get("trigger", []), 1):
        word = entry.get("word")
        where = f"trigger #{i} '{word}'"
        if not isinstance(word, str) or not word:
            raise DataError(f"{path}: trigger #{i} has no word")
        if word in out:
            raise DataError(f"{path}: duplicate trigger '{word}'")
        if entry.get("modality") not in MODALITIES:
            raise DataError(f"{path}: {where}: modality must be one of {sorted(MODALITIES)}")
        if entry.get("strength") not in STRENGTHS:
            raise DataError(f"{path}: {where}: strength must be one of {sorted(STRENGTHS)}")
        blockers = []
        for b in entry.get("blockers", []):
            offsets = tuple(m.start() for m in re.finditer(f"(?={re.escape(word)})", b))
            if not offsets:
                raise DataError(f"{path}: {where}: blocker '{b}' does not contain the trigger")
            blockers.append((b, offsets))
        out[word] = Trigger(word, entry["modality"], entry["strength"], tuple(blockers),
                            _compile(path, where + " not_before", entry.get("not_before")),
                            _compile(path, where + " not_after", entry.get("not_after")),
                            _examples(path, where, entry))
    if not out:
        raise DataError(f"{path}: no triggers")
    return out


def parse_filters(data: dict, path: object = "filters.toml") -> tuple[Filter, ...]:
    """Validate and compile the [[filter]] tables of filters.toml (``path`` names it in errors)."""
    out = []
    seen = set()
    for i, entry in enumerate(data.get("filter", []), 1):
        fid = unique_id(entry, seen, f"{path}: filter #{i} has no id", f"{path}: duplicate filter id '{{id}}'")
        if entry.get("applies_to") not in ("all", "weak"):
            raise DataError(f"{path}: filter '{fid}': applies_to must be 'all' or 'weak'")
        parts = {k: _compile(path, f"filter '{fid}' {k}", entry.get(k))
                 for k in ("before", "after", "clause", "quote", "unless_before")}
        if not any(v for k, v in parts.items() if k != "unless_before"):
            raise DataError(f"{path}: filter '{fid}' has no pattern")
        exempt = entry.get("exempt", [])
        if not isinstance(exempt, list) or not all(isinstance(w, str) for w in exempt):
            raise DataError(f"{path}: filter '{fid}': exempt must be a list of trigger words")
        out.append(Filter(fid, entry["applies_to"], exempt=frozenset(exempt),
                          examples=_examples(path, f"filter '{fid}'", entry), **parts))
    return tuple(out)


@rule_loader("directives")
def load_rules(directory: Path) -> Rules:
    """The trigger and filter rules of ``directory`` (corpora/directives when
    called with no argument: loaded once, shared)."""
    triggers = parse_triggers(load_toml(directory / TRIGGERS_FILE[1]), directory / TRIGGERS_FILE[1])
    filters = parse_filters(load_toml(directory / FILTERS_FILE[1]), directory / FILTERS_FILE[1])
    # Longest first, so 一定要 wins over 要 and 决不允许 over 决不.
    return Rules(triggers, re.compile(literal_pattern(triggers)), filters,
                 (str(directory / TRIGGERS_FILE[1]), str(directory / FILTERS_FILE[1])))


