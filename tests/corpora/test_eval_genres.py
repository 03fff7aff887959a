"""The per-genre labeled sets and their evaluation (issue 16 groundwork).

- corpora/eval/corpus_clauses.jsonl: clauses of ../shared/corpus labeled by
  reference (file, raw offsets, hash); checks that need the documents skip when
  they are absent;
- corpora/eval/genre_clauses.jsonl: clauses written for the project in genres
  the corpus does not hold;
- analyzer/eval_corpus.py (clause splitting with raw offsets, HTML as text) and
  the per-genre reports of ``analyzer eval``.
Every text below was written for these tests.
"""
import json
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer import evaluate as ev
from analyzer.cli import main
from analyzer.eval_corpus import GENRES, clauses, is_html, plain_text, short_hash

from project_root import ROOT  # noqa: E402
CORPUS_LABELS = ROOT / "corpora" / "eval" / "corpus_clauses.jsonl"
GENRE_LABELS = ROOT / "corpora" / "eval" / "genre_clauses.jsonl"
CORPUS = ROOT / ".." / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not available")

ROLES = {"lead", "support", "supervise", None}
CATEGORIES = {"ideology", "system", "work_style", "discipline", "other"}
TL_TYPES = {"date", "deadline", "duration", "frequency", "urgency", "standing"}
OWN_GENRES = {"rectification_plan", "progress_report", "meeting_minutes", "inspection_feedback", "oversight_findings",
              "supervision_bulletin"}


def rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ---- clause splitting with raw offsets -------------------------------------------------

SPLIT_CASES = [
    # (name, raw, html?, expected clause texts)
    ("text", "各单位要自查。\n  整改要到位；不得拖延！", False, ["各单位要自查。", "整改要到位；", "不得拖延！"]),
    ("inline tags", "<p>　　各科室<strong>要</strong>在月底前报送。</p>", True, ["各科室要在月底前报送。"]),
    ("entities", "<p>督查组&nbsp;要&ldquo;回头看&rdquo;。</p>", True, ["督查组\xa0要“回头看”。"]),
    ("block tags split", "<div>一、总体要求</div><div>坚持问题导向</div>", True, ["一、总体要求", "坚持问题导向"]),
    ("br splits", "第一句<br>第二句", True, ["第一句", "第二句"]),
    ("script dropped", "<script>var a='要。';</script><p>请各单位落实。</p>", True, ["请各单位落实。"]),
    ("half-width delimiters", "要整改;不得推诿?是否完成!", False, ["要整改;", "不得推诿?", "是否完成!"]),
]


@pytest.mark.parametrize("name,raw,html,expected", SPLIT_CASES, ids=[c[0] for c in SPLIT_CASES])
def test_clauses_and_offsets(name, raw, html, expected):
    got = clauses(raw, html)
    assert [t for _, _, t in got] == expected
    for start, end, text in got:          # the offsets give the clause back
        assert plain_text(raw[start:end], html) == text


def test_is_html():
    assert is_html("notices/x.html") and is_html("a.HTM")
    assert not is_html("meetings/x.md") and not is_html("national/x.txt")


# ---- the corpus label file ---------------------------------------------------------------

def test_corpus_labels_format():
    labels = rows(CORPUS_LABELS)
    assert len(labels) >= 800
    splits = defaultdict(set)
    for r in labels:
        assert r["file"].split("/")[0] in GENRES and r["genre"] == GENRES[r["file"].split("/")[0]]
        assert 0 <= r["start"] < r["end"] and len(r["sha1"]) == 10
        assert r["category"] in CATEGORIES and isinstance(r["problem"], bool)
        if r["directive"]:
            assert r["modality"] in ("obligation", "prohibition")
        else:
            assert r["modality"] is None and r["trigger"] is None
            assert r["parties"] == [] and r["issuer"] is None
        assert all(p["role"] in ROLES for p in r["parties"])
        assert all(t["type"] in TL_TYPES and isinstance(t["value"], dict) for t in r["time_limits"])
        splits[r["file"]].add(r["split"])
    assert all(len(s) == 1 for s in splits.values()), "a file is split between dev and test"
    for genre in GENRES.values():   # every genre has labels in both halves, over many files
        files = {r["file"] for r in labels if r["genre"] == genre}
        assert len([r for r in labels if r["genre"] == genre]) >= 130 and len(files) >= 5
        assert {r["split"] for r in labels if r["genre"] == genre} == {"dev", "test"}


