"""Format and consistency checks for the gold evaluation set corpora/eval/clauses.jsonl.

The labeling contract is docs/ANNOTATION.md; the decisions the set adds to it are
in corpora/eval/README.md.  These tests check the file, not the analyzer.
"""
from __future__ import annotations

import calendar
import collections
import datetime as dt
import json
import re

import opencc

from project_root import ROOT
from tables import every_row

PATH = ROOT / "corpora" / "eval" / "clauses.jsonl"
TW2S = opencc.OpenCC("tw2s.json")

DELIMS = "。！？；!?;"
KEYS = {"id", "text", "directive", "modality", "trigger", "parties", "time_limits",
        "problem", "category", "split"}
OPTIONAL = {"date", "script"}
OBLIGATION = {"要", "必须", "务必", "须", "需要", "应", "应当", "应该", "确保", "一定要",
              "坚决", "切实", "请", "责成"}
PROHIBITION = {"严禁", "不得", "禁止", "决不允许", "绝不允许", "不允许", "坚决防止", "防止",
               "杜绝", "坚决杜绝", "不能", "绝不", "决不", "不准", "严防"}
ROLES = {"lead", "support", "supervise", None}
CATEGORIES = {"ideology", "system", "work_style", "discipline", "other"}
TYPES = {"date", "deadline", "duration", "frequency", "urgency", "standing"}
NOT_PARTIES = {"我们", "你们", "大家", "同志们", "全乡上下", "全区上下", "广大党员干部",
               "党员干部", "群众", "干部职工", "每一名党员", "我", "其"}
URGENCY = {
    "立即": "immediate", "立行立改": "immediate", "即知即改": "immediate",
    "即查即改": "immediate", "立查立改": "immediate", "事不过夜": "immediate",
    "第一时间": "immediate", "当下改": "immediate", "马上": "immediate",
    "立说立行": "immediate",
    "迅速": "prompt", "抓紧": "prompt", "及时": "prompt", "尽快": "prompt",
    "从速": "prompt", "火速": "prompt",
}
STANDING = {"长期坚持", "常态化", "长效", "长效化", "常态长效", "常抓不懈", "持之以恒",
            "长期抓、抓长期", "管长远", "长久立", "久久为功"}
NOT_TIME = {"适时", "加快", "持续", "始终", "实时", "优先", "当前", "今后", "近年来", "目前",
            "长期", "不定期", "年度", "年终", "今年以来", "长期以来", "近期"}
ISO_DUR = re.compile(r"^P\d+[DWMY]$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
          "九": 9, "十": 10, "十一": 11, "十二": 12}


def _load():
    rows = []
    with PATH.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            assert line.strip(), f"empty line {n}"
            rows.append(json.loads(line))
    return rows


ROWS = _load()


def simplified(r: dict) -> str:
    return TW2S.convert(r["text"]) if r.get("script") == "traditional" else r["text"]


def nth(hay: str, needle: str, occ: int) -> int:
    i = -1
    for _ in range(occ + 1):
        i = hay.find(needle, i + 1)
        if i < 0:
            return -1
    return i


def ids(rows=ROWS):
    return [r["id"] for r in rows]


# ---------------------------------------------------------------- format


def test_size():
    assert len(ROWS) >= 450


def test_ids_unique_and_well_formed():
    assert len(set(ids())) == len(ROWS)
    for r in ROWS:
        assert re.fullmatch(r"ev-\d{4}", r["id"]), r["id"]


def test_texts_unique():
    texts = [simplified(r) for r in ROWS]
    dup = [t for t, c in collections.Counter(texts).items() if c > 1]
    assert not dup, dup


@every_row(ROWS, name=lambda r: r["id"])
def test_keys_and_types(r):
    assert KEYS <= set(r), KEYS - set(r)
    assert set(r) <= KEYS | OPTIONAL, set(r) - KEYS - OPTIONAL
    assert isinstance(r["text"], str) and r["text"].strip() == r["text"] and r["text"]
    assert isinstance(r["directive"], bool)
    assert isinstance(r["problem"], bool)
    assert r["category"] in CATEGORIES
    assert r["split"] in {"dev", "test"}
    if "script" in r:
        assert r["script"] == "traditional"
    if "date" in r:
        assert ISO_DATE.match(r["date"]) and dt.date.fromisoformat(r["date"])


