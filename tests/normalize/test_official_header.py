"""The red header and closing lines of an official document (SPEC sections 1
and 8): rows of fixtures written for this file, and the rules' own checks."""
import pytest

from analyzer.normalize import header
from analyzer.normalize.pipeline import normalize
from analyzer.pipeline import analyze
from analyzer.resources import DataError

BODY = "一、总体要求\n各县区要在2021年6月底前完成整改，县财政局负责资金保障。\n二、工作措施\n（一）建立台账。各单位要逐项销号。"

DOC_FULL = ("山河市人民政府办公室文件\n山政办发〔2021〕12号\n"
            "山河市人民政府办公室关于做好\n巡察反馈问题整改工作的通知\n"
            "各县（区）人民政府，市政府各部门：\n" + BODY + "\n"
            "山河市人民政府办公室\n二〇二一年三月九日\n（此件公开发布）\n"
            "抄送：市委办公室，市人大常委会办公室。\n山河市人民政府办公室 2021年3月10日印发\n")


def test_full_header_and_closing_lines_become_metadata():
    norm = normalize(DOC_FULL)
    m = norm.meta
    assert m["issuer"] == "山河市人民政府办公室"
    assert m["doc_number"] == "山政办发〔2021〕12号"
    assert m["title"] == "山河市人民政府办公室关于做好巡察反馈问题整改工作的通知"
    assert m["addressees"] == ["各县（区）人民政府", "市政府各部门"]
    assert m["issued"] == "2021-03-09" and m["date"] == "2021-03-09"
    assert m["cc"] == ["市委办公室", "市人大常委会办公室"]
    assert m["printed_by"] == "山河市人民政府办公室" and m["printed_date"] == "2021-03-10"
    assert m["release"] == "此件公开发布"
    assert norm.text == BODY
    fields = {r.get("field") for r in norm.removed if r["kind"] == "metadata"}
    assert {"issuer", "doc_number", "addressees", "issued", "cc", "printed_by", "release", "title"} <= fields
    for r in norm.removed:  # every removed line is found at its place in the original
        assert DOC_FULL[r["start"]:r["end"]] == r["text"]


@pytest.mark.parametrize("doc,expected", [
    # the markings above the banner
    ("000123\n秘密★1年\n特急\n山河市人民政府文件\n山政发〔2021〕3号\n" + BODY,
     {"marking": "000123", "issuer": "山河市人民政府", "doc_number": "山政发〔2021〕3号"}),
    # the web layout: title first, then the number
    ("关于加强整改督查的通知\n青政发(2020)101号\n各乡镇党委、政府，县直各单位：\n" + BODY
     + "\n青川县人民政府\n2020年5月6日\n",
     {"doc_number": "青政发(2020)101号", "issuer": "青川县人民政府", "date": "2020-05-06",
      "addressees": ["各乡镇党委、政府", "县直各单位"], "title": "关于加强整改督查的通知"}),
    # placeholder number, a half-width bracket, a 签发人 on the line
    ("X办发[2021]3号 签发人：林远\n关于整改进展情况的报告\n山河市委：\n" + BODY,
     {"doc_number": "X办发[2021]3号", "signer": "林远", "addressees": ["山河市委"]}),
    # two issuers signing together, date in Chinese numerals, spaces in the date
    (BODY + "\n中共青川县委 青川县人民政府\n二〇一九年十二月三十一日\n",
     {"issuer": "中共青川县委、青川县人民政府", "issued": "2019-12-31"}),
    (BODY + "\n青川县财政局\n2022 年 1 月 5 日\n", {"issued": "2022-01-05"}),
    # no banner, no signature: the title names the issuer
    ("山河市财政局关于资金整改的通知\n山财发〔2022〕7号\n各县区财政局：\n" + BODY,
     {"issuer": "山河市财政局"}),
    # a forwarding document closes with the forwarded one's signature
    ("山河市人民政府办公室转发市审计局关于审计整改意见的通知\n山政办发〔2022〕3号\n"
     + BODY + "\n山河市审计局\n2022年2月1日\n",
     {"issuer": "山河市人民政府办公室"}),
])
def test_header_rows(doc, expected):
    meta = normalize(doc).meta
    for key, value in expected.items():
        assert meta.get(key) == value, key


@pytest.mark.parametrize("doc", [
    # a speech: greeting, body, a date at the end with nobody signing
    "在整改推进会上的讲话\n同志们：\n今天我们召开会议，部署整改工作。各单位要在6月底前完成。\n2021年3月9日",
    # a line ending in a colon inside a speech head is no addressee
    "关于整改的几点意见\n对此，县委要求：\n各单位要在6月底前完成整改，确保见到实效，不走过场，不搞形式。",
    # a document that only cites a number in its body
    "各单位要按照山政发〔2021〕12号文件要求抓好落实，在6月底前完成整改，确保见到实效。",
])
def test_texts_without_a_header_are_left_alone(doc):
    norm = normalize(doc)
    assert not {"doc_number", "issuer", "addressees", "issued", "cc"} & set(norm.meta)


def test_date_stated_by_the_text_wins_over_the_date_of_issue():
    doc = "时间:2024-08-29\n" + DOC_FULL
    assert normalize(doc).meta["date"] == "2024-08-29"


def test_header_lines_are_not_analyzed_as_directives():
    doc = analyze(DOC_FULL)
    texts = " ".join(d.text if hasattr(d, "text") else d["text"] for d in doc.directives)
    assert "各县（区）人民政府" not in texts and "抄送" not in texts
    assert "整改" in texts


@pytest.mark.parametrize("value,iso", [
    ("2020年5月6日", "2020-05-06"), ("二〇二〇年五月六日", "2020-05-06"),
    ("二零二二年十二月三十一日", "2022-12-31"), ("2020年13月6日", None), ("五月六日", None),
])
def test_iso_date(value, iso):
    assert header.iso_date(value) == iso


@pytest.mark.parametrize("change,message", [
    ({"examples": ["不是公文编号"]}, "does not match"),
    ({"counter": ["国办发〔2020〕27号"]}, "counter-example"),
    ({"where": "middle"}, "where must be"),
    ({"pattern": "("}, "doc-number"),
    ({"examples": []}, "at least one example"),
])
def test_rules_are_validated_on_load(change, message):
    from analyzer.resources import load_toml

    data = load_toml(*header.RULES_FILE)
    rules = [dict(r) for r in data["rule"]]
    target = next(r for r in rules if r["id"] == "doc-number")
    target.update(change)
    with pytest.raises(DataError, match=message):
        header.parse_rules({"rule": rules})


def test_text_view_shows_the_header():
    from analyzer.render import render_text

    view = render_text(analyze(DOC_FULL), lang="en")
    assert "   issuer: 山河市人民政府办公室\n" in view
    assert "doc_number: 山政办发〔2021〕12号\n" in view
    assert "addressees: 各县（区）人民政府，市政府各部门\n" in view