def test_corpus_labels_hold_no_sentences():
    """Only short spans and triggers are stored, never a clause's text."""
    for r in rows(CORPUS_LABELS):
        for span in r["parties"] + r["time_limits"]:
            assert len(span["text"]) <= 40
        assert r["trigger"] is None or len(r["trigger"]) <= 4


@needs_corpus
def test_corpus_labels_match_the_documents():
    warnings = []
    golds = ev.load_corpus(CORPUS, warnings=warnings)
    assert warnings == [] and len(golds) == len(rows(CORPUS_LABELS))
    raw_labels = CORPUS_LABELS.read_text(encoding="utf-8")
    for g in golds:
        canon = ev.canon(g.text)
        for span in g.parties + g.time_limits:
            assert ev.canon(span["text"]) in canon, (g.id, span["text"])
        if len(g.text) >= 12:
            assert g.text not in raw_labels


def test_a_label_whose_hash_no_longer_matches_is_refused(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "notices").mkdir(parents=True)
    raw = "<p>各单位要在6月底前报送材料。</p><p>请认真贯彻执行。</p>"
    (corpus / "notices" / "n1.html").write_text(raw, encoding="utf-8")
    (s1, e1, _), (s2, e2, _) = clauses(raw, True)
    good = {"file": "notices/n1.html", "start": s1, "end": e1, "sha1": short_hash(raw[s1:e1]),
            "genre": "state_council_notice", "directive": True, "modality": "obligation", "trigger": "要",
            "issuer": None, "parties": [{"text": "各单位", "role": None}], "time_limits": [],
            "problem": False, "category": "other", "split": "dev"}
    stale = dict(good, start=s2, end=e2, sha1="0000000000")
    gone = dict(good, file="notices/gone.html")
    labels = tmp_path / "labels.jsonl"
    labels.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in (good, stale, gone)), encoding="utf-8")
    warnings = []
    golds = ev.load_corpus(corpus, labels, warnings)
    assert [g.text for g in golds] == ["各单位要在6月底前报送材料。"]
    assert golds[0].genre == "state_council_notice" and golds[0].has_issuer
    assert len(warnings) == 2
    assert "labels.jsonl:2: notices/n1.html@" in warnings[0] and "hash" in warnings[0]
    assert "notices/gone.html" in warnings[1] and "1 labels skipped" in warnings[1]
    assert all("\n" not in w for w in warnings)


# ---- the project's own genre clauses ---------------------------------------------------------

def test_own_genre_clauses():
    labels = rows(GENRE_LABELS)
    assert len(labels) >= 100
    assert {r["genre"] for r in labels} == OWN_GENRES
    by_doc = defaultdict(set)
    for r in labels:
        by_doc[r["doc"]].add(r["split"])
        text = ev.canon(r["text"])           # Traditional lines: spans are simplified
        for span in r["parties"] + r["time_limits"]:
            assert ev.canon(span["text"]) in text
        assert r["trigger"] is None or r["trigger"] in text
        if not r["directive"]:
            assert r["parties"] == [] and r["issuer"] is None
    assert all(len(s) == 1 for s in by_doc.values())
    for genre in OWN_GENRES:
        assert {r["split"] for r in labels if r["genre"] == genre} == {"dev", "test"}
    # what issue 16 is about is present: trigger-less measures, assignment layouts, issuers
    assert any(r["directive"] and r["trigger"] is None for r in labels)
    assert any(p["role"] == "support" for r in labels for p in r["parties"])
    assert any(r["issuer"] for r in labels)
    assert any(r.get("script") == "traditional" for r in labels)


