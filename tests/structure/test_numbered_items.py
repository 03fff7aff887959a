"""Numbered items: short titles are headings, task items are tasks, `是否…`
items are criteria (SPEC section 2; issues 16 and 20), as tables.

Every text here was written for these tests."""
from __future__ import annotations

import pytest

from analyzer.ledger.build import build_ledger
from analyzer.pipeline import Options, analyze
from analyzer.resources import DataError
from analyzer.structure.items import item_kind, load_rules, parse_rules
from analyzer.structure.outline import build_outline

# A notice whose tasks are numbered `（一）…要…，X月底前完成。`
NOTICE = ("关于开展文风会风专项整治的通知\n"
          "一、整治任务\n"
          "（一）针对会议过多过长问题，县委办要牵头制定精简会议的具体办法，5月31日前完成。\n"
          "（二）针对调研走过场问题，县委组织部要会同县财政局建立调研成果转化机制，6月底前完成。\n"
          "（三）各乡镇要在9月底前完成自查自纠，形成书面报告报县纪委。\n"
          "二、工作要求\n"
          "（一）强化组织领导。各单位要明确一名分管领导具体负责，每月报送一次进展情况。\n")

# A plan whose tasks are `1.各股室要…`, then real short headings under 保障措施
PLAN = ("县审计局落实巡察反馈意见整改方案\n"
        "一、整改任务\n"
        "1.各股室要在7月底前完成台账清理。\n"
        "2.财务股要清理往来账款，8月15日前完成。\n"
        "3.由办公室牵头，人事股配合，修订考勤管理办法，年底前完成。\n"
        "二、保障措施\n"
        "1.加强组织领导\n"
        "2.强化督查问责\n")

# A self-inspection list: `是否…` check-items under headings, numbered or not
CHECKS = ("关于开展党风廉政建设自查的通知\n"
          "一、自查内容\n"
          "（一）政治建设方面\n"
          "1.是否确保重大事项按程序请示报告；\n"
          "2.是否严格落实民主集中制，做到不得搞一言堂；\n"
          "（二）作风建设方面\n"
          "是否做到不得违规公款吃喝；\n"
          "是否确保值班制度落实到位。\n")

# A speech whose items are real short headings, some with trigger words
SPEECH = ("同志们：\n"
          "今天我们召开整改工作推进会，部署下一阶段工作。\n"
          "一、提高政治站位，切实增强整改的责任感\n"
          "我们要深刻认识整改工作的重要意义。\n"
          "二、聚焦突出问题，扎实推进整改落实\n"
          "（一）坚持问题导向。各单位要对照问题清单逐项整改，确保件件有着落。\n"
          "（二）明确部门分工，打好整改“合力仗”\n"
          "各部门要主动认领任务，不得推诿扯皮。\n"
          "（三）要强化督查督办，确保整改任务按期完成\n"
          "要建立周调度、月通报机制。\n"
          "我就讲这些，谢谢大家。\n")

# A task item whose party governs the items under it, and one followed by a
# plain sentence of its own section
GOVERN = ("关于做好巡察整改监督工作的通知\n"
          "一、任务分工\n"
          "（一）县纪委监委要牵头开展专项检查，6月底前完成。\n"
          "各乡镇要积极配合检查工作。\n"
          "（二）县委组织部要把整改情况纳入年度考核，年底前完成。\n")


def outline_rows(text):
    out = []
    for s in build_outline(text).all_sections():
        kind = "task" if s.task else "check" if s.check else "heading"
        out.append((s.level, s.marker, s.heading, kind))
    return out


@pytest.mark.parametrize("name,text,expected", [
    ("notice", NOTICE, [
        (1, "一、", "整治任务", "heading"),
        (2, "（一）", "", "task"), (2, "（二）", "", "task"), (2, "（三）", "", "task"),
        (1, "二、", "工作要求", "heading"),
        (2, "（一）", "强化组织领导", "heading")]),
    ("plan", PLAN, [
        (1, "一、", "整改任务", "heading"),
        (3, "1.", "", "task"), (3, "2.", "", "task"), (3, "3.", "", "task"),
        (1, "二、", "保障措施", "heading"),
        (3, "1.", "加强组织领导", "heading"), (3, "2.", "强化督查问责", "heading")]),
    ("checks", CHECKS, [
        (1, "一、", "自查内容", "heading"),
        (2, "（一）", "政治建设方面", "heading"),
        (3, "1.", "是否确保重大事项按程序请示报告；", "check"),
        (3, "2.", "是否严格落实民主集中制，做到不得搞一言堂；", "check"),
        (2, "（二）", "作风建设方面", "heading")]),
    ("speech", SPEECH, [
        (1, "一、", "提高政治站位，切实增强整改的责任感", "heading"),
        (1, "二、", "聚焦突出问题，扎实推进整改落实", "heading"),
        (2, "（一）", "坚持问题导向", "heading"),
        (2, "（二）", "明确部门分工，打好整改“合力仗”", "heading"),
        (2, "（三）", "要强化督查督办，确保整改任务按期完成", "heading")]),
])
def test_outline_nodes(name, text, expected):
    assert outline_rows(text) == expected


