"""Directive detection per clause (SPEC section 3), as a table: clause ->
(is directive, modality, trigger).  Every row is a sentence written for this
test; rows marked `bug` were wrong once."""
import pytest

from analyzer.resources import DataError
from analyzer.extract.directives import find_triggers, judge_clause, parse_filters, parse_triggers
from analyzer.pipeline import analyze

O, P = "obligation", "prohibition"

ROWS = [
    # obligations
    ("各乡镇要在月底前报送整改台账。", O, "要"),
    ("县纪委监委必须严肃查处顶风违纪问题。", O, "必须"),
    ("各单位务必高度重视。", O, "务必"),
    ("相关科室须积极配合。", O, "须"),
    ("牵头部门应当加强统筹协调。", O, "应当"),
    ("对反映的问题应及时核实。", O, "应"),
    ("确保整改任务按期完成。", O, "确保"),
    ("一定要把责任压紧压实。", O, "一定要"),
    ("坚决纠正违规发放津贴补贴问题。", O, "坚决"),
    ("切实扛起主体责任。", O, "切实"),
    ("请各督查组认真贯彻执行。", O, "请"),
    ("责成被督查单位写出情况说明。", O, "责成"),
    ("这些问题都需要我们认真研究解决。", O, "需要"),
    ("每月召开调度会，要求各部门主要负责人汇报进度。", O, "要求"),
    ("一要强化主动研究的意识。", O, "要"),             # inline heading that gives an order
    ("二是要坚持问题导向。", O, "要"),                # bug: 是要 read as a judgement
    ("要点名道姓通报典型问题。", O, "要"),             # bug: 要点 blocked the trigger
    ("对群众反映强烈的问题，要事不过夜。", O, "要"),     # bug: 要事
    ("对信访问题，要件件有回音。", O, "要"),           # bug: 要件
    ("按照市委要求，今年年底前我们要完成两轮巡察。", O, "要"),
    ("要扪心自问：我们是否真正抓实了？", O, "要"),
    ("要追问一句“为什么会出现这个问题？", O, "要"),     # the question is inside a quotation
    ("各单位都要听从指挥，勇挑重?", O, "要"),           # a damaged '?' is not a question
    ("大家要结合实际抓好落实。", O, "要"),
    ("刚才宣布了任命，大家要按照部署抓好落实。", O, "要"),   # bug: 了 earlier in the sentence
    ("各单位必须于年底前完成阶段性整改。", O, "必须"),
    ("必须火速处置群众反映的安全隐患问题。", O, "必须"),
    ("我们必须建立完善的跟踪问效机制。", O, "必须"),
    ("对于反馈的问题，我们都不能简单地就事论事。", P, "不能"),
    # prohibitions
    ("严禁以整改为名搞形式主义。", P, "严禁"),
    ("巡察干部不得擅自离岗。", P, "不得"),
    ("禁止任何单位截留挪用专项资金。", P, "禁止"),
    ("决不允许接受巡察对象的宴请。", P, "决不允许"),
    ("坚决防止重巡察轻整改。", P, "坚决防止"),
    ("杜绝纸上整改、虚假整改。", P, "杜绝"),
    ("整改不能停留在表面。", P, "不能"),
    ("绝不姑息迁就。", P, "绝不"),
    ("各级干部不要当甩手掌柜。", P, "不要"),
    # both: the first trigger decides
    ("要立行立改，不得拖延。", O, "要"),
    ("严防问题反弹，必须建立长效机制。", P, "严防"),
]

