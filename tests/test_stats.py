"""`analyzer stats`: per-document rows and corpus totals from batch results,
without re-analyzing; the optional plot."""
import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer import plot as plotting
from analyzer import stats as st
from analyzer.cli import main
from analyzer.terms import is_term, top_terms


def record(id="d1", text="x" * 1000, directives=(), problems=(), parties=(), time_limits=0, sentences=3,
           top=(("整改", 3),), source=("a/d1.txt", None), **extra):
    rec = {"id": id, "meta": {}, "text": text, "sentences": [{"start": 0, "end": 1}] * sentences,
           "directives": [{"category": c} for c in directives], "problems": [{"category": c} for c in problems],
           "time_limits": [{}] * time_limits, "parties": [{"text": p, "count": 1} for p in parties],
           "source": {"path": source[0], "line": source[1]}, "key": {"input": "k", "sha256": "s"}}
    if top is not None:
        rec["top_terms"] = [list(t) for t in top]
    rec.update(extra)
    return rec


@pytest.mark.parametrize("rec,expected", [
    (record(), {"id": "d1", "source": "a/d1.txt", "length": 1000, "sentences": 3, "directives": 0,
                "directive_density": 0.0, "parties": 0, "time_limits": 0, "problems": 0, "top_terms": "整改:3"}),
    (record(directives=["system", "system", "discipline", "other"], problems=["work_style"], parties=["乡纪委", "各村"],
            time_limits=2, source=("c.jsonl", 7)),
     {"source": "c.jsonl:7", "directives": 4, "directive_density": 4.0, "parties": 2, "time_limits": 2,
      "problems": 1, "directives_system": 2, "directives_discipline": 1, "directives_other": 1,
      "directives_ideology": 0, "problems_work_style": 1, "problems_system": 0}),
    (record(directives=["not-a-category"], text="要。"), {"directives_other": 1, "directive_density": 500.0}),
    (record(top=None, tokens=["整改", "的", "整改", "，", "巡察", "我们", "2024"]), {"top_terms": "整改:2 巡察:1"}),
    (record(top=None, text=""), {"top_terms": "", "length": 0, "directive_density": 0.0}),
])
def test_row_of_a_record(rec, expected):
    row = st.row(rec)
    assert list(row) == list(st.COLUMNS)
    assert {k: row[k] for k in expected} == expected


@pytest.mark.parametrize("token,expected", [
    ("整改", True), ("巡察组", True), ("的", False), ("要", False), ("我们", False), ("，", False),
    ("2024", False), ("6月", True), ("  ", False), ("\n", False), ("PDCA", True), ("一是", False),
])
def test_what_counts_as_a_term(token, expected):
    assert is_term(token) is expected


def test_top_terms_most_frequent_first_ties_first_seen():
    assert top_terms(["巡察", "整改", "整改", "巡察", "督查", "的"], n=2) == [["巡察", 2], ["整改", 2]]
    assert top_terms(None) == [] and top_terms([]) == []


def test_totals_sum_rows_and_merge_terms():
    totals = st.Totals()
    for rec in (record(directives=["system"], parties=["乡纪委"], top=[("整改", 3), ("巡察", 1)]),
                record(id="d2", directives=["system", "ideology"], parties=["乡纪委", "各村"], top=[("巡察", 4)])):
        totals.add(rec, st.row(rec))
    items = dict(totals.items())
    assert items["documents"] == 2 and items["length"] == 2000 and items["directives"] == 3
    assert items["directive_density"] == 1.5 and items["parties"] == 3 and items["distinct_parties"] == 2
    assert items["directives_system"] == 2 and items["directives_ideology"] == 1
    assert items["top_terms"] == "巡察:5 整改:3"
    assert "unreadable_lines" not in items


def write_results(path: Path, records, extra_lines=()):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + "".join(extra_lines),
                    encoding="utf-8")
    return path


def test_cli_csv_to_stdout_totals_to_stderr(tmp_path):
    res = write_results(tmp_path / "out.jsonl", [record(), record(id="d2", directives=["system"])])
    r = CliRunner().invoke(main, ["stats", str(res)])
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["id"] for row in rows] == ["d1", "d2"] and rows[1]["directives_system"] == "1"
    assert "documents" in r.stderr and "directives_system      1" in r.stderr


def test_cli_files_bad_lines_and_refusal(tmp_path):
    res = write_results(tmp_path / "out.jsonl", [record()], ["{broken\n", '{"id": "no text"}\n'])
    csv_path = tmp_path / "stats.csv"
    r = CliRunner().invoke(main, ["stats", str(res), "-o", str(csv_path)])
    assert r.exit_code == 1                                   # two lines were not records
    assert f"error: {res}:2: not a JSON record" in r.output and f"{res}:3: not an analyzer record" in r.output
    text = csv_path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(st.COLUMNS) and len(text.splitlines()) == 2
    totals = dict(csv.reader(io.StringIO((tmp_path / "stats.totals.csv").read_text(encoding="utf-8-sig"))))
    assert totals["documents"] == "1" and totals["unreadable_lines"] == "2"
    r = CliRunner().invoke(main, ["stats", str(res), "-o", str(csv_path)])
    assert r.exit_code == 1 and "already exists" in r.output
    r = CliRunner().invoke(main, ["stats", str(tmp_path / "missing.jsonl")])
    assert r.exit_code == 1 and r.output.strip() == f"error: {tmp_path / 'missing.jsonl'}: no such file"


def test_plot_without_matplotlib_says_what_to_install(tmp_path, monkeypatch):
    res = write_results(tmp_path / "out.jsonl", [record()])
    monkeypatch.setattr(plotting, "available", lambda: False)
    r = CliRunner().invoke(main, ["stats", str(res), "-o", str(tmp_path / "s.csv"), "--plot", str(tmp_path / "p.png")])
    assert r.exit_code == 1 and "pip install '.[plot]'" in r.output
    assert sum("matplotlib" in line for line in r.output.splitlines()) == 1
    # The CSV is still written (it used to be refused with the plot); no PNG.
    assert (tmp_path / "s.csv").exists() and not (tmp_path / "p.png").exists()


@pytest.mark.slow
def test_plot_draws_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    res = write_results(tmp_path / "out.jsonl", [record(), record(id="d2", directives=["system", "discipline"])])
    png = tmp_path / "p.png"
    r = CliRunner().invoke(main, ["stats", str(res), "--plot", str(png)])
    assert r.exit_code == 0, r.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