def test_task_node_keeps_its_span_and_marks_an_empty_heading():
    o = build_outline(PLAN)
    task = o.all_sections()[1]
    assert PLAN[task.start:task.heading_start] == "1."
    assert task.heading_start == task.heading_end
    assert PLAN[task.start:task.end] == "1.各股室要在7月底前完成台账清理。\n"
    d = task.to_dict()
    assert d["heading"] == "" and d["task"] is True and "check" not in d
    heading = o.all_sections()[0].to_dict()
    assert "task" not in heading and "check" not in heading


@pytest.mark.parametrize("text,kind", [
    # a body before a trigger
    ("各股室要在7月底前完成台账清理。", "task"),
    ("县直单位要修订内部财务报销制度", "task"),
    ("区纪委监委要加强日常监督", "task"),
    ("针对会议过多问题，县委办要牵头制定办法", "task"),
    ("各镇、各部门要抓紧修订值班制度", "task"),
    # an assignment
    ("由办公室牵头，人事股配合，修订考勤办法", "task"),
    ("财务股负责清理往来账款", "task"),
    ("其档案移交工作由各级档案部门负责", "task"),
    # a concrete deadline
    ("建立整改监督台账，6月底前完成", "task"),
    ("完成问题线索排查，9月30日前报县纪委", "task"),
    ("修订议事规则，年底前完成", "task"),
    # short titles, even with trigger words, 按期 or 配合 inside
    ("明确部门分工，打好整改“合力仗”", None),
    ("逐项跟踪问效，确保问题不反弹", None),
    ("严格工作标准，务必把督查任务抓细抓实", None),
    ("要强化督查督办，确保整改任务按期完成", None),
    ("加强协同配合", None),
    ("清醒认识专项整治是必须扛牢的政治任务", None),
    ("严肃工作纪律，对敷衍塞责的要严肃问责", None),
    ("充分认识规范公务接待工作的重要意义", None),
    # check-items, whatever they hold
    ("是否确保重大事项按程序请示报告", "check"),
    ("是否在7月底前完成台账清理", "check"),
])
def test_item_kind(text, kind):
    assert item_kind(text) == kind


LONG_TASK = "要全面摸清辖区内农村自建房的结构安全底数，逐户登记建成年代、层数、用途和居住人数等情况"


@pytest.mark.parametrize("text,closed,followed,kind", [
    # an item written as a sentence with a directive clause: older notices
    (LONG_TASK, True, False, "task"),  # alone on its line, 40 characters or more
    ("各村的污水处理设施应与改厕工作同步规划，避免重复开挖和资金浪费", True, True, "task"),
    ("二期工程已纳入市级计划，请你镇提前做好征地准备，同步推进设计招标", True, True, "task"),
    # the same shorter than 40 characters alone on its line: a title closed by 。
    ("各村的污水处理设施应与改厕工作同步规划，避免重复开挖和资金浪费", True, False, None),
    ("统筹推进城乡供水一体化改造工程，确保全县农村群众都能喝上安全放心水", True, False, None),
    # not closed by an end mark: a title, however long
    (LONG_TASK, False, False, None),
    # long closed sentences with no directive clause: statements
    ("老旧小区改造牵涉面广，群众诉求多样，统筹协调的难度比较大", True, True, None),
    ("由于部分村组人口居住分散，集中供水管网一次铺开的条件暂不具备", True, True, None),
    # short closed titles with a trigger
    ("要强化督查督办，确保整改任务按期完成", True, True, None),
    ("坚持问题导向", True, True, None),
])
def test_item_kind_of_sentence_items(text, closed, followed, kind):
    assert item_kind(text, closed=closed, followed=followed) == kind


@pytest.mark.parametrize("line,task", [
    (f"二、{LONG_TASK}。", True),
    ("（六）要持续开展节水知识进社区活动，引导居民养成节约用水的良好生活习惯。各社区要结合实际抓好落实。", True),
    ("（六）要持续开展节水知识进社区活动，引导居民养成节约用水的良好生活习惯。", False),
    ("（一）统筹推进城乡供水一体化改造工程，确保全县农村群众都能喝上安全放心水。", False),
])
def test_sentence_items_in_an_outline(line, task):
    [node] = build_outline(line + "\n").all_sections()
    assert node.task is task


def _directives(text):
    doc = analyze(text, Options(tokens=False))
    return [(d.text, sorted(p.text for p in d.parties), [t.text for t in d.time_limits]) for d in doc.directives]