@every_row(ROWS, name=lambda r: r["id"])
def test_one_clause(r):
    t = simplified(r)
    body = t[:-1] if t[-1] in DELIMS else t
    assert not any(c in DELIMS for c in body), "a clause ends at its first delimiter"
    assert "\n" not in t


@every_row(ROWS, name=lambda r: r["id"])
def test_script(r):
    if r.get("script") == "traditional":
        assert TW2S.convert(r["text"]) != r["text"], "marked traditional but is simplified"
    else:
        assert TW2S.convert(r["text"]) == r["text"], "traditional characters on a simplified line"


# ---------------------------------------------------------------- directives


@every_row(ROWS, name=lambda r: r["id"])
def test_directive_fields(r):
    t = simplified(r)
    if r["directive"]:
        trig = r["trigger"]
        assert trig in OBLIGATION | PROHIBITION, trig
        assert trig in t
        want = "prohibition" if trig in PROHIBITION else "obligation"
        assert r["modality"] == want
    else:
        assert r["modality"] is None and r["trigger"] is None
        assert r["parties"] == [], "only directives carry parties"


@every_row(ROWS, name=lambda r: r["id"])
def test_parties(r):
    t = simplified(r)
    seen = set()
    for p in r["parties"]:
        assert set(p) <= {"text", "role", "occurrence"}
        assert p["text"] in t, p["text"]
        assert nth(t, p["text"], p.get("occurrence", 0)) >= 0
        assert p["role"] in ROLES
        assert p["text"] not in NOT_PARTIES
        assert "（" not in p["text"] and "）" not in p["text"], "write (…) half-width"
        key = (p["text"], p.get("occurrence", 0))
        assert key not in seen
        seen.add(key)


# ---------------------------------------------------------------- time limits


def _check_value(typ: str, v: dict, dated: bool):
    keys = set(v)
    if typ == "date":
        assert "date" in v
        assert keys <= {"date", "month", "day", "placeholder", "relative"}
        if v["date"] is not None:
            assert ISO_DATE.match(v["date"])
            assert not {"month", "day", "placeholder"} & keys
        elif v.get("placeholder"):
            assert keys == {"date", "placeholder"} and v["placeholder"] is True
        elif "relative" in v:
            assert v["relative"] == "today" and not dated
        else:
            assert keys == {"date", "month", "day"} and not dated
            assert 1 <= v["month"] <= 12 and 1 <= v["day"] <= 31
        if "relative" in v:
            assert v["relative"] == "today"
    elif typ == "deadline":
        shapes = [
            {"by"}, {"month", "part"}, {"month", "day"}, {"by", "placeholder"},
            {"after", "within"}, {"after", "within", "working_days"}, {"before"},
            {"by", "unspecified"}, {"from", "by"},
        ]
        assert keys in shapes, v
        if keys == {"by"}:
            assert ISO_DATE.match(v["by"])
        if keys in ({"month", "part"}, {"month", "day"}):
            assert not dated, "a dated line resolves relative deadlines to by"
        if "part" in v:
            assert v["part"] in {"end", "mid", "early"}
            assert v["month"] is None or 1 <= v["month"] <= 12
        if keys == {"month", "day"}:
            assert 1 <= v["month"] <= 12 and 1 <= v["day"] <= 31
        if "placeholder" in v:
            assert v["by"] is None and v["placeholder"] is True
        if "unspecified" in v:
            assert v["by"] is None and v["unspecified"] is True
        if "within" in v:
            assert ISO_DUR.match(v["within"])
            assert v["after"] is None or isinstance(v["after"], str) and v["after"]
        if "working_days" in v:
            assert v["working_days"] is True and v["within"].endswith("D")
        if "before" in v:
            assert isinstance(v["before"], str) and v["before"]
        if "from" in v:
            assert ISO_DATE.match(v["from"]) and ISO_DATE.match(v["by"]) and v["from"] < v["by"]
    elif typ == "duration":
        assert keys in ({"duration", "approx"}, {"during"}), v
        if "duration" in v:
            assert ISO_DUR.match(v["duration"]) and isinstance(v["approx"], bool)
        else:
            assert isinstance(v["during"], str) and v["during"]
    elif typ == "frequency":
        if "cadence" in v:
            assert keys == {"cadence"} and len(v["cadence"]) >= 2
            for c in v["cadence"]:
                assert set(c) == {"every", "activity"} and ISO_DUR.match(c["every"])
        elif v.get("unspecified"):
            assert v == {"every": None, "unspecified": True}
        else:
            assert ISO_DUR.match(v["every"])
            assert keys <= {"every", "count", "min_count", "max_count", "weekday", "day"}
            assert len(keys & {"count", "min_count", "max_count"}) <= 1
            for k in ("count", "min_count", "max_count"):
                if k in v:
                    assert isinstance(v[k], int) and v[k] >= 1
            if "weekday" in v:
                assert v["every"] == "P1W" and 1 <= v["weekday"] <= 7
            if "day" in v:
                assert v["every"] == "P1M" and 1 <= v["day"] <= 31
    elif typ == "urgency":
        assert keys == {"level"} and v["level"] in {"immediate", "prompt"}
    elif typ == "standing":
        assert v == {"ongoing": True}


