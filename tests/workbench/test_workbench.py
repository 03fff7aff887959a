"""The researcher's workbench (issue 19): tidy tables, --meta, compare, query,
on small results written here; the real corpora in test_workbench_corpus.py."""
import csv
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer import stats as st
from analyzer.cli import main
from analyzer.workbench import figures as fg
from analyzer.workbench import query as q
from analyzer.workbench import tables as tb
from analyzer.workbench.schema import TABLES

TEXT = "一、压实责任\n巡察办要在6月底前完成整改。各乡镇每月通报2次。严禁弄虚作假。" * 2


def directive(start, category="system", parties=(), limits=(), issuer=None, section=("一、压实责任",)):
    return {"text": TEXT[start:start + 8], "start": start, "end": start + 8, "modality": "obligation",
            "trigger": "要", "action": "完成整改", "issuer": issuer, "category": category,
            "scores": {"ideology": 0.1, "system": 0.6, "work_style": 0.1, "discipline": 0.1, "other": 0.1},
            "section": list(section),
            "parties": [{"text": p, "name": p, "role": "lead", "inherited": k > 0, "kind": "org",
                         "start": start, "end": start + 3} for k, p in enumerate(parties)],
            "time_limits": list(limits)}


def limit(start, type_, value, text="6月底前"):
    return {"text": text, "start": start, "end": start + len(text), "type": type_, "value": value}


def record(id="d1", date="2024-03-01", directives=None, problems=("discipline",), path="in/d1.txt", **meta):
    deadline = limit(10, "deadline", {"by": "2024-06-30"})
    directives = directives if directives is not None else [
        directive(7, "system", ["巡察办"], [deadline]),
        directive(22, "discipline", ["各乡镇", "乡纪委"], [limit(26, "frequency", {"every": "P1M", "min_count": 2},
                                                               "每月通报2次")]),
        directive(34, "other")]
    limits = [deadline, limit(26, "frequency", {"every": "P1M", "min_count": 2}, "每月通报2次"),
              limit(50, "urgency", {"level": "immediate"}, "立即")]
    outline = [{"level": 1, "marker": "一、", "heading": "压实责任", "start": 0, "end": 40, "children": [
        {"level": 2, "marker": "（一）", "heading": "整改", "start": 7, "end": 40, "children": []}]},
        {"level": 1, "marker": "二、", "heading": "纪律", "start": 40, "end": len(TEXT), "children": []}]
    return {"id": id, "meta": {"date": date, **meta} if date else dict(meta), "text": TEXT,
            "removed": [{"start": 0, "end": 0, "kind": "boilerplate", "text": "打印"}],
            "outline": outline, "sentences": [{"start": 0, "end": 20}, {"start": 20, "end": 33}, {"start": 33, "end": 40}],
            "directives": directives,
            "problems": [{"text": "弄虚作假", "start": 36, "end": 40, "category": c, "scores": {}} for c in problems],
            "time_limits": limits, "parties": [{"text": "巡察办", "count": 1}],
            "top_terms": [["整改", 4], ["巡察", 2]], "source": {"path": path, "line": None}}


def write_results(path: Path, records, extra=()):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + "".join(extra),
                    encoding="utf-8")
    return path


RECORDS = [record(), record("d2", "2025-01-10", problems=(), path="in/d2.txt", issuer="县纪委"),
           record("d1", None, directives=[], title="2023年某县工作报告", path="in/2023_x.txt")]  # a repeated id


def json_counts(records):
    """What each table must hold, counted from the JSON itself."""
    def sections(items):
        return sum(1 + sections(s["children"]) for s in items)
    return {"documents": len(records), "sentences": sum(len(r["sentences"]) for r in records),
            "sections": sum(sections(r["outline"]) for r in records),
            "directives": sum(len(r["directives"]) for r in records),
            "parties": sum(len(d["parties"]) for r in records for d in r["directives"]),
            "time_limits": sum(len(r["time_limits"]) for r in records),
            "problems": sum(len(r["problems"]) for r in records), "removed": sum(len(r["removed"]) for r in records)}


