"""Helpers used by the hand-written batches of the evaluation set.

Every clause, label and value in ``b*.py`` is written by hand; these helpers only
spell the JSON shapes so that a typo in a key cannot slip in.  ``build.py`` turns
the batches into ``../clauses.jsonl`` and checks them.
"""
from __future__ import annotations

RECORDS: list[dict] = []
_BATCH = {"name": None}

PROHIBITION = {
    "严禁", "不得", "禁止", "决不允许", "绝不允许", "不允许", "坚决防止", "防止",
    "杜绝", "坚决杜绝", "不能", "绝不", "决不", "不准", "严防",
}
OBLIGATION = {
    "要", "必须", "务必", "须", "需要", "应", "应当", "应该", "确保", "一定要",
    "坚决", "切实", "请", "责成",
}
URGENCY = {
    "立即": "immediate", "立行立改": "immediate", "即知即改": "immediate",
    "即查即改": "immediate", "立查立改": "immediate", "事不过夜": "immediate",
    "第一时间": "immediate", "当下改": "immediate", "马上": "immediate",
    "立说立行": "immediate",
    "迅速": "prompt", "抓紧": "prompt", "及时": "prompt", "尽快": "prompt",
    "从速": "prompt", "火速": "prompt",
}
STANDING = {
    "长期坚持", "常态化", "长效", "长效化", "常态长效", "常抓不懈", "持之以恒",
    "长期抓、抓长期", "管长远", "长久立", "久久为功",
}


def batch(name: str) -> None:
    _BATCH["name"] = name


def P(text: str, role: str | None = None) -> dict:
    return {"text": text, "role": role}


def _tl(text, typ, value, occ):
    d = {"text": text, "type": typ, "value": value}
    if occ:
        d["occurrence"] = occ
    return d


def DT(text, occ=None, **v):
    return _tl(text, "date", v, occ)


def DL(text, occ=None, **v):
    return _tl(text, "deadline", v, occ)


def DU(text, occ=None, **v):
    return _tl(text, "duration", v, occ)


def FQ(text, occ=None, **v):
    return _tl(text, "frequency", v, occ)


def CAD(text, *items, occ=None):
    return _tl(text, "frequency",
               {"cadence": [{"every": e, "activity": a} for e, a in items]}, occ)


def U(text, occ=None):
    return _tl(text, "urgency", {"level": URGENCY[text]}, occ)


def S(text, occ=None):
    assert text in STANDING, text
    return _tl(text, "standing", {"ongoing": True}, occ)


def _rec(text, directive, trig, parties, tl, prob, cat, date, trad):
    if directive:
        modality = "prohibition" if trig in PROHIBITION else "obligation"
        assert trig in PROHIBITION or trig in OBLIGATION, trig
    else:
        modality = None
        assert not parties
    r = {
        "text": text,
        "directive": directive,
        "modality": modality,
        "trigger": trig,
        "parties": list(parties),
        "time_limits": list(tl),
        "problem": prob,
        "category": cat,
        "_batch": _BATCH["name"],
        "_trad": trad,
    }
    if date:
        r["date"] = date
    RECORDS.append(r)


def D(text, trig, parties=(), tl=(), prob=False, cat="other", date=None, trad=False):
    _rec(text, True, trig, parties, tl, prob, cat, date, trad)


def N(text, tl=(), prob=False, cat="other", date=None, trad=False):
    _rec(text, False, None, (), tl, prob, cat, date, trad)
