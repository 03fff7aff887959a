"""Task tables in PDFs (analyzer/ledger/pdftables.py): merged places and page
breaks on hand-made pdfplumber-like tables, and a Word table typeset to PDF by
LibreOffice read back as 20 rows.  Every text here was written for these tests."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.ledger import pdftables
from analyzer.ledger.pdftables import NeedsExtra, _cells, _join_pages, _join_lines
from analyzer.ledger.tables import find_task_table, read_task_tables
from analyzer.ledger.taskrows import table_rows

from task_table_helpers import task_rows, write_docx

REF = dt.date(2025, 3, 1)
COLS = [0, 40, 140, 260, 330, 400]          # column edges: 5 columns


def fake_table(rows):
    """A table as pdfplumber gives it: ``rows`` of (text, columns spanned, rows
    spanned) or None where a merged cell covers the place."""
    texts, boxes = [], []
    for i, row in enumerate(rows):
        t, b = [], []
        for j, cell in enumerate(row):
            if cell is None:
                t.append(None)
                b.append(None)
                continue
            text, wide, tall = cell
            t.append(text)
            b.append((COLS[j], 20 * i, COLS[j + wide], 20 * (i + tall)))
        texts.append(t)
        boxes.append(b)
    return SimpleNamespace(extract=lambda: texts, rows=[SimpleNamespace(cells=b) for b in boxes])


def c(text, wide=1, tall=1):
    return (text, wide, tall)


HEADER = [
    [c("序号", tall=2), c("存在问题", tall=2), c("整改措施", tall=2), c("责任单位", wide=2), None],
    [None, None, None, c("牵头单位"), c("配合单位")],
]


@pytest.mark.parametrize("text, expected", [
    ("建立报销\n单据复核\n制度", "建立报销单据复核制度"),
    ("（1）完善制度\n（2）加强督查", "（1）完善制度\n（2）加强督查"),
    ("1.完善\n制度\n2.加强督查", "1.完善制度\n2.加强督查"),
    (None, ""),
])
def test_layout_line_breaks_in_a_cell(text, expected):
    assert _join_lines(text) == expected


def test_merged_places_take_the_covering_cell():
    rows = HEADER + [
        [c("1"), c("档案归档\n不及时", tall=2), c("清理积压档案"), c("县档案馆"), c("")],
        [c("2"), None, c("建立按月归档机制"), c("县档案馆"), c("县委办公室")],
    ]
    grid = _join_pages([(1, True, True, _cells(fake_table(rows), (1, 0)))])[0]
    table = find_task_table(grid)
    assert [(col.field, col.role) for col in table.columns] == [
        ("no", None), ("problem", None), ("measure", None), ("body", "lead"), ("body", "support")]
    got = table_rows(table, "plan.pdf", None, REF)
    assert [r.problem for r in got] == ["档案归档不及时", "档案归档不及时"]
    assert [[(b.name, b.role) for b in r.bodies] for r in got] == [
        [("县档案馆", "lead")], [("县档案馆", "lead"), ("县委办公室", "support")]]


def test_a_table_going_on_over_the_next_page_is_one_table():
    page1 = HEADER + [[c("1"), c("信访件办理"), c("逐件梳理超期"), c("县信访局"), c("")]]
    page2 = [[c(""), c("超期"), c("信访件"), c(""), c("")],
             [c("2"), c("资金拨付滞后"), c("建立月报制度"), c("县财政局"), c("县审计局")]]
    found = [(1, True, True, _cells(fake_table(page1), (1, 0))),
             (2, True, True, _cells(fake_table(page2), (2, 0)))]
    [grid] = _join_pages(found)
    table = find_task_table(grid)
    got = table_rows(table, "plan.pdf", None, REF)
    assert [(r.problem, r.measures) for r in got] == [("信访件办理超期", ["逐件梳理超期信访件"]),
                                                       ("资金拨付滞后", ["建立月报制度"])]
    assert [r.sources[0].describe() for r in got] == ["plan.pdf\n表1 第3行（第1页）", "plan.pdf\n表1 第4行（第2页）"]


def test_a_new_table_on_the_next_page_stays_apart():
    page1 = HEADER + [[c("1"), c("信访件办理超期"), c("逐件梳理"), c("县信访局"), c("")]]
    found = [(1, True, True, _cells(fake_table(page1), (1, 0))),
             (2, True, True, _cells(fake_table(HEADER + [[c("1"), c("会议记录不全"), c("规范格式"),
                                                          c("县政府办公室"), c("")]]), (2, 0)))]
    assert [g.label for g in _join_pages(found)] == ["表1", "表2"]


def test_without_pdfplumber_one_line_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with pytest.raises(NeedsExtra, match=r"pip install '\.\[pdf-tables\]'"):
        pdftables.pdf_grids(b"%PDF-1.4", "x.pdf")
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    r = CliRunner().invoke(main, ["issues", str(pdf)])
    assert "note: " + str(tmp_path / "x.pdf") + ": task tables in a PDF are read with pdfplumber" in r.output
    assert "Traceback" not in r.output


def typeset(tmp_path, data, **kw):
    """The Word table of ``data`` typeset as a PDF by LibreOffice (skip without it)."""
    pytest.importorskip("pdfplumber", reason="the pdf-tables extra is not installed")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("no LibreOffice (soffice) to typeset the Word table as a PDF")
    write_docx(tmp_path / "plan.docx", data, **kw)
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "plan.docx")], capture_output=True, timeout=120, check=True)
    return tmp_path / "plan.pdf"


@pytest.mark.slow
def test_word_table_typeset_to_pdf_gives_20_rows(tmp_path):
    data = task_rows(20)
    pdf = typeset(tmp_path, data, group_after=9)
    [table] = read_task_tables(pdf.read_bytes(), str(pdf))
    rows = table_rows(table, "plan.pdf", None, REF)
    assert len(rows) == 20
    for row, want in zip(rows, data):
        assert (row.problem, row.measures, row.time_limit) == (want["problem"], [want["measure"]], want["limit"])
        assert row.bodies[0].name == want["lead"] and row.bodies[0].role == "lead"
    pages = {r.sources[0].page for r in rows}
    assert len(pages) > 1, "the table should run over a page break"


@pytest.mark.slow
def test_pdf_text_layer_of_the_table_is_not_drafted_again(tmp_path):
    """The text a PDF reader gives (pdfplumber's here, as a stand-in): a
    table's cells come as wrapped lines side by side; the drafter's tasks from
    them are dropped, the document's own sentence stays."""
    import pdfplumber

    from analyzer.ledger.build import build_ledger
    from analyzer.ledger.onelist import DocTables, combine, fill_rows
    from analyzer.pipeline import Options, analyze
    from analyzer.readers import InputText

    data = task_rows(20)
    for r in data:
        r["measure"] = r["lead"] + "要" + r["measure"]
    pdf = typeset(tmp_path, data, prose="关于整改工作的通知\n一、工作要求\n各单位要在2025年5月31日前报送整改进展。")
    with pdfplumber.open(pdf) as opened:
        text = "\n".join(page.extract_text() for page in opened.pages)
    doc = analyze(InputText("plan.pdf", text, str(pdf), "txt"), Options(tokens=False))
    drafted = build_ledger([doc])
    assert len(drafted.rows) > 10, "the drafter must read the table's lines for this test"
    found = [DocTables("plan.pdf", read_task_tables(pdf.read_bytes(), str(pdf)))]
    fill_rows(found, [doc], REF)
    ledger = combine(drafted, found)
    assert sum(r.link == "table" for r in ledger.rows) == 20
    assert [r.measures for r in ledger.rows if r.link != "table"] == [["各单位要在2025年5月31日前报送整改进展。"]]
