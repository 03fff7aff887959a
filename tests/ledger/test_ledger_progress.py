"""Several documents on one inspection give one list: problems from headings
and the findings list, the latest status and its evidence
(analyzer/ledger/problems.py, progress.py).  The three documents were written
for this test."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.ledger.problems import heading_problem
from analyzer.ledger.progress import status_of

FEEDBACK = """关于对县农业农村局党组巡察反馈意见
一、发现的主要问题
（一）农机购置补贴审核把关不严，部分补贴资料不全仍予发放。
（二）项目资金拨付迟缓，高标准农田建设资金滞留时间较长。
（三）干部作风不够扎实，基层调研流于形式。
二、整改要求
县农业农村局党组要认真抓好整改，在两个月内报送整改情况。
"""
PLAN = """县农业农村局党组关于巡察反馈意见的整改方案
一、针对农机购置补贴审核把关不严的问题
县农业农村局要建立农机购置补贴联审制度，对补贴资料逐件复核，2025年6月30日前完成。
二、针对项目资金拨付迟缓的问题
局计财股要清理高标准农田建设资金，加快拨付进度，2025年5月31日前完成。
三、针对干部作风不够扎实的问题
局办公室要制定基层调研工作规定，每季度开展一次调研督查。
"""
REPORT = """县农业农村局党组关于巡察整改推进情况的报告
一、农机购置补贴方面。已建立农机购置补贴联审制度，补贴资料逐件复核已完成，已整改到位。
二、项目资金方面。高标准农田建设资金清理工作正在推进，已拨付资金六成。
三、干部作风方面。基层调研工作规定尚未出台，正在征求意见。
"""


@pytest.mark.parametrize("sentence, status", [
    ("联审制度已建立，已整改到位。", "完成"),
    ("资金清理工作正在推进。", "推进中"),
    ("调研规定尚未完成。", "未开始"),          # 尚未 before 完成
    ("清理工作基本完成。", "推进中"),
    ("会议研究了整改工作。", None),
])
def test_status_of(sentence, status):
    assert status_of(sentence) == status


@pytest.mark.parametrize("heading, problem", [
    ("二、针对项目资金拨付迟缓的问题", "项目资金拨付迟缓"),
    ("（一）关于补贴审核把关不严的问题", "补贴审核把关不严"),
    ("二、针对作风建设方面的问题", None),        # a class label names no problem
    ("三、针对上述问题", None),
    ("一、总体要求", None),
])
def test_heading_problem(heading, problem):
    span = heading_problem(heading)
    assert (heading[span[0]:span[1]] if span else None) == problem


@pytest.fixture(scope="module")
def listed(tmp_path_factory):
    d = tmp_path_factory.mktemp("three")
    paths = []
    for name, text in (("1_反馈.txt", FEEDBACK), ("2_方案.txt", PLAN), ("3_进展.txt", REPORT)):
        (d / name).write_text(text, encoding="utf-8")
        paths.append(str(d / name))
    out = d / "list.json"
    res = CliRunner().invoke(main, ["issues", *paths, "--ref-date", "2025-03-01", "-o", str(out)])
    assert res.exit_code == 0, res.output
    return json.loads(out.read_text(encoding="utf-8")), d, paths


def test_three_documents_give_one_list_with_status(listed):
    data, _, _ = listed
    rows = {r["measures"][0][:7]: r for r in data["rows"]}
    got = {k: (r["problem"], r.get("status"), [s["doc"] for s in r["sources"]]) for k, r in rows.items()}
    assert got["县农业农村局要"] == ("农机购置补贴审核把关不严", "完成", ["2_方案.txt", "1_反馈.txt"])
    assert got["局计财股要清理"] == ("项目资金拨付迟缓", "推进中", ["2_方案.txt", "1_反馈.txt"])
    assert got["局办公室要制定"] == ("干部作风不够扎实", "未开始", ["2_方案.txt", "1_反馈.txt"])
    assert rows["局计财股要清理"]["progress"]["doc"] == "3_进展.txt"
    assert "正在推进" in rows["局计财股要清理"]["cells"]["进展"]
    assert rows["县农业农村局党"].get("status") is None          # the feedback's own requirement: no report on it


def test_xlsx_and_docx_carry_status_and_progress(listed):
    from openpyxl import load_workbook
    from docx import Document as Docx

    _, d, paths = listed
    assert CliRunner().invoke(main, ["issues", *paths, "--ref-date", "2025-03-01", "-o", str(d / "l.xlsx")]).exit_code == 0
    wb = load_workbook(d / "l.xlsx")
    header = [c.value for c in wb.worksheets[2][1]]
    assert header[-2:] == ["状态", "进展"]
    summary = [r for r in wb.worksheets[0].iter_rows(values_only=True) if any(r)]
    assert ("完成", 1, None, None) in summary and ("未开始", 1, None, None) in summary
    assert CliRunner().invoke(main, ["issues", *paths, "--ref-date", "2025-03-01", "-o", str(d / "l.docx")]).exit_code == 0
    table = Docx(str(d / "l.docx")).tables[0]
    assert [c.text for c in table.rows[0].cells][-1] == "进展"


@pytest.mark.parametrize("text, items", [
    ("一、存在的主要问题\n一是台账管理混乱，账实不符。二是资金拨付迟缓。三是作风不实。\n二、整改措施\n县财政局要建立台账。",
     ["台账管理混乱，账实不符", "资金拨付迟缓", "作风不实"]),      # the outline reads 一是… as items
    ("一、存在的主要问题\n台账管理混乱，账实不符。资金拨付迟缓。\n二、整改措施\n县财政局要建立台账。",
     ["台账管理混乱，账实不符。", "资金拨付迟缓。"]),
    ("一、工作要求\n一是要建立台账。二是要按时报送。", []),      # no findings heading: no list
])
def test_findings_items(text, items):
    from analyzer.ledger.problems import findings_items
    from ledger_helpers import make_doc

    doc = make_doc(text)
    assert [text[s:e] for s, e in findings_items(doc)] == items


def _self_ledger(text, problem):
    from analyzer.ledger.build import build_ledger
    from ledger_helpers import make_doc

    doc = make_doc(text, [], [(problem, "work_style")])
    return build_ledger([doc]), doc


@pytest.mark.parametrize("text, problem, expected", [
    ("三、加强督办\n对台账不清的站所限期督办，对成效好的站所通报表扬。", "对台账不清的站所限期督办，对成效好的站所通报表扬。", "台账不清"),
    ("三、加强督办\n对台账不清的单位重点督办，按月通报结果。", "对台账不清的单位重点督办，按月通报结果。", "台账不清"),
    ("三、严肃问责\n对违规收费的行为，我们的态度很明确，处理绝不手软。", "对违规收费的行为，我们的态度很明确，处理绝不手软。", None),
    ("三、严肃问责\n对于检查中发现的违规问题，局党组依规进行处理。", "对于检查中发现的违规问题，局党组依规进行处理。", None),
])
def test_problem_carrying_its_own_measure_is_a_row(text, problem, expected):
    from analyzer.ledger.problems import link_problems

    ledger, doc = _self_ledger(text, problem)
    assert not ledger.rows and len(ledger.unaddressed) == 1
    link_problems(ledger, [doc])
    if expected is None:
        assert not ledger.rows and len(ledger.unaddressed) == 1
    else:
        [row] = ledger.rows
        assert (row.problem, row.measures, row.no, row.link) == (expected, [problem], 1, "frame")
        assert ledger.unaddressed == [] and ledger.documents[0]["rows"] == 1
