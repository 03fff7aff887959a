"""Sentences, clauses and the outline (SPEC section 2), as tables."""
import pytest

from analyzer.normalize.pipeline import normalize
from analyzer.structure.outline import build_outline, cn_small_number
from analyzer.structure.sentences import split_clauses, split_sentences


def texts(text, spans):
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize("text,expected", [
    ("要抓好整改。要压实责任！是否到位？", ["要抓好整改。", "要压实责任！", "是否到位？"]),
    ("他说：“要建立台账。”随后散会。", ["他说：“要建立台账。”", "随后散会。"]),
    ("一、总体要求\n要抓好整改；要压实责任。", ["一、总体要求", "要抓好整改；要压实责任。"]),
    ("  缩进的句子。", ["缩进的句子。"]),
    ("没有句号的结尾", ["没有句号的结尾"]),
    ("是否到位?是否落实!", ["是否到位?", "是否落实!"]),
])
def test_sentences(text, expected):
    assert texts(text, split_sentences(text)) == expected


@pytest.mark.parametrize("text,expected", [
    ("要抓好整改；要压实责任。", ["要抓好整改；", "要压实责任。"]),
    ("要建立台账;明确责任人;倒排工期.", ["要建立台账;", "明确责任人;", "倒排工期."]),
    ("要抓好整改，压实责任。", ["要抓好整改，压实责任。"]),
])
def test_clauses(text, expected):
    assert texts(text, split_clauses(text)) == expected


@pytest.mark.parametrize("s,n", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("两", 2), ("7", 7), ("百", None), ("", None)])
def test_cn_numbers(s, n):
    assert cn_small_number(s) == n


def outline_of(text, **kw):
    o = build_outline(text, **kw)
    return [(s.level, s.marker, s.heading) for s in o.all_sections()], o


def test_outline_levels_and_headings():
    text = ("同志们：\n开场白。\n一、提高政治站位\n内容。\n（一）强化学习\n内容。\n1.组织专题学习\n内容。\n"
            "（二）压实责任。要明确分工。\n二、抓好整改落实\n一是建立台账。二是销号管理。\n第一，要倒排工期。第二，要挂图作战。")
    got, _ = outline_of(text)
    assert got == [
        (1, "一、", "提高政治站位"), (2, "（一）", "强化学习"), (3, "1.", "组织专题学习"),
        (2, "（二）", "压实责任"),
        (1, "二、", "抓好整改落实"), (4, "一是", "建立台账"), (4, "二是", "销号管理"),
        (4, "第一，", "要倒排工期"), (4, "第二，", "要挂图作战"),
    ]


def test_level1_marker_inside_a_line_only_when_next_in_sequence():
    text = "一、第一部分\n内容很多。二、第二部分\n内容。而三、四、五这样的列举不算。"
    got, _ = outline_of(text)
    assert [(l, m) for l, m, _ in got] == [(1, "一、"), (1, "二、")]


def test_heading_hidden_behind_a_gap_is_inferred():
    text = "一、第一部分\n内容。\n（四）某项工作\n内容。\n四、第四部分\n（一）第一项\n内容。"
    gap_at = text.index("（四）")
    got, o = outline_of(text, gaps=[gap_at - 1])
    assert got == [(1, "一、", "第一部分"), (1, "三、", None), (2, "（四）", "某项工作"),
                   (1, "四、", "第四部分"), (2, "（一）", "第一项")]
    assert o.sections[1].inferred


def test_section_spans_nest_and_cover():
    text = "一、甲\n内容一。\n（一）乙\n内容二。\n二、丙\n内容三。"
    _, o = outline_of(text)
    a, b = o.sections
    assert (a.start, a.end) == (0, b.start)
    assert a.children[0].end == b.start
    assert [s.label for s in o.path_at(text.index("内容二"))] == ["一、甲", "（一）乙"]


def test_joined_texts_are_split_into_parts():
    first = "同志们：\n一、甲\n要抓好整改。\n二、乙\n要压实责任。\n同志们，任务艰巨。"
    second = "今天，我们召开第二轮巡察动员部署会，主要任务是部署工作。\n一、丙\n要突出重点。"
    text = first + second
    _, o = outline_of(text)
    assert [(p.reason, p.occasion) for p in o.parts] == [("start", None), ("new-opening", "第二轮巡察动员部署会")]
    assert [s.part for s in o.sections] == [0, 0, 1]
    assert o.parts[0].greeting is not None and o.parts[0].closing is not None


def test_numbering_restart_starts_a_part():
    text = "一、甲\n内容。\n二、乙\n内容。\n一、丙\n内容。\n二、丁\n内容。"
    _, o = outline_of(text)
    assert [p.reason for p in o.parts] == ["start", "numbering-restart"]


def test_greeting_and_closing():
    text = "同志们：\n今天开会。\n一、甲\n要抓好。\n我就讲这些，谢谢大家。"
    _, o = outline_of(text)
    p = o.parts[0]
    assert text[p.greeting[0]:p.greeting[1]] == "同志们："
    assert text[p.closing[0]:p.closing[1]] == "我就讲这些，谢谢大家。"


def test_outline_from_normalized_traditional_text():
    raw = "講話\n同志們:\n一、提高政治站位\n內容。\n(一)強化學習\n內容。"
    n = normalize(raw)
    got, _ = outline_of(n.text)
    assert got == [(1, "一、", "提高政治站位"), (2, "(一)", "强化学习")]
