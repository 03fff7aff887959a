"""Checks on the labeled clause set and cue lexicon in corpora/categories/."""
import csv
import json
import re
from collections import Counter

import pytest
from project_root import ROOT, seeds_dir

CAT = ROOT / "corpora" / "categories"
LABELED = CAT / "labeled.jsonl"
CUES = CAT / "cues.tsv"

LABELS = {"ideology", "system", "work_style", "discipline", "other"}
CATEGORY_LABELS = LABELS - {"other"}
FIELDS = {"id", "text", "label", "problem", "directive", "script"}
MIN_TOTAL = 1100
MIN_PER_LABEL = 170
MIN_OTHER = 250
MIN_CUES_PER_CATEGORY = 60
SEED_SUBSTRING = 16


def _rows():
    rows = []
    with LABELED.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            assert line.strip(), f"blank line {n}"
            rows.append(json.loads(line))
    return rows


@pytest.fixture(scope="module")
def rows():
    return _rows()


def test_fields_and_types(rows):
    for r in rows:
        assert set(r) == FIELDS, r
        assert isinstance(r["text"], str) and r["text"].strip() == r["text"] and r["text"], r
        assert r["label"] in LABELS, r
        assert isinstance(r["problem"], bool) and isinstance(r["directive"], bool), r
        assert r["script"] in {"simplified", "traditional"}, r


def test_ids_unique_and_well_formed(rows):
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"cat-\d{4,}", i) for i in ids)


def test_counts(rows):
    c = Counter(r["label"] for r in rows)
    assert len(rows) >= MIN_TOTAL
    for lab in LABELS:
        assert c[lab] >= MIN_PER_LABEL, (lab, c[lab])
    assert c["other"] >= MIN_OTHER
    # problems exist in every category, and make up roughly 40% overall
    for lab in LABELS:
        assert any(r["problem"] for r in rows if r["label"] == lab), lab
    share = sum(r["problem"] for r in rows) / len(rows)
    assert 0.3 <= share <= 0.5, share
    trad = sum(r["script"] == "traditional" for r in rows) / len(rows)
    assert 0.08 <= trad <= 0.16, trad


def test_one_clause_per_line(rows):
    # a clause ends at 。！？；!?; or a line break; the delimiter may close it
    for r in rows:
        body = r["text"].rstrip("。！？；!?;")
        assert not re.search(r"[。！？；!?;\n]", body), r["text"]


def test_no_duplicate_texts(rows):
    texts = Counter(r["text"] for r in rows)
    dups = [t for t, n in texts.items() if n > 1]
    assert not dups, dups[:5]


def test_no_duplicates_across_scripts(rows):
    opencc = pytest.importorskip("opencc")
    t2s = opencc.OpenCC("t2s.json")
    tw2sp = opencc.OpenCC("tw2sp.json")
    seen = {}
    for r in rows:
        keys = {t2s.convert(r["text"]).rstrip("。；;"), tw2sp.convert(r["text"]).rstrip("。；;")}
        for k in keys:
            assert k not in seen or seen[k] == r["id"], (r["id"], seen.get(k), r["text"])
            seen[k] = r["id"]


def test_traditional_lines_are_traditional(rows):
    opencc = pytest.importorskip("opencc")
    t2s = opencc.OpenCC("t2s.json")
    trad = [r for r in rows if r["script"] == "traditional"]
    changed = sum(t2s.convert(r["text"]) != r["text"] for r in trad)
    assert changed >= 0.9 * len(trad)


def test_cues():
    with CUES.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader)
        body = [row for row in reader if row]
    assert header == ["cue", "category", "weight"]
    cues = [row[0] for row in body]
    assert len(cues) == len(set(cues)), [c for c, n in Counter(cues).items() if n > 1]
    for row in body:
        assert len(row) == 3, row
        cue, cat, w = row
        assert cue and cue == cue.strip(), row
        assert cat in LABELS, row
        assert 0 < float(w) <= 1, row
    per = Counter(row[1] for row in body)
    for cat in CATEGORY_LABELS:
        assert per[cat] >= MIN_CUES_PER_CATEGORY, (cat, per[cat])


def _squeeze(text):
    """Drop punctuation and spaces, so that ，/, or “”/"" differences do not hide a copy."""
    return re.sub(r"[\s\u3000，,。.；;：:！!？?、“”‘’\"'（）()《》〈〉【】\[\]—…·-]", "", text)


def _seed_dir():
    from conftest import seeds_dir

    return seeds_dir()


@pytest.mark.slow
def test_not_copied_from_seeds(rows):
    seeds = _seed_dir()
    if seeds is None:
        pytest.skip("seed documents not available")
    files = sorted(p for p in seeds.iterdir() if p.is_file())
    if not files:
        pytest.skip("seed directory is empty")
    texts = []
    for p in files:
        raw = p.read_bytes()
        for enc in ("utf-8-sig", "gb18030", "big5", "utf-16"):
            try:
                texts.append(raw.decode(enc))
                break
            except UnicodeDecodeError:
                continue
        else:
            texts.append(raw.decode("utf-8", errors="replace"))
    # also compare against the seeds with pinyin ruby removed and in simplified form
    extra = [re.sub(r"\([a-zA-Z\u00e0-\u01dc\u0300-\u036f]+\)", "", t) for t in texts]
    try:
        import opencc

        t2s = opencc.OpenCC("t2s.json")
        extra += [t2s.convert(t) for t in extra]
    except ImportError:
        t2s = None
    hay = "\n".join(_squeeze(t) for t in texts + extra)
    # "verbatim" = the line is one whole clause of a seed (short stock phrases such
    # as 抓好落实 occur inside seed clauses and are not copies); longer overlaps are
    # caught by the substring check
    marker = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、])")
    clauses = set()
    for t in texts + extra:
        for c in re.split(r"[。！？；!?;\n]", t):
            c = c.strip(" \t\u3000")
            if c:
                clauses.add(_squeeze(c))
                clauses.add(_squeeze(marker.sub("", c)))
    offenders = []
    for r in rows:
        variants = {r["text"]}
        if t2s is not None:
            variants.add(t2s.convert(r["text"]))
        for v in variants:
            v = _squeeze(v)
            if v in clauses:
                offenders.append((r["id"], v))
                break
            hit = next((v[i:i + SEED_SUBSTRING] for i in range(len(v) - SEED_SUBSTRING + 1)
                        if v[i:i + SEED_SUBSTRING] in hay), None)
            if hit:
                offenders.append((r["id"], hit))
                break
    assert not offenders, offenders[:10]
