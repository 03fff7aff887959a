"""The workbench on real documents (issue 19, "How it is checked"): the national
and provincial reports in ../shared/corpus and the seeds, batched here; each
test is skipped when those folders are absent."""
import csv
import json
import sqlite3

import pytest
from click.testing import CliRunner

from analyzer import stats as st
from analyzer.cli import main
from conftest import ROOT, seeds_dir
from test_workbench import json_counts, sql_equals_stats

CORPUS = ROOT.parent / "shared" / "corpus"
pytestmark = pytest.mark.slow


def batch(tmp_path_factory, name: str, folders):
    present = [f for f in folders if f is not None and f.is_dir()]
    if len(present) < len(folders):
        pytest.skip("../shared/corpus or ../shared/seeds not present")
    out = tmp_path_factory.mktemp(name) / "out.jsonl"
    r = CliRunner().invoke(main, ["batch", *map(str, present), "-o", str(out), "--jobs", "1", "--ordered", "--quiet"])
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def reports_and_seeds(tmp_path_factory):
    return batch(tmp_path_factory, "all", [CORPUS / "national", CORPUS / "provincial", seeds_dir()])


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    return batch(tmp_path_factory, "national", [CORPUS / "national"])


def test_row_counts_equal_the_json_counts(reports_and_seeds, tmp_path):
    records = [json.loads(line) for line in reports_and_seeds.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 18
    db = tmp_path / "t.db"
    assert CliRunner().invoke(main, ["tables", str(reports_and_seeds), "-o", str(db)]).exit_code == 0
    with sqlite3.connect(db) as con:
        counts = {name: con.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] for name in json_counts(records)}
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert counts == json_counts(records)
    assert counts["directives"] > 500 and counts["parties"] > 50   # a real test, not one of empty tables


def test_sql_directives_per_category_equal_analyzer_stats(reports_and_seeds, tmp_path):
    db, stats_csv = tmp_path / "t.db", tmp_path / "s.csv"
    assert CliRunner().invoke(main, ["tables", str(reports_and_seeds), "-o", str(db)]).exit_code == 0
    assert CliRunner().invoke(main, ["stats", str(reports_and_seeds), "-o", str(stats_csv)]).exit_code == 0
    assert sql_equals_stats(db, stats_csv) == 18


def test_compare_by_year_on_the_national_reports(national, tmp_path):
    out = tmp_path / "g.csv"
    r = CliRunner().invoke(main, ["compare", str(national), "--by", "year", "-o", str(out)])
    assert r.exit_code == 0, r.output
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    years = sorted(p.name[:4] for p in (CORPUS / "national").glob("*.txt"))
    assert [row["year"] for row in rows] == years                     # one row per year, none ungrouped
    for row in rows:
        assert int(row["documents"]) == 1 and int(row["directives"]) > 0
        assert sum(float(row[f"directives_share_{c}"]) for c in st.CATEGORIES) == pytest.approx(1)
