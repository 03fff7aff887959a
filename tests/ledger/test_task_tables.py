"""Task tables (SPEC 7): header synonyms, reading .docx/.xlsx tables as ledger
rows, one list with the prose rows, an existing list read back and updated.
Every table and sentence here was written for these tests (task_table_helpers)."""
from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.ledger import tables as tables_mod
from analyzer.ledger.build import build_ledger
from analyzer.ledger.missing import due_date
from analyzer.ledger.tables import clean_header, load_header_rules, read_task_tables
from analyzer.ledger.taskrows import split_measures, split_names, table_rows, time_limits
from analyzer.ledger.update import NEW, read_ledger, update_ledger
from analyzer.pipeline import Options, analyze
from analyzer.readers import InputError, read_path
from analyzer.resources import DataError, corpus_path

from task_table_helpers import task_rows, write_docx, write_xlsx

REF = dt.date(2025, 3, 1)


def run(args):
    return CliRunner().invoke(main, args, catch_exceptions=False)


# --- header rules -------------------------------------------------------------

@pytest.mark.parametrize("header, field, role", [
    ("问题", "problem", None),
    ("存在的突出问题", "problem", None),
    ("整改措施", "measure", None),
    ("具体措施", "measure", None),
    ("任务", "measure", None),
    ("任务数", None, None),                  # a count, not a task
    ("任务来源", "source", None),            # the end of the phrase decides
    ("问题整改时限", "time_limit", None),    # the longer word wins
    ("牵头单位", "body", "lead"),
    ("牵头责任单位", "body", "lead"),
    ("配合部门", "body", "support"),
    ("责任单位（盖章）", "body", None),      # a bracketed note is dropped
    ("责 任 人", "person", None),
    ("完成时间", "time_limit", None),
    ("进展情况", "status", None),
    ("No.", "no", None),
    ("Time limit", "time_limit", None),
    ("材料", None, None),
    ("", None, None),
])
def test_header_maps_to_field(header, field, role):
    rules = load_header_rules()
    assert rules.field_of(header) == field
    assert (rules.role_of(header) if field == "body" else None) == role


def test_header_data_file_is_consistent():
    """Data integrity: the shipped file loads (its examples hold), every
    header is cleaned to itself's key once, and no key is under two fields."""
    data = tables_mod.load_toml(*tables_mod.HEADERS_FILE)
    seen = {}
    for field, spec in data["fields"].items():
        assert field in tables_mod.FIELDS
        for h in spec["headers"]:
            key = clean_header(h)
            assert key and seen.setdefault(key, field) == field, h
    assert data["examples"], "examples stand beside the rules"
    rules = load_header_rules()
    for ex in data["examples"]:
        assert (rules.field_of(ex["header"]) or "") == ex["field"], ex


@pytest.mark.parametrize("old, new, message", [
    ('\n[ignore]\n', '\n[fields.nonsense]\nheaders = ["x"]\n\n[ignore]\n', "unknown field 'nonsense'"),
    ('[fields.problem]\nheaders = [', '[fields.problem]\nheaders = ["整改措施", ', "under both"),
    ('[fields.measure]\nheaders', '[unused]\nheaders', "[fields.measure] is required"),
    ('header = "问题清单"\nfield = "problem"', 'header = "问题清单"\nfield = "measure"',
     "example '问题清单' maps to problem"),
    ('lead = [', 'boss = ["老板"]\nlead = [', "[roles]"),
    ('\n[ignore]\n', '\n[ignored]\n', "KeyError"),
    # the prose-vs-table share is read by the same loader (it was a loader of its own)
    ("table_overlap = 0.6", "table_overlap = 1.5", "table_overlap must be in (0, 1]"),
    ("table_overlap = 0.6", "table_overlap = 'most'", "[prose] table_overlap: could not convert"),
])
def test_bad_header_data_is_refused(tmp_path, old, new, message):
    source = corpus_path(*tables_mod.HEADERS_FILE).read_text(encoding="utf-8")
    assert old in source, old
    (tmp_path / "table_headers.toml").write_text(source.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError, match="table_headers.toml") as exc:
        tables_mod.load_header_rules(tmp_path)
    assert message in str(exc.value)


# --- cells --------------------------------------------------------------------