@pytest.mark.parametrize("fmt,target", [("csv", "t"), ("sqlite", "t.db"), ("parquet", "p")])
def test_row_counts_equal_the_json_counts(tmp_path, fmt, target):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    res = write_results(tmp_path / "out.jsonl", RECORDS)
    out = tmp_path / target
    r = CliRunner().invoke(main, ["tables", str(res), "-o", str(out), "--format", fmt])
    assert r.exit_code == 0, r.output
    expected = json_counts(RECORDS)
    assert expected["parties"] == 6 and expected["sections"] == 9   # the fixture exercises nesting and parties
    for name, n in expected.items():
        if fmt == "csv":
            with open(out / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
        elif fmt == "sqlite":
            with sqlite3.connect(out) as con:
                rows = con.execute(f"SELECT * FROM {name}").fetchall()
        else:
            import pyarrow.parquet as pq
            rows = pq.read_table(out / f"{name}.parquet").to_pylist()
        assert len(rows) == n, name
        assert f"{name} {n}" in r.output


def test_ids_join_every_table_and_sqlite_keys_hold(tmp_path):
    res = write_results(tmp_path / "out.jsonl", RECORDS)
    db = tmp_path / "t.db"
    assert CliRunner().invoke(main, ["tables", str(res), "-o", str(db)]).exit_code == 0
    con = sqlite3.connect(db)
    assert [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY rowid")] == ["d1", "d2", "d1#2"]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # What was 巡察办 told to do, and by when: three tables joined on the one id scheme.
    rows = con.execute("""SELECT d.doc_id, d.directive_no, t.by_date, t.days_from_doc FROM parties p
        JOIN directives d USING (doc_id, directive_no)
        JOIN time_limits t ON t.doc_id = d.doc_id AND t.directive_no = d.directive_no
        WHERE p.name = '巡察办' ORDER BY 1""").fetchall()
    assert rows == [("d1", 1, "2024-06-30", 121), ("d2", 1, "2024-06-30", -194)]
    sections = con.execute("SELECT section_no, parent_no, path FROM sections WHERE doc_id='d1'").fetchall()
    assert sections == [(1, None, "一、压实责任"), (2, 1, "一、压实责任 > （一）整改"), (3, None, "二、纪律")]
    assert con.execute("SELECT section_no FROM directives WHERE doc_id='d1'").fetchall() == [(2,), (2,), (2,)]
    prov = dict(con.execute("SELECT key, value FROM provenance"))
    from analyzer import __version__
    assert prov["analyzer_version"] == __version__ and len(prov["model_sha256"]) == 64
    import hashlib
    assert (prov["input_1"], prov["input_1_sha256"]) == (str(res), hashlib.sha256(res.read_bytes()).hexdigest())
    assert con.execute("SELECT DISTINCT analyzer_version, model_sha256 FROM documents").fetchall() == [
        (__version__, prov["model_sha256"])]
    schemas = [r[0] for r in con.execute("SELECT sql FROM sqlite_master WHERE type='table'")]
    assert len(schemas) == 9 and all(f"zh-speech-analyzer {__version__}, model sha256 {prov['model_sha256']}" in sql
                                     for sql in schemas)
    indexes = {r[1] for r in con.execute("SELECT * FROM sqlite_master WHERE type='index'")}
    assert "idx_directives_category" in indexes and "idx_parties_name" in indexes


def test_sql_directives_per_category_equal_analyzer_stats(tmp_path):
    res = write_results(tmp_path / "out.jsonl", RECORDS[:2])
    db, stats_csv = tmp_path / "t.db", tmp_path / "s.csv"
    assert CliRunner().invoke(main, ["tables", str(res), "-o", str(db)]).exit_code == 0
    assert CliRunner().invoke(main, ["stats", str(res), "-o", str(stats_csv)]).exit_code == 0
    assert sql_equals_stats(db, stats_csv) == 2


def sql_equals_stats(db: Path, stats_csv: Path) -> int:
    """Assert SQL's directives per category per document = analyzer stats; the documents compared."""
    with sqlite3.connect(db) as con:
        sql = {(d, c): n for d, c, n in con.execute(
            "SELECT doc_id, category, COUNT(*) FROM directives GROUP BY doc_id, category")}
    with open(stats_csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        for c in st.CATEGORIES:
            assert int(row[f"directives_{c}"]) == sql.get((row["id"], c), 0), (row["id"], c)
    return len(rows)


@pytest.mark.parametrize("value,type_,expected", [
    ({"by": "2024-06-30"}, "deadline", {"by_date": "2024-06-30", "days_from_doc": 121}),
    ({"by": "2024-03-15T17:30"}, "deadline", {"by_date": "2024-03-15", "by_time": "17:30", "days_from_doc": 14}),
    ({"by": None, "unspecified": True}, "deadline", {"by_date": None, "unspecified": 1, "days_from_doc": None}),
    ({"after": "反馈", "within": "P1M"}, "deadline", {"period": "P1M", "anchor": "after:反馈"}),
    ({"month": 6, "part": "end"}, "deadline", {"by_date": None, "period": None}),
    ({"date": "2024-05-13"}, "date", {"by_date": "2024-05-13", "days_from_doc": 73}),
    ({"every": "P1M", "min_count": 2}, "frequency", {"period": "P1M", "min_count": 2}),
    ({"every": "P1W", "weekday": 5}, "frequency", {"period": "P1W", "weekday": 5}),
    ({"cadence": [{"every": "P1W"}, {"every": "P1M"}]}, "frequency", {"period": "P1W;P1M"}),
    ({"duration": "P2M", "approx": True}, "duration", {"period": "P2M"}),
    ({"during": "巡察"}, "duration", {"anchor": "during:巡察", "period": None}),
    ({"level": "immediate"}, "urgency", {"level": "immediate", "ongoing": None}),
    ({"ongoing": True}, "standing", {"ongoing": 1}),
    ({}, "standing", {"value": None, "ongoing": None}),
])
def test_time_limit_value_columns(value, type_, expected):
    cols = tb.time_limit_values({"type": type_, "value": value}, "2024-03-01")
    assert {k: cols[k] for k in expected} == expected
    assert set(cols) <= set(TABLES["time_limits"].names)


@pytest.mark.parametrize("meta,doc_id,source,expected", [
    ({"date": "2024-08-29"}, "x", "", (2024, "date")),
    ({"title": "2006年政府工作报告"}, "x", "", (2006, "title")),
    ({"title": "关于2006年的回顾"}, "x", "", (None, None)),      # a year inside the title is not the document's
    ({}, "2023_报告.txt", "corpus/2023_报告.txt", (2023, "file name")),
    ({}, "20231_报告.txt", "", (None, None)),                   # five digits are not a year
    ({"date": "去年"}, "x", "", (None, None)),
])
def test_year_of_a_document(meta, doc_id, source, expected):
    assert tb.year_of(meta, doc_id, source) == expected


def test_ids_are_unique_even_when_a_record_has_a_suffixed_id():
    ids = tb.DocIds()
    assert [ids({"id": i}) for i in ("a", "a#2", "a", "a", "")] == ["a", "a#2", "a#3", "a#4", "doc"]


def test_new_fields_fill_their_columns_when_present():
    rec = record(issuer="国务院办公厅", doc_number="国办发〔2020〕27号", addressees=["各省", "各部委"], genre="notice",
                 pages=3)
    rec["directives"][0]["issuer"] = {"text": "中央纪委", "start": 0, "end": 4}
    parts = tb.explode(rec, "d1")
    doc = parts["documents"][0]
    assert (doc["issuer"], doc["doc_number"], doc["addressees"], doc["genre"], doc["pages"]) == (
        "国务院办公厅", "国办发〔2020〕27号", "各省；各部委", "notice", 3)
    assert parts["directives"][0][TABLES["directives"].names.index("issuer")] == "中央纪委"
    bare = tb.explode(record(), "d1")["documents"][0]
    assert (bare["issuer"], bare["genre"], bare["pages"]) == (None, None, None)


def test_user_meta_wins_and_the_documents_fill_the_rest(tmp_path):
    res = write_results(tmp_path / "out.jsonl", RECORDS)
    meta = tmp_path / "docs.csv"
    meta.write_text("\ufefffile,Region,year,genre,date\nd1.txt,华北,,report,\nd2,华东,2030,,2025-02-01\n"
                    "nowhere.txt,西北,,,\n", encoding="utf-8")
    out = tmp_path / "t"
    r = CliRunner().invoke(main, ["tables", str(res), "-o", str(out), "--meta", str(meta)])
    assert r.exit_code == 0, r.output
    assert "1 rows matched no document (first: nowhere.txt)" in r.output
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as fh:
        docs = {d["doc_id"]: d for d in csv.DictReader(fh)}
    assert (docs["d1"]["region"], docs["d1"]["genre"], docs["d1"]["year"], docs["d1"]["year_from"]) == (
        "华北", "report", "2024", "date")                                    # matched by file name
    assert (docs["d2"]["region"], docs["d2"]["year"], docs["d2"]["year_from"], docs["d2"]["date"],
            docs["d2"]["issuer"]) == ("华东", "2030", "meta", "2025-02-01", "县纪委")  # by stem; own issuer kept
    assert (docs["d1#2"]["region"], docs["d1#2"]["year"], docs["d1#2"]["year_from"]) == ("", "2023", "title")


def test_the_documents_own_genre_is_kept_over_the_users():
    class User:
        def lookup(self, doc_id, path):
            return {"genre": "report", "region": "华北"}
    assert tb.explode(record(genre="notice"), "d1", User())["documents"][0]["genre"] == "notice"
    assert tb.explode(record(), "d1", User())["documents"][0]["genre"] == "report"


@pytest.mark.parametrize("content,message", [
    ("name,region\na,b\n", "no key column: the header needs 'id' or 'file'"),
    ("id,region\na,b,c\n", ":2: 3 fields, the header has 2"),
    ("", "empty"),
    ("id,x,x\n", "two columns have the same name"),
    ("file,directives\nd1.txt,9\n", "column directives is computed from the results; rename it"),
    ("id,doc_id\nd1,zz\n", "column doc_id is computed"),
])
def test_bad_meta_is_one_line_naming_the_file(tmp_path, content, message):
    res = write_results(tmp_path / "out.jsonl", RECORDS)
    meta = tmp_path / "docs.csv"
    meta.write_text(content, encoding="utf-8")
    r = CliRunner().invoke(main, ["tables", str(res), "-o", str(tmp_path / "t"), "--meta", str(meta)])
    assert r.exit_code == 1 and message in r.output and str(meta) in r.output
    assert len(r.output.strip().splitlines()) == 1 and not (tmp_path / "t").exists()


def test_bad_lines_are_reported_and_the_rest_written(tmp_path):
    res = write_results(tmp_path / "out.jsonl", RECORDS[:1], ["{broken\n"])
    r = CliRunner().invoke(main, ["tables", str(res), "-o", str(tmp_path / "t")])
    assert r.exit_code == 1 and f"error: {res}:2: not a JSON record" in r.output
    assert len((tmp_path / "t" / "documents.csv").read_text(encoding="utf-8-sig").splitlines()) == 2


@pytest.mark.parametrize("command", [["tables", "-o", "t"], ["compare", "--by", "year"], ["query"]])
def test_a_record_of_the_wrong_shape_is_one_line_and_the_rest_goes_on(tmp_path, command):
    bad = record("odd", directives=[{"parties": "巡察办"}])                 # parties: a string, not a list
    bad2 = dict(record("odd2"), sentences=[5])                                     # not a span
    res = write_results(tmp_path / "out.jsonl", [bad, RECORDS[0], bad2])
    r = CliRunner().invoke(main, [command[0], str(res), *[str(tmp_path / a) if a == "t" else a for a in command[1:]]])
    assert r.exit_code == 1, r.output
    errors = [line for line in r.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and errors[0].startswith("error: odd: not an analyzer record")
    assert "Traceback" not in r.output
    if command[0] == "tables":
        assert "documents 1," in r.output


def test_parquet_without_pyarrow_says_which_extra(tmp_path, monkeypatch):
    from analyzer.cli import tables as cli_tables
    monkeypatch.setattr(cli_tables, "_has_pyarrow", lambda: False)
    res = write_results(tmp_path / "out.jsonl", RECORDS)
    r = CliRunner().invoke(main, ["tables", str(res), "-o", str(tmp_path / "p"), "--format", "parquet"])
    assert r.exit_code == 1 and "pip install '.[parquet]'" in r.output
    assert not (tmp_path / "p").exists()


def test_nothing_is_overwritten_without_force(tmp_path):
    res = write_results(tmp_path / "out.jsonl", RECORDS)
    for target in ("t", "t.db"):
        out = tmp_path / target
        assert CliRunner().invoke(main, ["tables", str(res), "-o", str(out)]).exit_code == 0
        before = sorted((p.name, p.stat().st_mtime_ns) for p in ([out] if out.is_file() else out.iterdir()))
        r = CliRunner().invoke(main, ["tables", str(res), "-o", str(out)])
        assert r.exit_code == 1 and "already exists (use --force to overwrite it)" in r.output
        assert sorted((p.name, p.stat().st_mtime_ns) for p in ([out] if out.is_file() else out.iterdir())) == before
        assert CliRunner().invoke(main, ["tables", str(res), "-o", str(out), "--force"]).exit_code == 0


def test_compare_shares_sum_to_one_and_counts_are_there(tmp_path):
    res = write_results(tmp_path / "out.jsonl", RECORDS)
    out = tmp_path / "groups.csv"
    r = CliRunner().invoke(main, ["compare", str(res), "--by", "year", "-o", str(out)])
    assert r.exit_code == 0, r.output
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [row["year"] for row in rows] == ["2023", "2024", "2025"]
    by_year = {row["year"]: row for row in rows}
    assert by_year["2024"]["directives"] == "3" and by_year["2024"]["directives_per_10k"] == str(
        round(10_000 * 3 / len(TEXT), 2))
    for year in ("2024", "2025"):
        assert sum(float(by_year[year][f"directives_share_{c}"]) for c in st.CATEGORIES) == pytest.approx(1)
    assert sum(float(by_year["2024"][f"problems_share_{c}"]) for c in st.CATEGORIES) == pytest.approx(1)
    assert float(by_year["2024"]["directives_share_discipline"]) == pytest.approx(1 / 3)
    assert (by_year["2024"]["directives_with_party"], by_year["2024"]["directives_with_deadline"]) == ("2", "1")
    assert by_year["2024"]["median_deadline_days"] == "121" and by_year["2025"]["median_deadline_days"] == "-194"
    assert by_year["2024"]["top_parties"] == "巡察办:1 各乡镇:1 乡纪委:1"
    assert by_year["2024"]["top_terms"] == "整改:4 巡察:2"
    assert by_year["2023"]["directives"] == "0" and by_year["2023"]["directives_share_system"] == ""


def test_compare_groups_by_a_meta_column_and_refuses_an_unknown_one(tmp_path):
    res = write_results(tmp_path / "out.jsonl", RECORDS)
    meta = tmp_path / "m.csv"
    meta.write_text("id,level\nd1,county\nd2,county\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["compare", str(res), "--by", "level", "--meta", str(meta)])
    assert r.exit_code == 0, r.output
    assert [line.split(",")[:2] for line in r.stdout.splitlines()[1:]] == [["county", "2"], ["(none)", "1"]]
    for by in ("province", "directives", "problems_system"):       # unknown, or a count of the groups table
        r = CliRunner().invoke(main, ["compare", str(res), "--by", by])
        assert r.exit_code == 2 and f"--by {by}: not a column to group by" in r.output and "year" in r.output


def test_compare_without_matplotlib_writes_the_table_and_says_which_extra(tmp_path, monkeypatch):
    monkeypatch.setattr(fg, "available", lambda: False)
    res = write_results(tmp_path / "out.jsonl", RECORDS)
    r = CliRunner().invoke(main, ["compare", str(res), "--by", "year", "-o", str(tmp_path / "g.csv"),
                                  "--figures", str(tmp_path / "figs"), "--report", str(tmp_path / "r.html")])
    assert r.exit_code == 0 and (tmp_path / "g.csv").exists() and not (tmp_path / "figs").exists()
    assert [line for line in r.output.splitlines() if "error:" in line] == [f"error: {fg.INSTALL_HINT}"]
    assert "<svg" not in (tmp_path / "r.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_compare_figures_and_a_self_contained_report(tmp_path):
    pytest.importorskip("matplotlib")
    res = write_results(tmp_path / "out.jsonl", RECORDS)
    figs, report = tmp_path / "figs", tmp_path / "r.html"
    r = CliRunner().invoke(main, ["compare", str(res), "--by", "year", "--figures", str(figs), "--report", str(report)])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in figs.iterdir()) == sorted(f"{n}.{e}" for n in fg.FIGURES for e in ("png", "svg"))
    assert (figs / "top_parties.png").read_bytes()[:4] == b"\x89PNG"
    page = report.read_text(encoding="utf-8")
    assert page.count("<svg") == 3 and "<?xml" not in page and "巡察办" in page
    for attr in ("src=\"http", "href=\"http", "@import", "url(http"):
        assert attr not in page
    r = CliRunner().invoke(main, ["compare", str(res), "--by", "year", "--report", str(report)])
    assert r.exit_code == 1 and "already exists" in r.output


F = q.Filters
QUERY_RECORDS = [record(), record("d2", "2025-01-10", path="in/d2.txt", issuer="县纪委"),
                 record("d3", None, title="2023年工作报告", path="in/d3.txt")]


@pytest.mark.parametrize("filters,expected", [
    (F(), [("d1", 1), ("d1", 2), ("d1", 3), ("d2", 1), ("d2", 2), ("d2", 3), ("d3", 1), ("d3", 2), ("d3", 3)]),
    (F(party="巡察办"), [("d1", 1), ("d2", 1), ("d3", 1)]),
    (F(party="纪委"), [("d1", 2), ("d2", 2), ("d3", 2)]),               # a part of the name
    (F(categories=("discipline", "other")), [("d1", 2), ("d1", 3), ("d2", 2), ("d2", 3), ("d3", 2), ("d3", 3)]),
    (F(types=("deadline",)), [("d1", 1), ("d2", 1), ("d3", 1)]),
    (F(types=("urgency",)), []),                                       # the doc's urgency is on no directive
    (F(since="2024-06-01"), [("d2", 1), ("d2", 2), ("d2", 3)]),
    (F(until="2024-12-31"), [("d1", 1), ("d1", 2), ("d1", 3), ("d3", 1), ("d3", 2), ("d3", 3)]),  # d3: its year
    (F(since="2023-06-01", until="2023-12-31"), [("d3", 1), ("d3", 2), ("d3", 3)]),
    (F(issuer="县纪委"), [("d2", 1), ("d2", 2), ("d2", 3)]),
    (F(pattern=__import__("re").compile("严禁|弄虚")), []),
    (F(party="巡察办", types=("deadline",), since="2025-01-01"), [("d2", 1)]),
])
def test_query_filters(filters, expected):
    got = [(r["doc_id"], r["directive_no"]) for r in q.select(iter(QUERY_RECORDS), filters)]
    assert got == expected


def test_query_table_and_csv(tmp_path):
    res = write_results(tmp_path / "out.jsonl", QUERY_RECORDS[:1])
    r = CliRunner().invoke(main, ["query", str(res), "--party", "巡察办"])
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].split() == [name for name, _ in q.TABLE] and len(lines) == 2
    assert "6月底前(deadlin…  2024-06-30" in lines[1] and "巡察办" in lines[1]   # cut to its width; by when
    out = tmp_path / "q.csv"
    r = CliRunner().invoke(main, ["query", str(res), "--type", "deadline", "-o", str(out)])
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(x["doc_id"], x["by_date"], x["parties"]) for x in rows] == [("d1", "2024-06-30", "巡察办")]
    r = CliRunner().invoke(main, ["query", str(res), "--pattern", "("])
    assert r.exit_code == 2 and "not a regular expression" in r.output


@pytest.mark.parametrize("text,cols,expected", [
    ("abc", 5, "abc  "), ("巡察办", 6, "巡察办"), ("巡察办要", 6, "巡察… "), ("abcdef", 4, "abc…"), ("a\nb", 4, "a b "),
])
def test_cells_fit_their_terminal_width(text, cols, expected):
    assert q._fit(text, cols) == expected and q.width(q._fit(text, cols)) == cols
