"""Property tests: the party extractor never fails and its spans are well formed."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from analyzer.extract.parties import find_parties, link_parties, normalize_party_name

# text drawn from the characters the extractor cares about, plus anything at all
PIECES = [
    "各", "县", "区", "乡镇", "(街道)", "（社区）", "和", "、", "及其", "等", "部门", "单位", "纪委",
    "监委", "党委", "组织部", "巡察组", "组长", "主要负责人", "的", "要", "必须", "请", "由",
    "牵头", "配合", "监督", "向", "报告", "从", "抽调", "《", "》", "“", "”", "，", "。", "x", "**",
    "我们", "党员干部", "被巡察", "相关", "科室", "班子成员", "会议", "责成", "督促", "整改",
    "局", "办", "委", "村", "书记", "(", ")", "（", "）", "1、", "一是", "住房保障",
]
domain_text = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
any_text = st.text(max_size=80)


def _check(text: str) -> None:
    spans = find_parties(text)
    prev_end = -1
    for sp in spans:
        assert 0 <= sp.start < sp.end <= len(text)
        assert text[sp.start:sp.end] == sp.text
        assert sp.start >= prev_end, "spans overlap or are out of order"
        prev_end = sp.end
        assert sp.label in {"body", "role"}
        assert sp.value["role"] in {"lead", "support", "supervise", None}
        assert isinstance(sp.value["name"], str) and sp.value["name"]


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(domain_text)
def test_domain_text_spans_well_formed(text):
    _check(text)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(any_text)
def test_any_text_spans_well_formed(text):
    _check(text)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(domain_text, domain_text)
def test_prefix_context_does_not_break(a, b):
    _check(a + "。" + b)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.lists(domain_text, max_size=6))
def test_link_maps_every_name(names):
    m = link_parties(names)
    assert set(m) == set(names)
    for v in m.values():
        assert isinstance(v, str)


@settings(max_examples=200, deadline=None)
@given(domain_text)
def test_normalize_is_idempotent(text):
    once = normalize_party_name(text)
    assert normalize_party_name(once) == once
    assert "（" not in once and "）" not in once
