"""出处 as a clerk cites it (analyzer/ledger/cite.py).  Headings written for these tests."""
import pytest

from analyzer.ledger.build import build_ledger
from analyzer.ledger.cite import cite_text, paragraph_no, section_title
from analyzer.ledger.export import source_text
from ledger_helpers import make_doc


@pytest.mark.parametrize("section, expected", [
    (("四、夯实整改基础，确保件件落地", "（二）压实属地责任。各部门要…"), "四、（二）压实属地责任"),
    (("一、总体要求",), "一、总体要求"),
    (("二、聚焦窗口单位服务不优和办事拖沓问题开展专项整治",), "二、聚焦窗口单位服务不优和办事拖沓问题开展专…"),
    (("第三章 监督检查",), "第三章 监督检查"),
    ((), ""),
])
def test_section_title(section, expected):
    assert section_title(section) == expected


@pytest.mark.parametrize("text, pos, expected", [
    ("甲\n乙\n丙", 0, 1),
    ("甲\n乙\n丙", 2, 2),
    ("甲\n\n  \n乙", 5, 2),        # blank lines are no paragraphs
    ("甲\n乙", 1, 1),              # the line break closes its line
])
def test_paragraph_no(text, pos, expected):
    assert paragraph_no(text, pos) == expected


def test_paragraph_no_counts_as_the_lines_before_say_at_every_position():
    # one index per text, not a count per row (30,000 rows of a 5 MB line took 14 s)
    text = "一、甲\n\n  \n乙要做\n丙\n\n丁\n"
    for pos in range(len(text) + 1):
        before = text[:pos].split("\n")[:-1]
        assert paragraph_no(text, pos) == sum(1 for line in before if line.strip()) + 1, pos


def test_cite_text():
    assert cite_text({"section": "一、", "paragraph": 4, "page": 2}) == "第2页 第4段"
    assert cite_text({"section": "一、", "paragraph": 4, "page": None}, "en") == "para. 4"
    assert cite_text({}) == ""


def test_row_cites_section_page_and_paragraph():
    text = "一、夯实整改基础，确保件件落地\n（二）压实属地责任\n县民政局要在月底前完成台账核对。"
    doc = make_doc(text, [{"text": "县民政局要在月底前完成台账核对。", "parties": [{"text": "县民政局"}]}])
    cut = text.index("（二）")
    doc.pages = [{"page": 1, "start": 0, "end": cut}, {"page": 2, "start": cut, "end": len(text)}]
    src = build_ledger([doc]).rows[0].sources[0]
    assert src.cite == {"section": "一、（二）压实属地责任", "paragraph": 3, "page": 2}
    assert source_text(src) == "t.txt\n一、（二）压实属地责任\n第2页 第3段"
    assert src.to_dict()["cite"]["page"] == 2 and src.to_dict()["measures"][0]["start"] == text.index("县民政局")
