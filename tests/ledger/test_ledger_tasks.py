"""Directives with no stated problem that are not tasks of the list (analyzer/ledger/tasks.py)."""
import pytest

from analyzer.document import Directive, Party
from analyzer.ledger.tasks import load_task_rules, not_task_reason


def _d(text, start=0, party=None):
    parties = ()
    if party:
        i = text.index(party)
        parties = (Party(start + i, start + i + len(party), party, "body", {"name": party}),)
    return Directive(start, start + len(text), text, "obligation", {"trigger": "要", "action": text}, "t",
                     parties)


# Sentences written for this table: (text, reason or None when it is a task)
ALONE = [
    ("我们务必深刻认识抓好督查反馈意见落实的重大意义。", "significance"),
    ("各支部要充分理解作风建设的极端重要性。", "significance"),
    ("整治工作既要清存量，更要控增量。", "principle"),
    ("要把督查整改与年度考评工作相结合。", "principle"),
    ("通过这次整治，进一步改进机关作风。", "goal"),
    ("要把整治成果体现到服务企业的实效上。", "goal"),
    ("大家要坚决摒弃事不关己的旁观心态。", "attitude"),
    ("我们要拿出刀刃向内的勇气抓好整改。", "attitude"),
    ("整改工作不能搞一阵风。", "maxim"),
    # concrete acts stay tasks even with the words of a class
    ("既要立行立改，又要建立长效机制。", None),
    ("要把问题清单与年度考评相结合，逐项销号。", None),
    ("县住建局要在9月底前完成老旧小区排查。", None),
    ("要认真研究督查意见，逐条制定整改措施。", None),
]


@pytest.mark.parametrize("text, reason", ALONE)
def test_reason_of_one_directive(text, reason):
    d = _d(text)
    assert not_task_reason(d, text, [d]) == reason


def _paragraph(*sentences, parties=()):
    text, ds, pos = "", [], 0
    for s, party in zip(sentences, list(parties) + [None] * len(sentences)):
        ds.append(_d(s, pos, party))
        text += s
        pos += len(s)
    return text, ds


def test_run_in_heading_over_its_paragraph_is_not_a_task():
    text, ds = _paragraph("二要织密监督网络。", "各村监督员要每月走访农户一次。")
    assert not_task_reason(ds[0], text, ds) == "item heading"
    assert not_task_reason(ds[1], text, ds) is None


def test_run_in_item_that_names_a_party_is_a_task():
    text, ds = _paragraph("一是各站所要及时报送台账。", "要专人负责。", parties=["各站所"])
    assert not_task_reason(ds[0], text, ds) is None


def test_run_in_item_alone_in_its_paragraph_is_a_task():
    text, ds = _paragraph("三要健全问责办法。")
    text2 = text + "\n要加强学习。"
    other = _d("要加强学习。", len(text) + 1)
    assert not_task_reason(ds[0], text2, ds + [other]) is None


def test_rules_load():
    rules = load_task_rules()
    assert rules.max_chars > 0 and len(rules.classes) == 5


def test_a_party_named_党组织_is_no_concrete_act():
    # bug: 组织 in 各级党组织 counted as the act 组织 and kept a significance statement as a row
    text = "基层党组织要深刻理解这项整治的极端重要性。"
    d = _d(text)
    assert not_task_reason(d, text, [d]) == "significance"
    text = "要组织一次专题培训，深刻理解整治工作的重要性。"
    d = _d(text)
    assert not_task_reason(d, text, [d]) is None
