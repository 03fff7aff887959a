"""Remove what a scraped page wraps around a text, line by line, and say so.

The rules are data (corpora/normalize/page_noise.toml); this module validates
and applies them.  Every removed line becomes an ``Edit`` with a kind
(boilerplate, gap, metadata) so the caller reports it; nothing is dropped
silently.  A removed line takes its line break with it, so no blank hole is
left in the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..resources import DataError, compile_pattern, load_toml, rule_loader, unique_id
from .edits import Edit

KINDS = {"boilerplate", "gap", "metadata"}
RULES_FILE = ("normalize", "page_noise.toml")
# Page noise comes in short lines.  A longer line is body text even when it
# starts like noise: a scraped page that lost its line breaks is one line that
# starts with the breadcrumb, and removing it would remove the whole text.
MAX_NOISE_LINE = 400


@dataclass(frozen=True, slots=True)
class LineRule:
    """A rule matching one whole line of page noise (or only its label)."""
    id: str
    kind: str
    regex: re.Pattern
    field: str | None = None
    label_only: bool = False


@dataclass(frozen=True, slots=True)
class BlockRule:
    """A rule matching a header line and the short items listed after it."""
    id: str
    kind: str
    start: re.Pattern
    item: re.Pattern


@dataclass(frozen=True, slots=True)
class NoiseRules:
    """The loaded page-noise rules."""
    lines: tuple[LineRule, ...]
    blocks: tuple[BlockRule, ...]
    captions: tuple[BlockRule, ...]
    image_rule_ids: frozenset[str]


def _compile(path, rule_id: str, key: str, pattern: object) -> re.Pattern:
    return compile_pattern(pattern, f"{path}: rule '{rule_id}' {key}")


def parse_rules(data: dict, path: object = "page_noise.toml") -> NoiseRules:
    """Validate the TOML tables and compile them; errors name the file and rule."""
    seen: set[str] = set()
    unknown = set(data) - {"line", "block", "caption"}
    if unknown:
        raise DataError(f"{path}: unknown table(s) {sorted(unknown)}")

    def check(entry: dict, section: str) -> str:
        rule_id = unique_id(entry, seen, f"{path}: a [[{section}]] entry has no id",
                            f"{path}: duplicate rule id '{{id}}'")
        if entry.get("kind") not in KINDS:
            raise DataError(f"{path}: rule '{rule_id}': kind must be one of {sorted(KINDS)}")
        return rule_id

    lines, blocks, captions = [], [], []
    for entry in data.get("line", []):
        rule_id = check(entry, "line")
        field = entry.get("field")
        if entry["kind"] == "metadata" and not field:
            raise DataError(f"{path}: rule '{rule_id}': metadata rules need a 'field'")
        regex = _compile(path, rule_id, "pattern", entry.get("pattern"))
        label_only = entry.get("remove", "line") == "label"
        if entry.get("remove", "line") not in ("line", "label"):
            raise DataError(f"{path}: rule '{rule_id}': remove must be 'line' or 'label'")
        if label_only and "label" not in regex.groupindex:
            raise DataError(f"{path}: rule '{rule_id}': remove = 'label' needs a (?P<label>…) group")
        lines.append(LineRule(rule_id, entry["kind"], regex, field, label_only))
    for section, out in (("block", blocks), ("caption", captions)):
        for entry in data.get(section, []):
            rule_id = check(entry, section)
            start = _compile(path, rule_id, "start", entry.get("start")) if section == "block" else None
            out.append(BlockRule(rule_id, entry["kind"], start, _compile(path, rule_id, "item", entry.get("item"))))
    image_ids = frozenset(r.id for r in lines if r.id.startswith("image"))
    return NoiseRules(tuple(lines), tuple(blocks), tuple(captions), image_ids)


@rule_loader("page_noise", "normalize")
def load_rules(directory: Path) -> NoiseRules:
    """The page-noise rules of ``directory`` (corpora/normalize when called with
    no argument: loaded once, shared)."""
    path = directory / RULES_FILE[1]
    return parse_rules(load_toml(path), path)


def _lines(text: str):
    """(start, end_without_newline, end_with_newline) of every line."""
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        if nl < 0:
            yield pos, n, n
            return
        yield pos, nl, nl + 1
        pos = nl + 1


def noise_edits(text: str, rules: NoiseRules | None = None) -> tuple[list[Edit], dict]:
    """Edits removing page noise, and the metadata those lines carried."""
    rules = rules or load_rules()
    lines = list(_lines(text))
    edits: list[Edit] = []
    meta: dict = {}
    i = 0
    while i < len(lines):
        start, end, end_nl = lines[i]
        if end - start > MAX_NOISE_LINE:
            i += 1  # body text, whatever it starts with (a page whose line breaks were lost)
            continue
        line = text[start:end].strip()
        if not line:
            i += 1
            continue
        block = next((b for b in rules.blocks if b.start.search(line)), None)
        if block is not None:
            j = i + 1
            last = end_nl
            while j < len(lines):
                s, e, e_nl = lines[j]
                item = text[s:e].strip()
                if item and not block.item.search(item):
                    break
                last = e_nl
                j += 1
            edits.append(Edit(start, last, "", kind=block.kind, detail={"rule": block.id}))
            i = j
            continue
        rule = next((r for r in rules.lines if r.regex.search(line)), None)
        if rule is None:
            i += 1
            continue
        m = rule.regex.search(line)
        detail: dict = {"rule": rule.id}
        if rule.kind == "gap":
            size = m.groupdict().get("size")
            detail["size"] = int(size) if size else None
        if rule.kind == "metadata":
            value = (m.groupdict().get("value") or line).strip()
            detail["field"] = rule.field
            detail["value"] = value
            meta.setdefault(rule.field, value)
        if rule.label_only:
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            edits.append(Edit(start + lead + m.start("label"), start + lead + m.end("label"), "",
                              kind=rule.kind, detail=detail))
        else:
            edits.append(Edit(start, end_nl, "", kind=rule.kind, detail=detail))
        i += 1
        while rule.id in rules.image_rule_ids and i < len(lines) and not text[lines[i][0]:lines[i][1]].strip():
            i += 1
        if rule.id in rules.image_rule_ids and i < len(lines):
            # The short unpunctuated line right after an image is its caption.
            s, e, e_nl = lines[i]
            cap = text[s:e].strip()
            caption = next((c for c in rules.captions if c.item.search(cap)), None)
            if cap and caption is not None:
                edits.append(Edit(s, e_nl, "", kind=caption.kind, detail={"rule": caption.id}))
                i += 1
    return edits, meta
