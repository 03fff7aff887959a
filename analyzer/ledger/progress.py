"""Several documents on one inspection give one list with the latest status.

The feedback (反馈意见), the plan (整改方案) and a progress report (进展情况)
speak of the same tasks.  Rows of the feedback and the plan are matched by the
list's own merging (``build.merge_rows``).  A progress report states what was
done in the past tense, so it gives no rows: each of its sentences that holds
status words (``corpora/ledger/status.toml``: 已完成/已整改到位 → 完成,
正在推进/持续推进 → 推进中, 尚未/未启动 → 未开始) goes to the row whose text
holds the largest share of its character bigrams.  The row takes that status
and the sentence as evidence (进展: file and text); a later document (in the
order given) overrides an earlier one, so the list shows the latest status.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..resources import DataError, rule_loader
from .build import bigrams
from .ruledata import load_rule_file

STATUS_FILE = ("ledger", "status.toml")


@dataclass(frozen=True)
class StatusRules:
    """Status words by class, tried in order, and the matching threshold."""
    order: tuple[str, ...]
    words: dict
    min_share: float
    any_word: re.Pattern
    report: re.Pattern


@rule_loader("ledger_status", "ledger")
def load_status_rules(directory: Path) -> StatusRules:
    """Load and check ``directory``/status.toml (corpora/ledger when called
    with no argument: loaded once, shared)."""
    path = directory / STATUS_FILE[1]
    rules = load_rule_file(path, _build_status_rules)
    if not 0 < rules.min_share <= 1 or not all(rules.words.values()):
        raise DataError(f"{path}: min_share must be in (0, 1] and every class needs words", path=path)
    return rules


def _build_status_rules(data: dict) -> StatusRules:
    order = tuple(data["order"])
    words = {k: tuple(data["words"][k]) for k in order}
    all_words = sorted({w for ws in words.values() for w in ws}, key=len, reverse=True)
    return StatusRules(order, words, float(data["match"]["min_share"]),
                       re.compile("|".join(map(re.escape, all_words))), re.compile(data["report"]["title"]))


def status_of(sentence: str, rules: StatusRules | None = None) -> str | None:
    """The status a sentence reports, or None."""
    rules = rules or load_status_rules()
    for status in rules.order:
        if any(w in sentence for w in rules.words[status]):
            return status
    return None


def _row_grams(row) -> frozenset:
    return bigrams(row.problem + "".join(row.measures))


def apply_progress(ledger, docs) -> int:
    """Give the ledger's rows the status and evidence of the progress
    sentences of ``docs`` (analyzed documents, in order); returns how many
    rows got one.  Rows keep ``status`` and ``progress`` ({doc, text, start, end})."""
    rules = load_status_rules()
    grams = [_row_grams(r) for r in ledger.rows]
    touched = set()
    for doc in docs:
        if not is_report(doc, rules):
            continue
        for start, end in sorted(doc.sentences):
            sentence = doc.text[start:end]
            status = status_of(sentence, rules)
            if status is None or any(start <= d.start < end for d in doc.directives):
                continue        # a directive (要在6月底前完成) asks for progress, it reports none
            mine = bigrams(rules.any_word.sub("", sentence))
            if not mine:
                continue
            shares = [len(mine & g) / len(mine) for g in grams]
            best = max(range(len(shares)), key=shares.__getitem__, default=None)
            if best is None or shares[best] < rules.min_share:
                continue
            if shares.count(shares[best]) > 1:
                continue        # two rows as close: no guess
            row = ledger.rows[best]
            row.status = status
            row.progress = {"doc": doc.id, "text": sentence.strip(), "start": start, "end": end}
            touched.add(best)
    return len(touched)


def is_report(doc, rules: StatusRules | None = None) -> bool:
    """Whether a document is a progress report, by its title (else its first line)."""
    rules = rules or load_status_rules()
    title = (doc.meta or {}).get("title") or doc.text.lstrip().split("\n", 1)[0]
    return bool(rules.report.search(title))


def progress_text(row, lang: str = "zh") -> str:
    """The 进展 cell: the evidence sentence and its file."""
    p = getattr(row, "progress", None)
    if not p:
        return ""
    return f"{p['text']}\n（{p['doc']}）" if lang == "zh" else f"{p['text']}\n({p['doc']})"
