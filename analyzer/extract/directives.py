"""Directive detection: does a clause require or forbid an action, and how.

Two stages, both driven by data in corpora/directives/:
1. triggers.toml: find trigger words (要, 必须, 严禁 …), dropping those inside
   other words (重要, 令行禁止) or in contexts their entry cancels (要求 as a noun);
2. filters.toml: drop triggers in clauses that are not directives (questions,
   wishes, reported principles, quotations, reports of past work for weak
   triggers, relative clauses after 是 …).
The first surviving trigger is the clause's main trigger and gives its modality.
A trigger-less clause that continues a directive sentence is a directive in the
scope of the earlier trigger (``continues``).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..resources import DataError, compile_pattern, corpus_path, literal_pattern, load_toml

MODALITIES = {"obligation", "prohibition"}
STRENGTHS = {"strong", "weak"}
TRIGGERS_FILE = ("directives", "triggers.toml")
# How far before and after a trigger its not_before / not_after patterns look.
CONTEXT = 64
FILTERS_FILE = ("directives", "filters.toml")


@dataclass(frozen=True, slots=True)
class Trigger:
    word: str
    modality: str
    strength: str
    blockers: tuple[tuple[str, tuple[int, ...]], ...]  # (blocker, offsets of the trigger inside it)
    not_before: re.Pattern | None
    not_after: re.Pattern | None


@dataclass(frozen=True, slots=True)
class Filter:
    id: str
    applies_to: str
    before: re.Pattern | None
    after: re.Pattern | None
    clause: re.Pattern | None
    quote: re.Pattern | None
    unless_before: re.Pattern | None = None
    exempt: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Rules:
    triggers: dict[str, Trigger]
    trigger_re: re.Pattern
    filters: tuple[Filter, ...]


@dataclass(frozen=True, slots=True)
class TriggerHit:
    start: int
    end: int
    word: str
    modality: str
    strength: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why a clause is (or is not) a directive."""
    directive: bool
    trigger: TriggerHit | None
    rule: str            # trigger:<word>, or the filter that cancelled it, or "no-trigger"


def _compile(path, where: str, pattern) -> re.Pattern | None:
    return None if pattern is None else compile_pattern(pattern, f"{path}: {where}")


def parse_triggers(data: dict, path: object = "triggers.toml") -> dict[str, Trigger]:
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
                            _compile(path, where + " not_after", entry.get("not_after")))
    if not out:
        raise DataError(f"{path}: no triggers")
    return out


def parse_filters(data: dict, path: object = "filters.toml") -> tuple[Filter, ...]:
    out = []
    seen = set()
    for i, entry in enumerate(data.get("filter", []), 1):
        fid = entry.get("id")
        if not isinstance(fid, str) or not fid:
            raise DataError(f"{path}: filter #{i} has no id")
        if fid in seen:
            raise DataError(f"{path}: duplicate filter id '{fid}'")
        seen.add(fid)
        if entry.get("applies_to") not in ("all", "weak"):
            raise DataError(f"{path}: filter '{fid}': applies_to must be 'all' or 'weak'")
        parts = {k: _compile(path, f"filter '{fid}' {k}", entry.get(k))
                 for k in ("before", "after", "clause", "quote", "unless_before")}
        if not any(v for k, v in parts.items() if k != "unless_before"):
            raise DataError(f"{path}: filter '{fid}' has no pattern")
        exempt = entry.get("exempt", [])
        if not isinstance(exempt, list) or not all(isinstance(w, str) for w in exempt):
            raise DataError(f"{path}: filter '{fid}': exempt must be a list of trigger words")
        out.append(Filter(fid, entry["applies_to"], exempt=frozenset(exempt), **parts))
    return tuple(out)


@functools.cache
def load_rules() -> Rules:
    triggers = parse_triggers(load_toml(*TRIGGERS_FILE), corpus_path(*TRIGGERS_FILE))
    filters = parse_filters(load_toml(*FILTERS_FILE), corpus_path(*FILTERS_FILE))
    # Longest first, so 一定要 wins over 要 and 决不允许 over 决不.
    return Rules(triggers, re.compile(literal_pattern(triggers)), filters)


@functools.cache
def _blocker_regex(trig: Trigger) -> tuple[re.Pattern | None, int, int]:
    """One regex for all of a trigger's blockers, with how far before and after
    the trigger a blocker can reach."""
    if not trig.blockers:
        return None, 0, 0
    before = max(max(offsets) for _, offsets in trig.blockers)
    after = max(len(b) - min(offsets) for b, offsets in trig.blockers)
    return re.compile(literal_pattern({b for b, _ in trig.blockers})), before, after


