"""Integrity checks for corpora/eval/seed_clauses.jsonl (see corpora/eval/SEEDS.md).

The label file references clauses of the seed documents by file name and
character offsets into the decoded text (``open(path, encoding='utf-8').read()``),
plus the first 10 hex digits of the SHA-1 of the clause.  The seed texts are
not part of the repository; the checks that need them skip when they are absent.
"""
import hashlib
import json
import re
from pathlib import Path

import pytest

from project_root import ROOT, seeds_dir
from tables import every_row

GOLD = ROOT / "corpora" / "eval" / "seed_clauses.jsonl"

SEEDS = seeds_dir()  # $SEEDS_DIR or ../shared/seeds beside the project

needs_seeds = pytest.mark.skipif(SEEDS is None, reason="seed documents (../shared/seeds) not present")

# Pinyin ruby: a parenthesized pinyin syllable carrying a tone mark, right after
# a CJK character, e.g. 紀(jì)委 -> 紀委.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
RUBY = re.compile(
    rf"(?<=[{_CJK}])\((?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]+\)"
)

CLAUSE_DELIMS = set("。！？；!?;")
TL_TYPES = {"date", "deadline", "duration", "frequency", "urgency", "standing"}
ROLES = {"lead", "support", "supervise", None}
CATEGORIES = {"ideology", "system", "work_style", "discipline", "other"}
MODALITIES = {"obligation", "prohibition"}


def _rows():
    with open(GOLD, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


ROWS = _rows()


def _converter():
    opencc = pytest.importorskip("opencc")
    for cfg in ("tw2s.json", "tw2s"):
        try:
            return opencc.OpenCC(cfg)
        except Exception:  # pragma: no cover - depends on the opencc build
            continue
    pytest.skip("opencc tw2s profile not available")


_texts = {}


def _text(name):
    if name not in _texts:
        _texts[name] = (SEEDS / name).read_text(encoding="utf-8")
    return _texts[name]


def normalize(clause, cc):
    return cc.convert(RUBY.sub("", clause))


def test_schema():
    assert ROWS, "label file is empty"
    for r in ROWS:
        where = f"{r.get('file')}:{r.get('start')}"
        assert set(r) >= {"file", "start", "end", "sha1", "directive", "modality", "trigger",
                          "parties", "time_limits", "problem", "category"}, where
        assert isinstance(r["start"], int) and isinstance(r["end"], int) and r["start"] < r["end"], where
        assert re.fullmatch(r"[0-9a-f]{10}", r["sha1"]), where
        assert isinstance(r["directive"], bool) and isinstance(r["problem"], bool), where
        assert r["category"] in CATEGORIES, where
        if r["directive"]:
            assert r["modality"] in MODALITIES and r["trigger"], where
        else:
            assert r["modality"] is None and r["trigger"] is None and r["parties"] == [], where
        for p in r["parties"]:
            assert p["text"] and p["role"] in ROLES, where
        for t in r["time_limits"]:
            assert t["text"] and t["type"] in TL_TYPES and isinstance(t["value"], dict), where
        if "date" in r:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"]), where


def test_no_overlaps_and_sorted():
    by_file = {}
    for r in ROWS:
        by_file.setdefault(r["file"], []).append((r["start"], r["end"]))
    for name, spans in by_file.items():
        assert spans == sorted(spans), name
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            assert e1 <= s2, f"{name}: {s1}-{e1} overlaps {s2}-{e2}"


@needs_seeds
def test_files_present():
    for name in {r["file"] for r in ROWS}:
        assert (SEEDS / name).is_file(), name


@needs_seeds
@every_row(ROWS, name=lambda r: f"{r['file']}:{r['start']}")
def test_sha1_matches(r):
    text = _text(r["file"])
    assert r["end"] <= len(text)
    clause = text[r["start"]:r["end"]]
    assert hashlib.sha1(clause.encode("utf-8")).hexdigest()[:10] == r["sha1"]


@needs_seeds
@every_row(ROWS, name=lambda r: f"{r['file']}:{r['start']}")
def test_clause_boundaries(r):
    """Spans are whole clauses (ANNOTATION.md §0), trimmed of surrounding whitespace."""
    text = _text(r["file"])
    s, e = r["start"], r["end"]
    clause = text[s:e]
    assert clause == clause.strip()
    assert not any(ch in CLAUSE_DELIMS or ch in "\r\n" for ch in clause[:-1])
    before = text[:s].rstrip(" \t\u3000")
    assert s == 0 or before == "" or before[-1] in CLAUSE_DELIMS or before[-1] in "\r\n"
    assert clause[-1] in CLAUSE_DELIMS or e == len(text) or text[e:].lstrip(" \t\u3000")[:1] in ("\n", "\r", "")


@needs_seeds
@every_row(ROWS, name=lambda r: f"{r['file']}:{r['start']}")
def test_span_texts_occur_in_normalized_clause(r):
    cc = _converter()
    norm = normalize(_text(r["file"])[r["start"]:r["end"]], cc)
    for span in list(r["parties"]) + list(r["time_limits"]):
        occ = span.get("occurrence", 0)
        assert norm.count(span["text"]) > occ, (span["text"], norm)