@pytest.mark.parametrize("cell, role, expected", [
    ("县财政局", "lead", [("县财政局", "lead")]),
    ("县委办公室、县政府办公室", "support", [("县委办公室", "support"), ("县政府办公室", "support")]),
    ("县财政局，县审计局\n县档案馆", None, [("县财政局", None), ("县审计局", None), ("县档案馆", None)]),
    ("县财政局（牵头）、县审计局（配合）", None, [("县财政局", "lead"), ("县审计局", "support")]),
    ("县财政局、县财政局", None, [("县财政局", None)]),
    ("牵头：县财政局；配合：县审计局、县档案馆", None,
     [("县财政局", "lead"), ("县审计局", "support"), ("县档案馆", "support")]),
    ("牵头单位：县财政局\n配合单位：县审计局", None, [("县财政局", "lead"), ("县审计局", "support")]),
    ("县财政局牵头，县审计局、县档案馆配合", None,
     [("县财政局", "lead"), ("县审计局", "support"), ("县档案馆", "support")]),
    ("县财政局：负责资金保障", None, [("县财政局：负责资金保障", None)]),   # no role word: not a label
    ("县自然资源局（本级）", None, [("县自然资源局(本级)", None)]),   # a note, no role: stays (names normalized)
    ("", "lead", []),
])
def test_body_cell_splits_with_roles(cell, role, expected):
    assert [(r.name, r.role) for r in split_names(cell, "body", role)] == expected


@pytest.mark.parametrize("cell, expected", [
    ("完善制度", ["完善制度"]),
    ("（1）完善制度\n（2）加强督查", ["完善制度", "加强督查"]),
    ("（1）完善制度\n（3）加强督查", ["（1）完善制度\n（3）加强督查"]),   # not numbered in order: one measure
    ("第一行\n第二行", ["第一行\n第二行"]),
    ("  ", []),
])
def test_measure_cell(cell, expected):
    assert split_measures(cell) == expected


@pytest.mark.parametrize("cell, texts, value_has", [
    ("2025年6月底前", ["2025年6月底前"], "2025-06-30"),
    ("6月底前", ["6月底前"], "2025-06-30"),           # the reference date gives the year
    ("2025年8月31日", ["2025年8月31日"], "2025-08-31"),   # a bare date in the column: due by it
    ("2025年8月", ["2025年8月"], "2025-08"),
    ("2025.8.31", ["2025.8.31"], "2025-08-31"),          # dotted, as spreadsheets hold dates
    ("2025.08", ["2025.08"], "2025-08-31"),
    ("2025/6/30", ["2025/6/30"], "2025-06-30"),
    ("6月底", ["6月底"], "2025-06-30"),
    ("2025年12月31日前；长期坚持", ["2025年12月31日前", "长期坚持"], "2025-12-31"),
    ("已完成", ["已完成"], None),
    ("按照进度推进", ["按照进度推进"], None),           # nothing read: kept as written
    ("", [], None),
])
def test_time_limit_cell(cell, texts, value_has):
    got = time_limits(cell, REF)
    assert [t["text"] for t in got] == texts
    if value_has:
        assert value_has in str(got[0]["value"])
    elif got:
        assert got[0]["type"] == "text"


# --- a Word and an Excel task table of 20 rows ---------------------------------

def _check_rows(rows, data):
    assert len(rows) == len(data) == 20
    for row, want in zip(rows, data):
        assert row.problem == want["problem"]
        assert row.measures == [want["measure"]]
        bodies = [(b.name, b.role) for b in row.bodies]
        supports = [s for s in want["support"].split("、") if s]
        assert bodies == [(want["lead"], "lead")] + [(s, "support") for s in supports if s != want["lead"]]
        assert [p.name for p in row.roles] == [want["person"]]
        assert row.time_limit == want["limit"]
        assert row.time_limits[0]["type"] != "text", want["limit"]
        assert row.category in ("ideology", "system", "work_style", "discipline", "other")


def test_word_table_of_20_rows(tmp_path):
    data = task_rows(20)
    path = tmp_path / "plan.docx"
    write_docx(path, data, group_after=9, blank_after=4)
    found = read_task_tables(path.read_bytes(), str(path))
    assert len(found) == 1
    table = found[0]
    assert table.header_rows == 3                      # title row + two header rows
    assert [(c.field, c.role) for c in table.columns if c.field == "body"] == [("body", "lead"), ("body", "support")]
    assert table.skipped == [(15, "group title")]      # the blank row is just passed over
    rows = table_rows(table, "plan.docx", None, REF)
    _check_rows(rows, data)
    assert rows[0].sources[0].describe() == "plan.docx\n表1 第4行"
    assert rows[0].sources[0].to_dict()["table"]["columns"]["measure"] == "第3列"
    assert [r.no for r in rows] == list(range(1, 21))


