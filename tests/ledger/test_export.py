"""Exporting the rectification list: every format read back (xlsx with openpyxl,
docx with python-docx, csv with its BOM, Markdown, JSON), overwrite refused,
unknown extensions refused, the `analyzer issues` command, and the seed
documents in every format when present."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.ledger.build import build_ledger
from analyzer.ledger.export import (CATEGORY_NAMES, COLUMNS, export, render_markdown, section_label,
                                    sheet_names, source_text, writer_for)
from analyzer.output import OutputError
from ledger_helpers import make_doc
from project_root import ROOT

SAMPLE = ROOT / "analyzer" / "samples" / "speech_sample.txt"
FORMATS = ("xlsx", "docx", "csv", "md", "json")


@pytest.fixture(scope="module")
def ledger():
    a_text = ("一、抓好制度整改\n有的单位报销制度不健全，审批流程不规范。\n"
              "县财政局要牵头修订报销办法，6月底前完成；各单位要配合做好清理工作。\n"
              "二、整治作风问题\n对敷衍塞责、推诿扯皮的单位和个人要严肃问责。\n"
              "三、压实责任\n县委巡察办要建立整改台账，实行“挂号|销号”管理。")
    a = make_doc(a_text, [
        {"text": "县财政局要牵头修订报销办法，6月底前完成；", "category": "system",
         "parties": [{"text": "县财政局", "role": "lead"}],
         "limits": [("6月底前", "deadline", {"month": 6, "part": "end"})]},
        {"text": "各单位要配合做好清理工作。", "category": "system",
         "parties": [{"text": "各单位", "role": "support"}]},
        {"text": "对敷衍塞责、推诿扯皮的单位和个人要严肃问责。", "category": "discipline"},
        {"text": "县委巡察办要建立整改台账，实行“挂号|销号”管理。", "category": "system",
         "parties": [{"text": "县委巡察办"}]},
    ], [("有的单位报销制度不健全，审批流程不规范。", "system"),
        ("对敷衍塞责、推诿扯皮的单位和个人要严肃问责。", "work_style")], doc_id="a.txt", title="在整改推进会上的讲话")
    b_text = "同志们：\n区委巡察办要建立整改台账，实行“挂号|销号”管理。\n各级党组织要组织专题学习。"
    b = make_doc(b_text, [
        {"text": "区委巡察办要建立整改台账，实行“挂号|销号”管理。", "category": "system",
         "parties": [{"text": "区委巡察办"}]},
        {"text": "各级党组织要组织专题学习。", "category": "ideology", "parties": [{"text": "各级党组织"}]},
    ], [], doc_id="b.txt", title="在巡察整改会上的讲话")
    led = build_ledger([a, b])
    assert len(led.rows) == 4 and len(led.rows[2].sources) == 2   # the 台账 task is merged
    return led


def write(ledger, tmp_path, ext, lang="zh"):
    path = tmp_path / f"out.{ext}"
    export(ledger, path, lang=lang)
    return path


# --- cells ------------------------------------------------------------------------

def test_cells_and_source_text(ledger):
    row = ledger.rows[0]
    assert row.problem == "有的单位报销制度不健全，审批流程不规范。"
    # 出处 as a clerk cites it (ledger/cite.py); the offsets stay in the JSON
    assert source_text(row.sources[0]) == "a.txt\n一、抓好制度整改\n第2段"
    assert source_text(row.sources[0], "en") == "a.txt\n一、抓好制度整改\npara. 2"
    assert row.sources[0].to_dict()["problems"] and row.sources[0].to_dict()["measures"]
    assert section_label(("二、聚焦突出问题，分类抓好整改落实", "（一）针对制度机制方面的问题，要建章立制")) \
        == "二、（一）针对制度机制方面的问题，要建章立…"
    assert section_label(()) == ""


# --- xlsx ---------------------------------------------------------------------------

def test_xlsx_round_trip(ledger, tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(write(ledger, tmp_path, "xlsx"))
    names = sheet_names(ledger, "汇总")
    assert wb.sheetnames == ["汇总", *names] and names == ["在整改推进会上的讲话", "在巡察整改会上的讲话"]
    ws = wb[names[0]]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:H{ws.max_row}"
    assert [c.value for c in ws[1]] == list(COLUMNS["zh"])
    assert ws.max_row == 1 + len(ledger.rows_of("a.txt")) == 4
    first = [c.value for c in ws[2]]
    assert first[:3] == [1, "有的单位报销制度不健全，审批流程不规范。", "制度机制"]
    assert first[3] == "（1）县财政局要牵头修订报销办法，6月底前完成；\n（2）各单位要配合做好清理工作。"
    assert first[4] == "县财政局（牵头）、各单位（配合）" and first[6] == "6月底前"
    assert first[7] == "a.txt\n一、抓好制度整改\n第2段"      # 出处 as cited (ledger/cite.py)
    assert ws["D2"].alignment.wrap_text and ws.column_dimensions["D"].width >= 40
    # heights are set, so wrapped cells show in full in LibreOffice too: two measures, two lines at least
    assert ws.row_dimensions[2].height >= 2 * 15
    assert [ws.cell(r, 3).value for r in range(2, 5)] == ["制度机制", "工作作风", "制度机制"]
    assert any("C2" in str(dv.sqref) for dv in ws.data_validations.dataValidation)   # category drop-down
    merged_sheet = wb[names[1]]
    assert [c.value for c in merged_sheet["A"]][1:] == [3, 4]   # global numbers, the merged row in both sheets
    assert "a.txt" in merged_sheet["H2"].value and "b.txt" in merged_sheet["H2"].value


def test_xlsx_summary_counts(ledger, tmp_path):
    from openpyxl import load_workbook

    ws = load_workbook(write(ledger, tmp_path, "xlsx"))["汇总"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == ledger.title
    table = {r[0]: r[1] for r in values if r and r[0] and isinstance(r[1], int)}
    assert table["制度机制"] == 2 and table["工作作风"] == 1 and table["思想认识"] == 1 and table["纪律"] == 0
    assert table["合计"] == 4
    assert table["县委巡察办"] == 1 and table["区委巡察办"] == 1 and table["县财政局"] == 1
    assert table["（未明确）"] == 1


def test_xlsx_english(ledger, tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(write(ledger, tmp_path, "xlsx", lang="en"))
    assert wb.sheetnames[0] == "Summary"
    ws = wb[wb.sheetnames[1]]
    assert [c.value for c in ws[1]] == list(COLUMNS["en"])
    assert ws["C2"].value == "system" and ws["E2"].value == "县财政局 (lead); 各单位 (support)"


def test_sheet_names_are_valid_and_unique():
    from analyzer.ledger.build import Ledger

    led = Ledger([], [{"id": "a.txt", "title": "关于[整改]工作:的讲话/提纲?" * 3},
                      {"id": "b.txt", "title": "关于[整改]工作:的讲话/提纲?" * 3}, {"id": "汇总.txt", "title": None}])
    names = sheet_names(led, "汇总")
    assert len(set(names)) == 3 and all(len(n) <= 31 for n in names)
    assert not any(ch in n for n in names for ch in "[]:*?/\\")
    assert names[2] == "汇总(2)"


# --- docx ---------------------------------------------------------------------------

def test_docx_round_trip(ledger, tmp_path):
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm

    doc = docx.Document(write(ledger, tmp_path, "docx"))
    sec = doc.sections[0]
    assert sec.orientation == WD_ORIENT.LANDSCAPE
    assert abs(sec.page_width - Mm(297)) < Mm(1) and abs(sec.page_height - Mm(210)) < Mm(1)
    title = doc.paragraphs[0]
    assert title.text == "《在整改推进会上的讲话》等2份材料整改台账"
    assert title.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == list(COLUMNS["zh"])
    assert len(table.rows) == 1 + len(ledger.rows)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None       # repeated on every page
    assert table.rows[1].cells[2].text == "制度机制"
    assert table.rows[1].cells[3].text.startswith("（1）县财政局要牵头修订报销办法")
    head_run = table.rows[0].cells[0].paragraphs[0].runs[0]
    assert head_run.element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    for row in table.rows[1:]:
        for cell in row.cells:
            for p in cell.paragraphs:
                for r in p.runs:
                    assert r.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    normal = doc.styles["Normal"].element.rPr
    assert normal.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    fonts = [r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")][0].blob.decode()
    assert 'w:name="仿宋_GB2312"><w:altName w:val="宋体"/>' in fonts
    assert 'w:name="方正小标宋简体"><w:altName w:val="黑体"/>' in fonts
    assert "PAGE" in sec.footer.paragraphs[0]._p.xml


def test_docx_english_headers(ledger, tmp_path):
    import docx

    doc = docx.Document(write(ledger, tmp_path, "docx", lang="en"))
    assert [c.text for c in doc.tables[0].rows[0].cells] == list(COLUMNS["en"])
    assert doc.tables[0].rows[1].cells[2].text == "system"


# --- csv, md, json ---------------------------------------------------------------------

def test_csv_has_bom_and_reads_back(ledger, tmp_path):
    raw = write(ledger, tmp_path, "csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(COLUMNS["zh"])
    assert len(rows) == 1 + len(ledger.rows)
    assert rows[1][3] == "（1）县财政局要牵头修订报销办法，6月底前完成；\n（2）各单位要配合做好清理工作。"
    assert rows[3][3] == "县委巡察办要建立整改台账，实行“挂号|销号”管理。"
    assert {r[2] for r in rows[1:]} <= set(CATEGORY_NAMES["zh"].values())


def test_markdown(ledger, tmp_path):
    text = write(ledger, tmp_path, "md").read_text(encoding="utf-8")
    assert text == render_markdown(ledger)
    lines = text.splitlines()
    assert lines[0] == f"# {ledger.title}"
    assert lines[2] == "| " + " | ".join(COLUMNS["zh"]) + " |"
    body = [ln for ln in lines[4:] if ln.startswith("| ")]
    assert len(body) == len(ledger.rows)
    assert "挂号\\|销号" in body[2] and "<br>（2）" in body[0]
    # escaped pipes never split a cell
    assert all(ln.replace("\\|", "").count("|") == len(COLUMNS["zh"]) + 1 for ln in body)


def test_json(ledger, tmp_path):
    data = json.loads(write(ledger, tmp_path, "json").read_text(encoding="utf-8"))
    assert data["title"] == ledger.title and data["columns"] == list(COLUMNS["zh"])
    assert [r["no"] for r in data["rows"]] == [1, 2, 3, 4]
    merged = data["rows"][2]
    assert [s["doc"] for s in merged["sources"]] == ["a.txt", "b.txt"]
    assert merged["cells"]["类别"] == "制度机制" and merged["category"] == "system"
    assert data["rows"][0]["time_limits"] == [{"text": "6月底前", "type": "deadline",
                                               "value": {"month": 6, "part": "end"}}]
    assert data["rows"][1]["problem"] == "敷衍塞责、推诿扯皮" and data["rows"][1]["link"] == "frame"


# --- safety ------------------------------------------------------------------------------

@pytest.mark.parametrize("ext", FORMATS)
def test_existing_output_is_refused_without_force(ledger, tmp_path, ext):
    path = tmp_path / f"out.{ext}"
    path.write_bytes(b"keep me")
    with pytest.raises(OutputError, match="already exists"):
        export(ledger, path)
    assert path.read_bytes() == b"keep me"
    export(ledger, path, force=True)
    assert path.read_bytes() != b"keep me"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]   # no temporary file left behind


def test_output_gets_the_mode_of_a_new_file_not_a_private_one(ledger, tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        path = write(ledger, tmp_path, "xlsx")
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        path.chmod(0o664)
        export(ledger, path, force=True)
        assert stat.S_IMODE(path.stat().st_mode) == 0o664   # a replaced file keeps its mode
    finally:
        os.umask(old)


def test_unknown_extension_is_refused(tmp_path):
    with pytest.raises(OutputError, match=r"unknown output type '\.pdf'"):
        writer_for(tmp_path / "out.pdf")
    with pytest.raises(OutputError, match=r"'\(none\)'"):
        writer_for(tmp_path / "out")


def test_unknown_language_is_refused(ledger, tmp_path):
    with pytest.raises(ValueError):
        export(ledger, tmp_path / "x.md", lang="fr")


# --- CLI -------------------------------------------------------------------------------------

def run(args, input=None):
    return CliRunner().invoke(main, args, input=input, catch_exceptions=False)


def test_issues_help():
    r = run(["issues", "--help"])
    assert r.exit_code == 0
    for word in ("整改台账", "--lang", "--force", "--ref-date", "--max-bytes", "-o", ".xlsx", ".docx", ".csv"):
        assert word in r.output
    assert "issues" in run(["--help"]).output


def test_row_height_grows_with_wrapped_text():
    from analyzer.ledger.export import row_height

    short = row_height([1, "", "其他", "要抓好整改。", "", "", "", "a.txt"])
    long = row_height([1, "", "其他", "要抓好整改。" * 20, "", "", "", "a.txt\n一、\n措施 1-2"])
    assert long > short >= 15


def test_issues_prints_markdown_without_output(tmp_path):
    for args in ([str(SAMPLE)], [str(SAMPLE), "-o", "-"], ["--sample"]):
        r = run(["issues", *args])
        assert r.exit_code == 0
        assert r.output.startswith("# 《县委常委、纪委书记在2025年度巡察整改推进会上的讲话》整改台账")
        assert "| 序号 | 问题 | 类别 | 整改措施 |" in r.output


@pytest.mark.parametrize("ext", FORMATS)
def test_issues_writes_every_format(tmp_path, ext):
    out = tmp_path / f"list.{ext}"
    r = run(["issues", str(SAMPLE), "-o", str(out), "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert out.exists() and out.stat().st_size > 0
    assert run(["issues", str(SAMPLE), "-o", str(out)]).exit_code == 1         # refused
    assert run(["issues", str(SAMPLE), "-o", str(out), "--force"]).exit_code == 0


def test_issues_unknown_extension_is_a_clear_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "analyzer", "issues", str(SAMPLE), "-o", str(tmp_path / "x.pdf")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"error: {tmp_path / 'x.pdf'}: unknown output type '.pdf' "
                                     "(use .xlsx, .docx, .csv, .md or .json)")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.slow
def test_issues_bad_file_is_one_line_error_and_others_are_listed(tmp_path):
    out = tmp_path / "list.json"
    result = subprocess.run([sys.executable, "-m", "analyzer", "issues", str(tmp_path / "missing.txt"), str(SAMPLE),
                             "-o", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert errors == [f"error: {tmp_path / 'missing.txt'}: no such file"]
    assert "Traceback" not in result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in data["documents"]] == ["speech_sample.txt"] and data["rows"]


def test_issues_with_nothing_readable_writes_nothing(tmp_path):
    out = tmp_path / "list.xlsx"
    r = run(["issues", str(tmp_path / "missing.txt"), "-o", str(out)])
    assert r.exit_code == 1 and not out.exists()


# --- seeds (skipped when absent) --------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("ext", FORMATS)
def test_seed_ledger_in_every_format(seed_paths, tmp_path, ext):
    out = tmp_path / f"seeds.{ext}"
    r = run(["issues", *map(str, seed_paths.values()), "-o", str(out)])
    assert r.exit_code == 0, r.output
    data_path = tmp_path / "seeds.json"
    if ext != "json":
        assert run(["issues", *map(str, seed_paths.values()), "-o", str(data_path)]).exit_code == 0
    data = json.loads(data_path.read_text(encoding="utf-8"))
    n = len(data["rows"])
    assert n > 0 and all(row["measures"] for row in data["rows"])
    if ext == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(out)
        assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == 1 + len(seed_paths)
        for d, name in zip(data["documents"], wb.sheetnames[1:]):
            ws = wb[name]
            assert ws.max_row == 1 + d["rows"] and ws.freeze_panes == "A2"
            assert [c.value for c in ws[1]] == list(COLUMNS["zh"])
    elif ext == "docx":
        import docx

        table = docx.Document(out).tables[0]
        assert len(table.rows) == 1 + n
    elif ext == "csv":
        rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
        assert len(rows) == 1 + n and all(r[3] for r in rows[1:])
    elif ext == "md":
        body = [ln for ln in out.read_text(encoding="utf-8").splitlines() if ln.startswith("| ")][1:]
        assert len(body) == n


def test_seed_sources_slice_the_text_they_claim(seed_paths, tmp_path):
    from analyzer.pipeline import Options, analyze
    from analyzer.readers import read_path

    out = tmp_path / "seeds.json"
    assert run(["issues", *map(str, seed_paths.values()), "-o", str(out)]).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    texts = {item.id: analyze(item, Options(tokens=False)).text
             for p in seed_paths.values() for item in read_path(p)}
    for row in data["rows"]:
        first = row["sources"][0]
        assert [texts[first["doc"]][m["start"]:m["end"]] for m in first["measures"]] == row["measures"]
        for src in row["sources"]:
            text = texts[src["doc"]]
            for m in src["measures"] + src["problems"]:
                assert 0 <= m["start"] < m["end"] <= len(text)
        for body in row["bodies"] + row["roles"]:
            assert any(body["text"] in texts[s["doc"]][s["span"]["start"]:s["span"]["end"]] for s in row["sources"])


def test_source_of_a_row_added_by_hand():
    from analyzer.ledger.build import Source

    src = Source("a.txt", None, (), (), (), (0, 0), "manual")
    assert source_text(src) == "a.txt\n人工添加"
    assert source_text(src, "en") == "a.txt\nadded by hand"
