"""Cells staff can use: 待补 for what a row leaves to fill in, dates as Excel
dates, the summary sheet's counts, and parties that are not responsible
(analyzer/ledger/missing.py, parties.py, export.py).  Every sentence here was
written for these tests."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from analyzer.document import Party
from analyzer.ledger.build import build_ledger
from analyzer.ledger.export import cells, export
from analyzer.ledger.missing import due_date, is_mark, missing, month_due
from analyzer.ledger.parties import is_responsible
from analyzer.ledger.taskrows import split_names, time_limits
from ledger_helpers import make_doc

TEXT = ("一、压实责任\n县水利局要在6月30日前完成河道清障。\n各村要组织一次排查。\n"
        "乡农办要每月报送进度，2025年8月底前完成销号。")


@pytest.fixture(scope="module")
def ledger():
    doc = make_doc(TEXT, [
        {"text": "县水利局要在6月30日前完成河道清障。", "parties": [{"text": "县水利局"}],
         "limits": [("6月30日前", "deadline", {"by": "2025-06-30"})]},
        {"text": "各村要组织一次排查。"},
        {"text": "乡农办要每月报送进度，2025年8月底前完成销号。", "parties": [{"text": "乡农办"}],
         "limits": [("每月", "frequency", {"every": "P1M"}), ("2025年8月底前", "deadline", {"by": "2025-08-31"})]},
    ], doc_id="c.txt", title="在清障推进会上的讲话")
    return build_ledger([doc])


def test_missing_fields_and_marks(ledger):
    got = [(r.measures[0][:4], missing(r)) for r in ledger.rows]
    assert got == [("县水利局", []), ("各村要组", ["bodies", "time_limit"]), ("乡农办要", [])]
    c = cells(ledger.rows[1])
    assert c[4] == "待补" and c[5] == "" and c[6] == "待补"
    assert cells(ledger.rows[1], "en")[6] == "(to fill)"
    assert cells(ledger.rows[0])[4] == "县水利局"


@pytest.mark.parametrize("limits, date", [
    ([{"text": "6月30日前", "type": "deadline", "value": {"by": "2025-06-30"}}], dt.date(2025, 6, 30)),
    ([], None),
    ([{"text": "长期坚持", "type": "standing", "value": {"ongoing": True}}], None),
    ([{"text": "a", "type": "deadline", "value": {"by": "2025-06-30"}},
      {"text": "b", "type": "deadline", "value": {"by": "2025-07-31"}}], None),       # two dates: none chosen
    ([{"text": "按时", "type": "deadline", "value": {"by": None, "unspecified": True}}], None),
])
def test_due_date(limits, date):
    class R:
        time_limits = limits
    assert due_date(R) == date
    assert month_due(R) == (f"{date.year}-{date.month:02d}" if date else None)


def test_json_lists_missing(ledger, tmp_path):
    export(ledger, tmp_path / "x.json")
    rows = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))["rows"]
    assert [r["missing"] for r in rows] == [[], ["bodies", "time_limit"], []]


def test_xlsx_numbers_dates_and_summary(ledger, tmp_path):
    from openpyxl import load_workbook

    export(ledger, tmp_path / "x.xlsx")
    wb = load_workbook(tmp_path / "x.xlsx")
    ws = wb.worksheets[1]
    assert [ws.cell(r, 1).value for r in (2, 3, 4)] == [1, 2, 3]          # 序号 numbers, not text
    assert ws.cell(2, 7).value == dt.datetime(2025, 6, 30)                  # one deadline: a date
    assert ws.cell(2, 7).number_format == "yyyy-mm-dd"
    assert ws.cell(3, 7).value == "待补"
    assert isinstance(ws.cell(4, 7).value, str)                             # two limits: their words
    summary = [r for r in wb.worksheets[0].iter_rows(values_only=True) if any(r)]
    assert ("责任单位/责任人待补", 1, None, None) in summary
    assert ("整改时限待补", 1, None, None) in summary
    assert ("2025-06", 1, None, None) in summary and ("到期月份", "任务数", None, None) in summary


def test_marks_read_back_as_empty_cells():
    assert is_mark(" 待补 ") and not is_mark("待补充材料")
    assert split_names("待补", "body", None) == []
    assert time_limits("待补", None) == []


def _party(text, name):
    s = text.index(name)
    return Party(s, s + len(name), name, "body", {"name": name})


# (clause, party, responsible?)
PARTIES = [
    ("县教育局要指导各学校制定方案。", "各学校", False),
    ("区财政局要督促各街道按时完成清理。", "各街道", False),
    ("班子成员要加强对分管单位的指导督促。", "分管单位", False),
    # bug: the second of two joined names kept as responsible (seed 001's second name)
    ("副局长要加强对分管股室和联系点的指导。", "联系点", False),
    ("县教育局和县财政局要联合开展检查。", "县财政局", True),
    ("要依规追究当事人的责任。", "当事人", False),
    ("按照市委要求，县委办要抓好落实。", "市委", False),
    ("要认真落实县委的部署，全面完成整改。", "县委", False),
    ("县教育局要指导各学校制定方案。", "县教育局", True),
    ("通知要求各街道分管负责人当面汇报。", "各街道分管负责人", True),
    ("由县审计局牵头，县财政局配合。", "县财政局", True),
]


@pytest.mark.parametrize("text, name, responsible", PARTIES)
def test_is_responsible(text, name, responsible):
    assert is_responsible(_party(text, name), text) is responsible


def test_guided_body_is_not_a_responsible_body():
    text = "二、抓好整改\n县教育局要指导各学校制定整改方案。"
    doc = make_doc(text, [{"text": "县教育局要指导各学校制定整改方案。",
                           "parties": [{"text": "县教育局"}, {"text": "各学校"}]}])
    row = build_ledger([doc]).rows[0]
    assert [b.name for b in row.bodies] == ["县教育局"]


def test_number_read_back_from_a_list_stays_a_number(ledger):
    # bug: --update keeps 序号 as the text it read, and the updated xlsx stored it as text
    import copy

    row = copy.copy(ledger.rows[0])
    row.no = "7"
    assert cells(row)[0] == 7
    row.no = "7-1"                      # an office's own numbering is kept as written
    assert cells(row)[0] == "7-1"