@pytest.mark.parametrize("merge_problem", [False, True])
def test_excel_table_of_20_rows(tmp_path, merge_problem):
    data = task_rows(20)
    path = tmp_path / "plan.xlsx"
    write_xlsx(path, data, merge_problem=merge_problem)
    [table] = read_task_tables(path.read_bytes(), str(path))
    rows = table_rows(table, "plan.xlsx", None, REF)
    if merge_problem:   # B3:B4 merged: the second task shares the first one's problem
        data[1]["problem"] = data[0]["problem"]
    _check_rows(rows, data)
    assert rows[0].sources[0].describe() == "plan.xlsx\n任务清单 第3行"
    assert rows[10].sources[0].row == 14                # after the blank row in the middle


def test_not_a_task_table(tmp_path):
    import docx

    document = docx.Document()
    t = document.add_table(rows=2, cols=3)
    for j, h in enumerate(["姓名", "职务", "电话"]):
        t.cell(0, j).text = h
    path = tmp_path / "contacts.docx"
    document.save(path)
    assert read_task_tables(path.read_bytes(), str(path)) == []


def test_damaged_file_is_an_input_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(InputError, match="broken.xlsx"):
        read_task_tables(path.read_bytes(), str(path))


# --- one list with the prose rows ----------------------------------------------

PROSE = ("关于整改工作的通知\n一、工作要求\n各单位要在2025年5月31日前报送整改进展，县纪委监委要加强日常监督。")


def _directive_rows():
    """Tasks whose measures the prose drafter finds too (要…), to show that a
    table's own text is not drafted again."""
    rows = task_rows(20)
    for r in rows:
        r["measure"] = r["lead"] + "要" + r["measure"]
    return rows


def test_table_text_is_not_drafted_again_as_prose(tmp_path):
    path = tmp_path / "plan.docx"
    data = _directive_rows()
    write_docx(path, data, prose=PROSE)
    [text] = read_path(path)
    prose_only = build_ledger([analyze(text, Options(tokens=False))])
    in_table = [r for r in prose_only.rows if any("\t" in m for m in r.measures)]
    assert len(in_table) >= 10, "the drafter reads the table's text: the test needs that to mean anything"
    r = run(["issues", str(path), "--ref-date", "2025-03-01", "-o", str(tmp_path / "out.json")])
    assert r.exit_code == 0, r.output
    import json

    rows = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["rows"]
    table_rows_ = [r for r in rows if r["link"] == "table"]
    prose_rows = [r for r in rows if r["link"] != "table"]
    assert len(table_rows_) == 20
    assert "(20 from task tables)" in r.output
    own_prose = [r.measures for r in prose_only.rows if r not in in_table]
    assert [r["measures"] for r in prose_rows] == own_prose and own_prose
    assert rows[0]["link"] != "table"                   # the prose comes before the table in the file
    doc = analyze(text, Options(tokens=False))
    for row, want in zip(table_rows_, data):           # the cells' offsets in the normalized text
        src = row["sources"][0]
        [m] = src["measures"]
        [p] = src["problems"]
        assert doc.text[m["start"]:m["end"]] == want["measure"]
        assert doc.text[p["start"]:p["end"]] == want["problem"]
    assert [r["no"] for r in rows] == list(range(1, len(rows) + 1))


# --- an existing list: read back, update ----------------------------------------

@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_export_then_read_back_gives_the_same_rows(tmp_path, suffix):
    path = tmp_path / "plan.xlsx"
    write_xlsx(path, task_rows(20))
    r = run(["issues", str(path), "--ref-date", "2025-03-01", "-o", str(tmp_path / ("list" + suffix))])
    assert r.exit_code == 0, r.output
    [table] = read_task_tables(path.read_bytes(), str(path))
    first = table_rows(table, "plan.xlsx", None, REF)
    back = read_ledger(str(tmp_path / ("list" + suffix)), 10 ** 8, REF)

    def shape(row):
        # a deadline with one date is exported as an Excel date: it reads back as that date
        return (row.no, row.problem, row.category, row.measures, [(b.name, b.role) for b in row.bodies],
                [p.name for p in row.roles], due_date(row) or row.time_limit)

    assert [shape(r) for r in back] == [shape(r) for r in first]
    assert back[0].sources[0].describe() == "plan.xlsx\n任务清单 第3行"   # the 出处 cell as exported