def test_genre_clauses_file_is_built_from_its_source():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "import genres, json, sys; "
                          "[print(json.dumps({'id': f'gn-{i:04d}', **r}, ensure_ascii=False)) "
                          "for i, r in enumerate(genres.RECORDS, 1)]"],
                         cwd=ROOT / "corpora" / "eval" / "src", capture_output=True, text=True, check=True)
    assert out.stdout == GENRE_LABELS.read_text(encoding="utf-8")


# ---- per-genre scoring -----------------------------------------------------------------------

def gold(id, text, genre, directive, parties=(), issuer=None):
    return ev.Gold(id, text, None, directive, "obligation" if directive else None,
                   [{"text": p, "role": None} for p in parties], [], False, "other", "dev", "own", genre,
                   issuer, True)


GOLDS = [
    gold("a1", "各乡镇要在月底前完成整改。", "plan", True, ["各乡镇"]),
    gold("a2", "今天的会议开得很好。", "plan", False),
    gold("b1", "区纪委监委要加强监督检查。", "minutes", True, ["区纪委监委"]),
]


def test_score_keeps_one_report_per_genre():
    rep = ev.score(GOLDS, "t", ev.clause_analyzer())
    assert set(rep.genres) == {"plan", "minutes"}
    assert rep.genres["plan"].n == 2 and rep.genres["minutes"].n == 1
    assert rep.directive.tp + rep.directive.fn == 2
    assert rep.genres["plan"].directive.tp + rep.genres["plan"].directive.fn == 1
    d = rep.as_dict()
    assert d["genres"]["plan"]["clauses"] == 2 and d["genres"]["minutes"]["directives"] == 1
    text = ev.format_report(rep)
    assert "per genre:" in text and "    minutes " in text and "    plan " in text
    assert all(e["genre"] in ("plan", "minutes") for e in rep.errors)


def test_issuer_accuracy_counts_detected_directives():
    rep = ev.score([gold("c1", "各单位要按时报送。", "minutes", True, ["各单位"], issuer=None),
                    gold("c2", "各部门要加强协调。", "minutes", True, ["各部门"], issuer="会议")],
                   "t", ev.clause_analyzer())
    assert rep.issuer_n == 2 and rep.issuer_ok == 1    # the analyzer reports no issuer yet


@pytest.mark.parametrize("value,expected", [
    (None, None), ("会议", "会议"), ({"text": "会议", "start": 0, "end": 2}, "会议")])
def test_predicted_issuer_shapes(value, expected):
    class Directive:
        issuer = value
    assert ev.predicted_issuer(Directive()) == expected


def test_cli_without_the_corpus_says_so_in_one_line(tmp_path):
    r = CliRunner().invoke(main, ["eval", "--set", "corpus", "--corpus", str(tmp_path)])
    assert r.exit_code != 0
    assert "Traceback" not in r.output
    assert r.output.strip().splitlines()[-1] == "Error: corpus documents not found (use --corpus DIR)"


def test_a_seed_label_whose_hash_no_longer_matches_is_refused(tmp_path):
    """Was a ValueError reported as an internal error; now one line, label skipped."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = "同志们：\n各单位要在月底前报送。\n"
    (seeds / "900_x.txt").write_text(text, encoding="utf-8")
    base = {"file": "900_x.txt", "directive": False, "modality": None, "trigger": None, "parties": [],
            "time_limits": [], "problem": False, "category": "other"}
    good = dict(base, start=0, end=4, sha1=short_hash(text[0:4]))
    stale = dict(base, start=5, end=17, sha1="ffffffffff")
    labels = tmp_path / "seed_labels.jsonl"
    labels.write_text(json.dumps(good, ensure_ascii=False) + "\n" + json.dumps(stale, ensure_ascii=False),
                      encoding="utf-8")
    warnings = []
    golds = ev.load_seeds(seeds, labels, warnings)
    assert [g.text for g in golds] == ["同志们："] and golds[0].genre == "county_speech"
    assert warnings == ["seed_labels.jsonl:2: 900_x.txt@5-17 does not match the seed text (hash); label skipped"]