@pytest.mark.parametrize("name,text,expected", [
    ("notice", NOTICE, [
        ("（一）针对会议过多过长问题，县委办要牵头制定精简会议的具体办法，5月31日前完成。", ["县委办"], ["5月31日前"]),
        ("（二）针对调研走过场问题，县委组织部要会同县财政局建立调研成果转化机制，6月底前完成。",
         ["县委组织部", "县财政局"], ["6月底前"]),
        ("（三）各乡镇要在9月底前完成自查自纠，形成书面报告报县纪委。", ["各乡镇"], ["9月底前"]),
        ("各单位要明确一名分管领导具体负责，每月报送一次进展情况。", ["各单位"], ["每月报送一次"])]),
    ("plan", PLAN, [
        ("1.各股室要在7月底前完成台账清理。", ["各股室"], ["7月底前"]),
        ("2.财务股要清理往来账款，8月15日前完成。", ["财务股"], ["8月15日前"])]),
    ("checks", CHECKS, []),
    # a task item whose first clause closes with ；
    ("semicolon", "一、整改任务\n1.各股室要在7月底前完成台账清理；县纪委要加强督导。\n", [
        ("1.各股室要在7月底前完成台账清理；", ["各股室"], ["7月底前"]),
        ("县纪委要加强督导。", ["县纪委"], [])]),
    ("speech", SPEECH, [
        ("我们要深刻认识整改工作的重要意义。", [], []),
        ("各单位要对照问题清单逐项整改，确保件件有着落。", ["各单位"], []),
        ("各部门要主动认领任务，不得推诿扯皮。", ["各部门"], []),
        ("要建立周调度、月通报机制。", [], ["周调度、月通报"])]),
])
def test_directives_of_numbered_items(name, text, expected):
    assert _directives(text) == expected


@pytest.mark.parametrize("name,text,rows", [
    ("notice", NOTICE, 4),
    ("plan", PLAN, 2),
    ("checks", CHECKS, 0),
    ("speech", SPEECH, 3),   # 4 before the list left out statements of significance (ledger/tasks.py)
    # the task item with a plain sentence under it stays a row of its own
    ("govern", GOVERN, 3),
])
def test_ledger_rows(name, text, rows):
    doc = analyze(text, Options(tokens=False))
    doc.id = f"{name}.txt"
    assert len(build_ledger([doc]).rows) == rows


def test_task_item_with_a_sentence_under_it_is_a_measure_not_a_title():
    doc = analyze(GOVERN, Options(tokens=False))
    measures = [m for r in build_ledger([doc]).rows for m in r.measures]
    assert measures[0] == "（一）县纪委监委要牵头开展专项检查，6月底前完成。"


GOOD_RULES = {"body": "局", "task": ["{body}要"], "check": "是否", "sentence_min_length": 25,
              "line_min_length": 40}


@pytest.mark.parametrize("change,message", [
    ({"body": None}, "'body'"),
    ({"task": []}, "'task'"),
    ({"task": ["{body}(要"]}, "task[0]"),
    ({"task": [3]}, "task[0]"),
    ({"check": None}, "check"),
    ({"sentence_min_length": 0}, "sentence_min_length"),
    ({"sentence_min_length": "25"}, "sentence_min_length"),
    ({"line_min_length": None}, "line_min_length"),
])
def test_bad_rules_name_the_file_and_the_rule(change, message):
    data = {k: v for k, v in {**GOOD_RULES, **change}.items() if v is not None}
    with pytest.raises(DataError, match=r"tasks\.toml.*" + message.replace("[", r"\[").replace("]", r"\]")):
        parse_rules(data, "tasks.toml")
    assert parse_rules(GOOD_RULES).sentence_min_length == 25


def test_shipped_rules_load():
    rules = load_rules()
    assert rules.task and rules.check.pattern


def test_no_seed_heading_becomes_a_task(seeds):
    """The seeds are speeches: their numbered items are short titles."""
    for name, raw in seeds.items():
        doc = analyze(raw, Options(tokens=False), steps=("structure",))
        tasks = [s.label for s in doc.outline.all_sections() if s.task or s.check]
        assert tasks == [], name


def test_text_view_shows_the_start_of_a_task_item():
    from analyzer.render import render_text

    view = render_text(analyze(PLAN, Options(tokens=False)), lang="en")
    assert "    1.(task) 各股室要在7月底前完成台账清理。\n" in view
    assert "    1.加强组织领导\n" in view


def test_analyzer_issues_gives_one_row_per_numbered_task(tmp_path):
    """Issue 20: a notice whose tasks are numbered gave one row."""
    import json

    from click.testing import CliRunner

    from analyzer.cli import main

    (tmp_path / "notice.txt").write_text(NOTICE, encoding="utf-8")
    out = tmp_path / "list.json"
    r = CliRunner().invoke(main, ["issues", str(tmp_path / "notice.txt"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert len(rows) == 4
    assert rows[0]["problem"] == "会议过多过长"


def test_web_outline_links_a_task_item_by_the_start_of_its_text():
    pytest.importorskip("flask")
    from analyzer.web.highlight import outline_nav, section_anchors

    doc = analyze(NOTICE, Options(tokens=False))
    [(_head, items)] = outline_nav(doc, "zh")
    first = items[0].children[0]
    assert first.label == "（一）针对会议过多过长问题，县委办要牵头制定精简会议的…"
    assert first.anchor == f"s-{doc.outline.all_sections()[1].start}"
    assert doc.outline.all_sections()[1].start in section_anchors(doc)
    assert items[1].children[0].label == "（一）强化组织领导"
