"""Property tests: on any Unicode input the normalizer, splitter, outline and
extractors return, their offsets stay in range and slice what they claim, and
normalization is idempotent."""
from __future__ import annotations


from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.extract.directives import judge_clause
from analyzer.extract.parties import find_parties
from analyzer.extract.timelimits import find_time_limits
from analyzer.normalize.pipeline import normalize, normalize_text
from analyzer.pipeline import Options, analyze
from analyzer.structure.outline import build_outline
from analyzer.structure.sentences import split_clauses, split_sentences

# Text that looks like the field: Chinese words, markers, punctuation, noise,
# Traditional characters, pinyin ruby, placeholders, odd whitespace.
FIELD_PIECES = [
    "要", "必须", "严禁", "不得", "确保", "各单位", "区纪委监委", "巡察办", "牵头", "配合", "6月底前",
    "每月至少2次", "立行立改", "长效机制", "一、", "（二）", "(三)", "1.", "一是", "一要", "第一，",
    "同志们：", "谢谢大家。", "首页 > ", "此处隐藏12个字", "责编：张某", "紀(jì)委", "動(dòng)員",
    "xxx", "**", "x月x日", "某某", "??", "\ufffd", "……", "。", "，", "；", "？", "!", "?", ";", ":",
    "\n", "\r\n", "\u3000", " ", "“", "”", "(", ")", "（", "）", "2024年5月13日", "反馈后1个月内",
    "存在形式主义问题", "政治站位不高", "违规发放津贴", "今天，我们召开会议", "讲话", "乡镇(街道)",
]
field_text = st.lists(st.one_of(st.sampled_from(FIELD_PIECES), st.text(max_size=6)), max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=300), field_text)

# The example budget comes from the loaded profile (tests/conftest.py).
SETTINGS = settings()


@SETTINGS
@given(any_text)
def test_normalize_offsets_and_idempotence(raw):
    n = normalize(raw)
    once = n.text
    assert normalize_text(once) == once
    for r in n.removed:
        assert 0 <= r["start"] <= r["end"] <= len(raw)
        assert raw[r["start"]:r["end"]] == r["text"]
        assert 0 <= r["at"] <= len(once)
    for i in range(0, len(once), 7):
        s, e = n.to_original(i, i + 1)
        assert 0 <= s <= e <= len(raw)
    for p in n.placeholders:
        assert once[p.start:p.end] == p.text


@SETTINGS
@given(any_text)
def test_splitters(text):
    for spans in (split_sentences(text), split_clauses(text)):
        prev = 0
        for s, e in spans:
            assert prev <= s < e <= len(text)
            assert "\n" not in text[s:e]
            prev = e


@SETTINGS
@given(any_text, st.lists(st.integers(0, 400), max_size=3))
def test_outline(text, gaps):
    o = build_outline(text, joins=[g for g in gaps if g <= len(text)], gaps=[g for g in gaps if g <= len(text)])
    for s in o.all_sections():
        assert 0 <= s.start <= s.end <= len(text)
        if not s.inferred:
            assert text[s.heading_start:s.heading_end] == s.heading
    for p in o.parts:
        assert 0 <= p.start <= p.end <= len(text)


@SETTINGS
@given(any_text)
def test_clause_extractors(text):
    judge_clause(text)
    for finder in (find_parties, find_time_limits):
        prev_end = 0
        for span in finder(text):
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start:span.end] == span.text
            assert span.start >= prev_end
            prev_end = span.end


@SETTINGS
@given(any_text)
def test_analyze_whole_documents(raw):
    doc = analyze(raw, Options(tokens=False))
    text = doc.text
    for d in doc.directives:
        assert text[d.start:d.end] == d.text
        for p in d.parties:
            assert text[p.start:p.end] == p.text
        for t in d.time_limits:
            assert text[t.start:t.end] == t.text
        assert d.category in {"ideology", "system", "work_style", "discipline", "other"}
    for p in doc.problems:
        assert text[p.start:p.end] == p.text
    for t in doc.time_limits:
        assert text[t.start:t.end] == t.text
    data = doc.to_dict()
    assert data["text"] == text
