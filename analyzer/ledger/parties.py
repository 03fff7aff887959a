"""Which parties named in a measure are not responsible for it.

The party step finds every body and role a clause names; the list (整改台账)
wants only those who must act.  A party the measure acts on (guided, urged,
held to account: ``指导科室…``, ``加强对分管单位的指导``, ``追究直接责任人…``)
or the source of the requirement (``按照区委要求``) is left out of 责任单位 /
责任人.  Rules: ``[parties]`` in ``corpora/ledger/rows.toml``.
"""
from __future__ import annotations

from .tasks import load_task_rules

_CLAUSE_END = "，,；;。！？!?：:\n"


def is_responsible(party, text: str) -> bool:
    """Whether ``party`` (a span of ``text``) is one who must act, not the
    object of the measure or the source of the requirement.  A party with no
    usable span (inherited from elsewhere) is kept."""
    rules = load_task_rules()
    before, after = rules.party_before, rules.party_after
    if not (0 <= party.start < party.end <= len(text)) or text[party.start:party.end] != party.text:
        return True
    lo = party.start
    while lo > 0 and text[lo - 1] not in _CLAUSE_END and party.start - lo < 20:
        lo -= 1
    if before.search(text[lo:party.start]):
        return False
    return not after.match(text[party.end:party.end + 6])