def _blocked(text: str, start: int, trig: Trigger) -> bool:
    """Is the trigger at ``start`` inside one of its blockers (重要, 令行禁止 …)?"""
    rx, before, after = _blocker_regex(trig)
    if rx is None:
        return False
    lo = max(0, start - before)
    hi = min(len(text), start + after)
    end = start + len(trig.word)
    # Overlapping candidates: try every start in the window, not only the
    # leftmost-longest match.
    pos = lo
    while pos < hi:
        m = rx.search(text, pos, hi)
        if m is None:
            return False
        if m.start() <= start and end <= m.end():
            return True
        pos = m.start() + 1
    return False


def find_triggers(clause: str, rules: Rules | None = None) -> list[TriggerHit]:
    """Trigger words of a clause that are real triggers (not inside other words,
    not cancelled by their own context), in order."""
    rules = rules or load_rules()
    hits = []
    pos = 0
    while True:
        m = rules.trigger_re.search(clause, pos)
        if m is None:
            return hits
        word = m.group()
        trig = rules.triggers[word]
        s, e = m.start(), m.end()
        ok = not _blocked(clause, s, trig)
        # The trigger's own context is a few characters either side: looking
        # at most CONTEXT characters away keeps a clause of a million
        # triggers linear (searching the whole prefix made it quadratic).
        if ok and trig.not_before is not None and trig.not_before.search(clause, max(0, s - CONTEXT), s):
            ok = False
        if ok and trig.not_after is not None and trig.not_after.match(clause[e:e + CONTEXT]):
            ok = False
        if ok:
            hits.append(TriggerHit(s, e, word, trig.modality, trig.strength))
            pos = e
        else:
            # A shorter trigger may start inside a cancelled longer one (要求 -> 求 no; 一定要 -> 要).
            pos = s + 1


def _cancelled_by(clause: str, hit: TriggerHit, filters: tuple[Filter, ...], report_genre: bool) -> str | None:
    for f in filters:
        if f.applies_to == "weak" and hit.strength != "weak" or hit.word in f.exempt:
            continue
        if f.before is not None and not f.before.search(clause[:hit.start]):
            continue
        if f.after is not None and not f.after.search(clause[hit.end:]):
            continue
        if f.clause is not None and not f.clause.search(clause):
            continue
        if f.quote is not None and not any(m.start() < hit.start and hit.end <= m.end()
                                          for m in f.quote.finditer(clause)):
            continue
        if f.unless_before is not None and f.unless_before.search(clause[:hit.start]):
            continue
        return f.id
    if report_genre and hit.strength == "weak":
        return "report-genre"
    return None


_HEADING_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）])[^。！？；]*$")


def is_heading(clause: str) -> bool:
    """An outline heading given as a clause (`二、压实整改责任`): no end mark.
    A clause closed by `；` is the first of a numbered task (`1.各股室要…；`)."""
    return bool(_HEADING_RE.match(clause.rstrip("。！？；!?;")) and not re.search(r"[。！？!?；;]\s*$", clause))


def judge_clause(clause: str, *, report_genre: bool = False, rules: Rules | None = None) -> Verdict:
    """Is this clause a directive on its own (without the sentence around it)?"""
    rules = rules or load_rules()
    if is_heading(clause):
        return Verdict(False, None, "heading")
    hits = find_triggers(clause, rules)
    if not hits:
        return Verdict(False, None, "no-trigger")
    reason = "no-trigger"
    for hit in hits:
        cancelled = _cancelled_by(clause, hit, rules.filters, report_genre)
        if cancelled is None:
            return Verdict(True, hit, f"trigger:{hit.word}")
        reason = f"filter:{cancelled}"
        if cancelled in ("rhetorical-question", "wish"):
            break  # the whole clause is a question / a wish
    return Verdict(False, None, reason)


_CONTINUATION_BLOCK_RE = re.compile(
    r"^\s*(?:这|那|此|其中|因此|所以|但是|但|然而|如果|只有|只要|虽然|尽管)|[？?]\s*$")


def continues(clause: str, rules: Rules | None = None) -> bool:
    """Can a trigger-less clause continue the directive before it in its sentence?
    (a bare imperative: not a question, not a new statement opened by 这/因此 …)"""
    if _CONTINUATION_BLOCK_RE.search(clause):
        return False
    rules = rules or load_rules()
    past = next((f for f in rules.filters if f.id == "past-report"), None)
    return not (past is not None and past.clause is not None and past.clause.search(clause))


def action_of(clause: str, hit: TriggerHit | None) -> str:
    rest = clause[hit.end:] if hit is not None else clause
    return rest.strip().lstrip("，,：:").rstrip("。！？；!?;”\" ").strip()
