"""Judging a clause: its real triggers, the filters that cancel them, its
verdict, whether it continues a directive, its action (see the package
docstring)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ...resources import literal_pattern
from .rules import CONTEXT, Filter, Rules, Trigger, load_rules

@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A trigger word found in a clause: its place, word, modality and strength."""
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
    """The action a directive clause asks for: the text after its trigger, trimmed."""
    rest = clause[hit.end:] if hit is not None else clause
    return rest.strip().lstrip("，,：:").rstrip("。！？；!?;”\" ").strip()