NOT_DIRECTIVES = [
    "这是推进整改的重要举措。",
    "我们是否把整改工作当作头等大事来抓？",
    "一、提高政治站位，深刻认识整改工作的重大意义",
    "（二）坚持分类整改，精准施策求实效",
    "希望大家以这次会议为起点，进一步统一思想。",
    "让我们携起手来，共同推动整改落地见效。",
    "可以结合实际创新方式方法。",
    "主要任务是部署下一阶段工作。",
    "按照相关要求抓好落实的情况较好。",
    "确保政令畅通、令行禁止的局面已经形成了。",
    "工委建立了督查机制，确保问题清零。",
    "谁在整改上打折扣，谁就要付出代价。",
    "习近平总书记强调，要坚持问题导向。",
    "蔡某书记特别强调，全市上下要以更加鲜明的态度做好工作。",
    "新修改的《条例》，明确提出市县党委要建立巡察制度。",
    "深刻认识巡视整改是必须坚决扛起的重大政治责任。",
    "整改工作绝不是走过场。",
    "问责是绝不姑息的。",
    "目的就是要以案为鉴、以案促改。",
    "“各部门要把自己摆进去，立行立改。”",
    "需要强调的是，整改不是巡察组的事。",
    "必须指出的是，个别单位至今仍未建立台账。",
    "有的干部不能正确对待反馈的问题。",
    "有的牵头单位只挂帅不出征，配合单位等靠要思想严重。",
    "不当之处，请批评指正。",
    "整改要点已印发各单位。",
    "区委巡察工作领导小组定期召开会议，确保巡察工作有序推进。",
    "省直机关坚决走好第一方阵。",
    "可能还要提拔使用的领导干部。",
    "不能期望一种办法就解决所有问题。",
    "",
]


@pytest.mark.parametrize("clause,modality,trigger", ROWS)
def test_directive(clause, modality, trigger):
    v = judge_clause(clause)
    assert v.directive, v.rule
    assert (v.trigger.modality, v.trigger.word) == (modality, trigger)


@pytest.mark.parametrize("clause", NOT_DIRECTIVES)
def test_not_directive(clause):
    v = judge_clause(clause)
    assert not v.directive, v.rule


@pytest.mark.parametrize("clause,words", [
    ("重要的是主要矛盾", []),
    ("令行禁止", []),
    ("要求是明确的", []),
    ("我们一定要抓好", ["一定要"]),
    ("不得不说", []),
    ("应对风险，应急处置", []),
])
def test_trigger_words(clause, words):
    assert [h.word for h in find_triggers(clause)] == words


def test_continuation_scope_in_a_document():
    doc = analyze("一方面，要强化对整改工作的领导；建立周调度机制，督促科室按时完成任务。这是一项长期工作。")
    texts = [d.text for d in doc.directives]
    assert texts == ["一方面，要强化对整改工作的领导；", "建立周调度机制，督促科室按时完成任务。"]
    assert doc.directives[1].rule == "scope:要" and doc.directives[1].value["trigger"] == "要"


def test_headings_in_a_document_are_not_directives():
    doc = analyze("一、要提高政治站位\n各单位要抓好整改。\n（一）要建章立制\n要完善制度。")
    assert [d.text for d in doc.directives] == ["各单位要抓好整改。", "要完善制度。"]


def test_report_documents_do_not_give_orders_with_weak_triggers():
    body = "区委深化巡察监督的基本做法\n" + "近年来，区委着眼解决监督难题，组织开展专项巡察，积累了经验。" * 30 + \
        "\n一是强化巡前准备，确保有的放矢。\n"
    doc = analyze(body)
    assert not doc.directives


def test_action_is_the_phrase_after_the_trigger():
    doc = analyze("各单位要在6月底前完成整改。")
    assert doc.directives[0].value["action"] == "在6月底前完成整改"


@pytest.mark.parametrize("data,message", [
    ({"trigger": [{"word": "要", "modality": "maybe", "strength": "strong"}]}, "modality"),
    ({"trigger": [{"word": "要", "modality": "obligation", "strength": "strong", "blockers": ["重点"]}]}, "does not contain"),
    ({"trigger": [{"word": "要", "modality": "obligation", "strength": "strong"}] * 2}, "duplicate"),
    ({"trigger": [{"word": "要", "modality": "obligation", "strength": "strong", "not_after": "("}]}, "does not compile"),
])
def test_trigger_data_is_validated(data, message):
    with pytest.raises(DataError) as exc:
        parse_triggers(data, "triggers.toml")
    assert message in str(exc.value) and "triggers.toml" in str(exc.value)


def test_filter_data_is_validated():
    with pytest.raises(DataError, match="has no pattern"):
        parse_filters({"filter": [{"id": "x", "applies_to": "all"}]}, "filters.toml")
    with pytest.raises(DataError, match="applies_to"):
        parse_filters({"filter": [{"id": "x", "applies_to": "some", "before": "a"}]}, "filters.toml")