@every_row(ROWS, name=lambda r: r["id"])
def test_time_limits(r):
    t = simplified(r)
    dated = "date" in r
    seen = set()
    for tl in r["time_limits"]:
        assert set(tl) <= {"text", "type", "value", "occurrence"}
        occ = tl.get("occurrence", 0)
        assert isinstance(occ, int) and occ >= 0
        assert nth(t, tl["text"], occ) >= 0, (tl["text"], occ)
        assert (tl["text"], occ) not in seen, "same span twice: use occurrence"
        seen.add((tl["text"], occ))
        assert tl["type"] in TYPES
        assert tl["text"] not in NOT_TIME
        _check_value(tl["type"], tl["value"], dated)
        if tl["type"] == "urgency":
            assert tl["value"]["level"] == URGENCY[tl["text"]]
        if tl["type"] == "standing":
            assert tl["text"] in STANDING


def _month(s: str) -> int:
    return int(s) if s.isdigit() else CN_NUM[s]


def _resolve(span: str, ref: dt.date | None):
    """Independent re-computation of calendar deadlines (ANNOTATION.md section 3)."""
    def end_of(y, m):
        return dt.date(y, m, calendar.monthrange(y, m)[1]).isoformat()

    y = ref.year if ref else None
    m = re.fullmatch(r"(?:今年|本)?([0-9]{1,2}|[一二三四五六七八九十]+)月底前", span)
    if m:
        mo = _month(m.group(1))
        return {"by": end_of(y, mo)} if ref else {"month": mo, "part": "end"}
    if span in ("年底前", "今年年底前"):
        return {"by": f"{y}-12-31"} if ref else {"month": 12, "part": "end"}
    if span in ("月底前", "本月底前"):
        return {"by": end_of(y, ref.month)} if ref else {"month": None, "part": "end"}
    if span in ("上半年", "下半年"):
        mo = 6 if span == "上半年" else 12
        return {"by": end_of(y, mo)} if ref else {"month": mo, "part": "end"}
    m = re.fullmatch(r"([0-9]{1,2}|[一二三四五六七八九十]+)月(上|中)旬前", span)
    if m:
        mo, part = _month(m.group(1)), {"上": "early", "中": "mid"}[m.group(2)]
        day = 10 if part == "early" else 20
        return {"by": f"{y}-{mo:02d}-{day:02d}"} if ref else {"month": mo, "part": part}
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日前", span)
    if m:
        return {"by": f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"}
    m = re.fullmatch(r"(\d{1,2})月(\d{1,2})日前", span)
    if m:
        mo, d = int(m.group(1)), int(m.group(2))
        return {"by": f"{y}-{mo:02d}-{d:02d}"} if ref else {"month": mo, "day": d}
    m = re.fullmatch(r"(\d{4})年底前", span)
    if m:
        return {"by": f"{m.group(1)}-12-31"}
    return None


def test_calendar_deadline_values():
    bad = []
    for r in ROWS:
        ref = dt.date.fromisoformat(r["date"]) if "date" in r else None
        for tl in r["time_limits"]:
            if tl["type"] != "deadline":
                continue
            want = _resolve(tl["text"], ref)
            if want is not None and tl["value"] != want:
                bad.append((r["id"], tl["text"], tl["value"], want))
    assert not bad, bad


def test_dated_lines_have_something_to_resolve():
    for r in ROWS:
        if "date" not in r:
            continue
        resolvable = [tl for tl in r["time_limits"]
                      if tl["type"] in {"deadline", "date"}
                      and (tl["value"].get("by") or tl["value"].get("date"))]
        assert resolvable, r["id"]


def test_same_span_same_label():
    """A span text means the same thing everywhere (value may differ only for calendar
    deadlines/dates, which depend on the line's date)."""
    seen: dict[str, set] = collections.defaultdict(set)
    for r in ROWS:
        for tl in r["time_limits"]:
            v = tl["value"] if tl["type"] not in {"deadline", "date"} else None
            seen[tl["text"]].add((tl["type"], json.dumps(v, sort_keys=True)))
    mixed = {k: v for k, v in seen.items() if len(v) > 1}
    assert not mixed, mixed


# ---------------------------------------------------------------- distribution


def test_distribution():
    n = len(ROWS)
    d = sum(r["directive"] for r in ROWS)
    assert 0.55 <= d / n <= 0.67
    assert n - d >= 150
    with_tl = sum(1 for r in ROWS if r["time_limits"])
    assert 0.40 <= with_tl / n <= 0.50
    assert sum(1 for r in ROWS if not r["directive"] and r["time_limits"]) >= 40
    assert sum(1 for r in ROWS if r["directive"] and not r["parties"]) >= 80
    assert sum(1 for r in ROWS if len(r["parties"]) >= 2) >= 20
    trad = sum(r.get("script") == "traditional" for r in ROWS)
    assert 0.06 <= trad / n <= 0.10
    split = collections.Counter(r["split"] for r in ROWS)
    assert abs(split["dev"] - split["test"]) <= 2


def test_minimum_counts():
    types = collections.Counter(tl["type"] for r in ROWS for tl in r["time_limits"])
    for t, k in {"deadline": 80, "frequency": 50, "urgency": 40, "standing": 20,
                 "duration": 15, "date": 6}.items():
        assert types[t] >= k, (t, types[t])
    roles = collections.Counter(p["role"] for r in ROWS for p in r["parties"])
    for role, k in {None: 80, "lead": 15, "support": 10, "supervise": 25}.items():
        assert roles[role] >= k, (role, roles[role])
    cats = collections.Counter(r["category"] for r in ROWS)
    assert all(cats[c] >= 30 for c in CATEGORIES), cats
    assert sum(r["problem"] for r in ROWS) >= 60
    assert sum(1 for r in ROWS if r["problem"] and r["directive"]) >= 20
    assert sum(1 for r in ROWS if "date" in r) >= 8
    trig = collections.Counter(r["trigger"] for r in ROWS if r["directive"])
    for t in ["要", "必须", "务必", "须", "应", "应当", "确保", "一定要", "坚决", "切实",
              "请", "严禁", "不得", "禁止", "决不允许", "杜绝", "不能", "绝不", "责成"]:
        assert trig[t] >= 1, t
    assert sum(1 for r in ROWS if r["directive"] and r["modality"] == "prohibition") >= 30


def test_forms_covered():
    spans = {tl["text"] for r in ROWS for tl in r["time_limits"]}
    for s in ["6月底前", "年底前", "今年年底前", "月底前", "上半年", "下半年", "9月中旬前",
              "6月30日前", "x月x日前", "限期", "按时", "按期", "按照时限要求", "在规定时限内",
              "巡察之前", "巡察前", "巡察期间", "一个月左右", "为期两个月", "每月至少2次",
              "每季度", "每半年", "每周五", "每月5日", "周调度、月通报、季评估", "定期",
              "每年不少于4次", "每季度最多1次", "一月一调度", "立即", "立行立改", "即知即改",
              "事不过夜", "第一时间", "迅速", "抓紧", "及时", "尽快", "长期坚持", "常态化",
              "长效", "常抓不懈", "持之以恒", "管长远", "从今天开始", "2024年5月13日",
              "2025年至2026年"]:
        assert s in spans, s
    assert any(tl["value"].get("working_days") for r in ROWS for tl in r["time_limits"])
    assert any(tl.get("occurrence") for r in ROWS for tl in r["time_limits"])
    # hard negatives: the words are present in clauses but never marked
    texts = [simplified(r) for r in ROWS]
    for w in ["适时", "加快", "持续", "始终", "实时", "优先", "当前", "今后", "近年来",
              "目前", "以来", "不定期", "年度考核", "令行禁止", "重要", "主要", "要求",
              "希望", "让我们", "可以", "是否", "就要"]:
        assert any(w in t for t in texts), w