def test_update_keeps_old_rows_and_marks_new_ones(tmp_path):
    old_data = task_rows(12)
    old = tmp_path / "台账.xlsx"
    write_xlsx(old, old_data[:10])
    new = tmp_path / "plan.docx"
    write_docx(new, old_data[:4] + old_data[10:12])      # four known tasks, two new ones
    out = tmp_path / "台账-新.xlsx"
    r = run(["issues", str(new), "--update", str(old), "--ref-date", "2025-03-01", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert f"(10 kept from {old}, 2 new)" in r.output
    rows = read_ledger(str(out), 10 ** 8, REF)
    assert [r.no for r in rows] == list(range(1, 13))
    assert [r.problem for r in rows[:10]] == [d["problem"] for d in old_data[:10]]
    assert [r.status for r in rows] == [""] * 10 + [NEW, NEW]
    assert [r.problem for r in rows[10:]] == [d["problem"] for d in old_data[10:12]]
    # nothing overwritten without --force
    r = run(["issues", str(new), "--update", str(old), "-o", str(out)])
    assert r.exit_code != 0 and "exists" in r.output


def test_update_keeps_the_office_numbers_and_status(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "问题", "整改措施", "责任单位", "完成时限", "完成情况"])
    ws.append([7, "档案归档不及时", "清理积压档案，建立按月归档机制", "县档案馆", "2025年12月底前", "已完成"])
    ws.append([9, "信访件办理超期", "逐件梳理超期信访件，明确办结时限", "县信访局", "2025年7月15日前", "推进中"])
    old = tmp_path / "office.xlsx"
    wb.save(old)
    rows = read_ledger(str(old), 10 ** 8, REF)
    new_path = tmp_path / "plan.docx"
    write_docx(new_path, task_rows(4))                  # the first four: 档案归档 is the fourth
    [table] = read_task_tables(new_path.read_bytes(), str(new_path))
    new = build_ledger([])
    new.rows = table_rows(table, "plan.docx", None, REF)
    ledger = update_ledger(rows, new, "office.xlsx")
    assert [(r.no, r.status) for r in ledger.rows] == [(7, "已完成"), (9, "推进中"), (10, NEW), (11, NEW), (12, NEW)]
    assert ledger.rows[0].sources == rows[0].sources     # the office's row is left as it was


def test_update_with_a_file_that_is_no_list(tmp_path):
    plain = tmp_path / "notes.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(plain)
    new = tmp_path / "plan.docx"
    write_docx(new, task_rows(2))
    r = run(["issues", str(new), "--update", str(plain)])
    assert r.exit_code == 1
    assert r.output.strip().splitlines()[-1] == (f"error: {plain}: holds no task table "
                                                 "(no header row naming 整改措施 and another column)")


def test_read_back_keeps_every_cell_as_written(tmp_path):
    """Bug: the cells went through the whole normalizer, which takes a first
    line for the title: the 出处 `plan.docx\\n一、…` came back without the file."""
    path = tmp_path / "plan.docx"
    write_docx(path, task_rows(3), prose=PROSE)
    out = tmp_path / "list.xlsx"
    assert run(["issues", str(path), "--ref-date", "2025-03-01", "-o", str(out)]).exit_code == 0
    back = read_ledger(str(out), 10 ** 8, REF)
    assert back[0].sources[0].describe().split("\n")[:2] == ["plan.docx", "一、工作要求"]
    assert all(r.sources[0].describe().startswith("plan.docx\n") for r in back)


def test_a_damaged_excel_file_is_one_line_and_the_others_go_on(tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    good = tmp_path / "plan.xlsx"
    write_xlsx(good, task_rows(3))
    r = run(["issues", str(bad), str(good), "-o", str(tmp_path / "out.csv")])
    assert r.exit_code == 1
    errors = [ln for ln in r.output.splitlines() if ln.startswith("error:")]
    assert errors == [f"error: {bad}: is not a Word or Excel file (not a zip archive)"]
    assert "Traceback" not in r.output
    assert (tmp_path / "out.csv").read_text(encoding="utf-8-sig").count("任务清单 第") == 3


def test_a_sheet_formatted_to_its_last_row_is_read_quickly(tmp_path):
    """A sheet whose formatting reaches far down reports that many rows:
    reading stops after MAX_BLANK_ROWS blank rows."""
    import time

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.append(["问题", "整改措施", "责任单位"])
    ws.append(["档案归档不及时", "清理积压档案", "县档案馆"])
    ws.cell(200_000, 1).font = Font(bold=True)      # an empty, formatted cell far below
    path = tmp_path / "tall.xlsx"
    wb.save(path)
    started = time.perf_counter()
    [table] = read_task_tables(path.read_bytes(), str(path))
    assert len(table.rows) == 1
    assert len(table.grid.rows) <= 2 + tables_mod.MAX_BLANK_ROWS + 1
    assert time.perf_counter() - started < 2


def _two_tables(path, between: str):
    """A task table cut in two: the header and 2 rows, then (after
    ``between``: nothing, an empty paragraph, or a sentence) 2 more rows."""
    import docx

    document = docx.Document()
    data = task_rows(4)
    first = document.add_table(rows=3, cols=4)
    for j, h in enumerate(["序号", "存在问题", "整改措施", "责任单位"]):
        first.cell(0, j).text = h
    if between is not None:
        document.add_paragraph(between)
    second = document.add_table(rows=2, cols=4)
    for i, r in enumerate(data):
        t, row = (first, i + 1) if i < 2 else (second, i - 2)
        for j, v in enumerate([str(i + 1), r["problem"], r["measure"], r["lead"]]):
            t.cell(row, j).text = v
    document.save(path)


@pytest.mark.parametrize("between, tables, rows", [
    ("", 2, 4),                      # an empty paragraph between: one table cut in two
    ("附：其他事项如下。", 1, 2),     # text between: the second table is another table
])
def test_a_word_table_cut_in_two(tmp_path, between, tables, rows):
    path = tmp_path / "cut.docx"
    _two_tables(path, between)
    found = read_task_tables(path.read_bytes(), str(path))
    assert len(found) == tables
    got = [r for t in found for r in table_rows(t, "cut.docx", None, REF)]
    assert len(got) == rows
    if rows == 4:
        assert got[2].sources[0].describe() == "cut.docx\n表2 第1行"
        assert got[2].problem == task_rows(4)[2]["problem"]


def interleave(rows: list[list[str]], width: int = 4) -> str:
    """A table as a PDF's text layer gives it: each cell wrapped every
    ``width`` characters, the wrapped lines of a row's cells side by side."""
    lines = []
    for cells in rows:
        chunks = [[c[i:i + width] for i in range(0, len(c), width)] or [""] for c in cells]
        for k in range(max(map(len, chunks))):
            lines.append(" ".join(ch[k] for ch in chunks if k < len(ch)))
    return "\n".join(lines)


def test_interleaved_table_text_is_not_drafted_again(tmp_path):
    """Bug: a PDF's text layer gives a table's wrapped cell lines side by
    side; the drafter made tasks of those lines (`审核把关 要建立报 月底前`)
    and they were not recognized as the table's text."""
    from analyzer.ledger.onelist import DocTables, TableText, combine, fill_rows
    from analyzer.readers import InputText

    data = _directive_rows()
    path = tmp_path / "plan.docx"
    write_docx(path, data)
    [table] = read_task_tables(path.read_bytes(), str(path))
    cells = [[str(i + 1), r["problem"], r["measure"], r["lead"], r["support"], r["person"], r["limit"]]
             for i, r in enumerate(data)]
    text = PROSE + "\n" + interleave(cells)
    doc = analyze(InputText("plan.pdf", text, "plan.pdf", "txt"), Options(tokens=False))
    drafted = build_ledger([doc])
    own = [r for r in drafted.rows if r.measures[0].startswith("各单位要")]
    assert len(drafted.rows) - len(own) >= 10, "the drafter must read the interleaved lines for this test"
    found = [DocTables("plan.pdf", [table])]
    fill_rows(found, [doc], REF)
    ledger = combine(drafted, found)
    assert [r.measures for r in ledger.rows if r.link != "table"] == [r.measures for r in own]
    assert sum(r.link == "table" for r in ledger.rows) == 20
    assert not TableText([table]).holds(own[0].measures[0])


@pytest.mark.parametrize("problem, measure, stated, expected", [
    ("", "修订财务报销审批制度，建立健全内控机制", "", "system"),     # no problem: the measures' category
    ("档案归档不及时", "清理积压档案", "纪律", "discipline"),           # a 类别 cell wins
    ("档案归档不及时", "清理积压档案", "work_style", "work_style"),     # … also as a code
])
def test_row_category(tmp_path, problem, measure, stated, expected):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["问题", "类别", "整改措施", "责任单位"])
    wb.active.append([problem, stated, measure, "县财政局"])
    path = tmp_path / "one.xlsx"
    wb.save(path)
    [table] = read_task_tables(path.read_bytes(), str(path))
    [row] = table_rows(table, "one.xlsx", None, REF)
    assert row.category == expected
    assert (row.problem_category is None) == (not problem)
