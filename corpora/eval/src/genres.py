"""Clauses written for this project in genres the shared corpus does not hold.

Issue 16 measures the analyzer on 整改方案/实施方案, 整改进展情况报告, 会议纪要,
巡察反馈意见, 督查通报 and Traditional-script oversight findings (監察院糾正案,
調查意見) too.  Every clause below was written for this set (none
is taken from ../shared), in short invented documents of each genre: the first
document of a genre is ``dev``, the second ``test``.  Labels follow SPEC
sections 3-6 and 8 and docs/ANNOTATION.md (section 9 for what is new: trigger-
less measures, assignment layouts, relayed instructions and their issuer).

When written, the set was checked once against ../shared (seeds and corpus) for
shared 10-character runs; the only overlaps are set phrases of the genre
(学习贯彻习近平新时代中国特色社会主义思想, 违反中央八项规定精神问题,
第一时间召开专题会议, 涉及群众切身利益的问题, 一岗双责).

Run this file to write ``../genre_clauses.jsonl`` (same format as
``clauses.jsonl`` plus ``genre``, ``doc`` and ``issuer``); it checks that every
span is a substring of its clause.
"""
from __future__ import annotations

import json
from pathlib import Path

from common import CAD, DL, DT, DU, FQ, P, S, U  # noqa: F401  (shapes shared with the batches)

RECORDS: list[dict] = []
_DOC: dict = {}

PROHIBITION = {"严禁", "不得", "禁止", "决不允许", "坚决防止", "防止", "杜绝", "不能", "绝不", "严防"}


def doc(genre: str, name: str, date: str, split: str, traditional: bool = False) -> None:
    """Start an invented document: the clauses after it share genre, date and split.
    A Traditional-script document keeps its spans in simplified form (as the
    normalized output shows them), like the Traditional lines of clauses.jsonl."""
    _DOC.update(genre=genre, doc=name, date=date, split=split, traditional=traditional)


def D(text, trig, parties=(), tl=(), prob=False, cat="other", issuer=None):
    """A directive; ``trig`` None for a trigger-less measure or assignment."""
    _add(text, True, "prohibition" if trig in PROHIBITION else "obligation", trig, parties, tl, prob, cat, issuer)


def N(text, tl=(), prob=False, cat="other"):
    """A clause that is not a directive."""
    _add(text, False, None, None, (), tl, prob, cat, None)


def _add(text, directive, modality, trig, parties, tl, prob, cat, issuer):
    RECORDS.append({"text": text, "genre": _DOC["genre"], "doc": _DOC["doc"], "date": _DOC["date"],
                    **({"script": "traditional"} if _DOC["traditional"] else {}),
                    "directive": directive, "modality": modality, "trigger": trig, "issuer": issuer,
                    "parties": list(parties), "time_limits": list(tl), "problem": prob, "category": cat,
                    "split": _DOC["split"]})


# ---- 整改方案 / 实施方案: task items, 牵头/配合 layouts -------------------------
doc("rectification_plan", "plan-a", "2025-03-10", "dev")
N("为切实抓好县委第三巡察组反馈问题整改工作，结合局机关实际，制定本方案。")
N("一、总体要求")
D("坚持问题导向和目标导向，对反馈的4个方面18个问题逐项制定措施，做到条条有整改、件件有着落。", None)
N("二、整改任务")
D("（一）针对理论学习流于形式的问题，由局党组理论学习中心组牵头，每月至少开展1次专题学习，6月底前形成学习成果汇编。",
  None, [P("局党组理论学习中心组", "lead")],
  [FQ("每月至少开展1次", every="P1M", min_count=1), DL("6月底前", by="2025-06-30")], prob=True, cat="ideology")
D("牵头单位：办公室；配合单位：财务股、人事股。", None,
  [P("办公室", "lead"), P("财务股", "support"), P("人事股", "support")])
D("（二）各股室要在4月15日前完成制度清理，对已不适应工作需要的规定予以废止或修订。", "要",
  [P("各股室")], [DL("4月15日前", by="2025-04-15")], cat="system")
D("1.机关党支部要建立党员学习积分台账，实行一月一通报。", "要",
  [P("机关党支部")], [FQ("一月一通报", every="P1M")], cat="system")
D("（三）针对公务接待审批不严的问题，办公室牵头修订接待管理办法，年内完成。", None,
  [P("办公室", "lead")], [DL("年内", by="2025-12-31")], prob=True, cat="system")
D("责任领导：分管副局长；责任单位：办公室。", None, [P("分管副局长"), P("办公室")])
D("对能够立即整改的问题，要立行立改、事不过夜。", "要", tl=[U("立行立改"), U("事不过夜")], cat="work_style")
N("三、保障措施")
N("（四）建立健全长效机制。", tl=[S("长效")], cat="system")

doc("rectification_plan", "plan-b", "2025-07-01", "test")
D("成立专项整治工作领导小组，由县委常委、纪委书记任组长，县纪委监委办公室承担日常工作。", None,
  [P("县纪委监委办公室")], cat="system")
D("各乡镇党委要落实主体责任，党委书记作为第一责任人，要亲自部署、亲自督办。", "要",
  [P("各乡镇党委", "lead"), P("党委书记", "lead")], cat="work_style")
D("县直各部门要在8月31日前完成自查自纠，形成问题清单报送领导小组办公室。", "要",
  [P("县直各部门")], [DL("8月31日前", by="2025-08-31")], cat="system")
D("集中整治阶段（9月1日至10月31日）：针对自查和督查发现的问题，逐一建立台账，限期销号。", None,
  tl=[DL("9月1日至10月31日", **{"from": "2025-09-01", "by": "2025-10-31"}), DL("限期", by=None, unspecified=True)],
  cat="system")
D("县委督查室牵头，县纪委监委、县委组织部配合，每季度开展一次督导检查。", None,
  [P("县委督查室", "lead"), P("县纪委监委", "support"), P("县委组织部", "support")],
  [FQ("每季度开展一次", every="P3M", count=1)], cat="work_style")
D("严禁以会议贯彻会议、以文件落实文件。", "严禁", cat="work_style")
D("对整改不力、敷衍应付的单位，县纪委监委要严肃追责问责。", "要", [P("县纪委监委")], prob=True, cat="work_style")
N("全县共梳理出需整治的突出问题23个。")
D("完善公务用车使用管理制度，12月底前出台实施细则。", None, tl=[DL("12月底前", by="2025-12-31")], cat="system")
D("请各单位于7月10日前确定一名联络员，并将名单报县委办公室。", "请", [P("各单位")], [DL("7月10日前", by="2025-07-10")])
D("到2027年，要基本形成权责清晰、运转高效的监督体系。", "要", tl=[DL("到2027年", by="2027-12-31")], cat="system")

# ---- 整改进展情况报告: reports, shortcomings, next steps --------------------------
doc("progress_report", "progress-a", "2025-09-20", "dev")
N("按照县委巡察工作领导小组的统一部署，现将巡察反馈问题整改进展情况报告如下。")
N("一、整改工作开展情况")
N("收到反馈意见后，局党组第一时间召开专题会议，研究制定整改方案。")
N("截至9月15日，反馈的18个问题已完成整改15个，完成率83.3%。")
N("共修订完善制度9项，新建制度4项。", cat="system")
N("对3名履职不力的干部进行了约谈提醒。", prob=True, cat="work_style")
N("二、存在的问题和不足")
N("一是个别股室对整改工作认识不足，存在等待观望心理。", prob=True, cat="ideology")
N("二是制度执行还不够严格，部分制度落实有待加强。", prob=True, cat="system")
N("三是整改成效的长效机制还不够健全。", tl=[S("长效")], prob=True, cat="system")
N("三、下一步工作打算")
D("对尚未完成的3个问题，明确专人跟进，确保11月底前全部整改到位。", "确保",
  tl=[DL("11月底前", by="2025-11-30")], cat="work_style")
D("持续开展整改“回头看”，防止问题反弹回潮。", "防止", cat="work_style")
D("将整改落实情况纳入年度考核，考核结果与评优评先挂钩。", None, tl=[FQ("年度考核", every="P1Y")], cat="system")
N("我们将以此次巡察整改为契机，推动各项工作再上新台阶。")

doc("progress_report", "progress-b", "2025-11-05", "test")
N("今年以来，区市场监管局把巡察整改作为重大政治任务，主要负责同志亲自抓、负总责。")
N("区委第二巡察组反馈问题3个方面11个，已全部制定整改措施。")
N("针对食品安全抽检覆盖面不足的问题，今年新增抽检批次420批。", prob=True)
N("针对执法程序不规范的问题，修订了行政处罚裁量基准。", prob=True, cat="system")
N("整改过程中，仍有个别执法人员存在慢作为现象。", prob=True, cat="work_style")
N("部分基层所的台账资料还不完善，归档不及时。", prob=True, cat="system")
N("下一步，局党组将继续压实整改责任，坚持问题不解决不松劲、整改不到位不收兵。", cat="work_style")
D("对整改中发现的新问题，建立问题清单、任务清单、责任清单，实行销号管理。", None, cat="system")
D("各基层所要每月报送一次整改进展，12月20日前报送年度整改总结。", "要", [P("各基层所")],
  [FQ("每月报送一次", every="P1M", count=1), DL("12月20日前", by="2025-12-20")])
N("特此报告。")

# ---- 会议纪要: relayed decisions (issuer 会议) --------------------------------------
doc("meeting_minutes", "minutes-a", "2025-04-08", "dev")
N("4月7日，县政府党组召开会议，专题研究巡察反馈问题整改工作。")
N("会议听取了县财政局关于国有资产清查情况的汇报。")
D("会议强调，各部门要把整改作为一项政治任务，主要负责同志要亲自研究、亲自推动。", "要",
  [P("各部门"), P("主要负责同志")], cat="ideology", issuer="会议")
D("会议议定，由县财政局牵头，县审计局配合，于5月31日前完成闲置资产处置方案。", None,
  [P("县财政局", "lead"), P("县审计局", "support")], [DL("5月31日前", by="2025-05-31")], issuer="会议")
D("会议要求，县直各单位须严格执行公务卡结算制度，不得以现金方式报销公务支出。", "须",
  [P("县直各单位")], cat="system", issuer="会议")
D("县政府办公室负责跟踪督办，每半月通报一次进展。", None, [P("县政府办公室", "supervise")],
  [FQ("每半月通报一次", every="P15D", count=1)], cat="work_style")
N("出席：县长、常务副县长、县政府党组成员。")
N("列席：县财政局、县审计局、县国资办主要负责同志。")
D("会议指出，当前部分单位资产台账不清、账实不符的问题依然突出，必须下决心解决。", "必须",
  prob=True, cat="system", issuer="会议")
D("会议明确，涉及群众切身利益的问题要优先解决，年底前全部销号。", "要",
  tl=[DL("年底前", by="2025-12-31")], issuer="会议")
D("请县委督查室将上述事项列入重点督查，按月调度。", "请", [P("县委督查室", "supervise")],
  [FQ("按月", every="P1M")], cat="work_style")
N("会议还研究了其他事项。")

doc("meeting_minutes", "minutes-b", "2025-10-14", "test")
N("10月13日，局党组书记主持召开党组会，传达学习市纪委全会精神。")
D("会议强调，全局党员干部要严守中央八项规定精神，坚决防止“节日腐败”。", "要",
  prob=True, cat="discipline", issuer="会议")
D("会议要求，各科室负责人要落实“一岗双责”，对本科室人员加强日常教育监督。", "要",
  [P("各科室负责人", "supervise")], cat="work_style", issuer="会议")
D("会议决定，成立作风建设专项督查组，由纪检组长任组长。", None, cat="work_style", issuer="会议")
D("专项督查组要在节前开展一次明察暗访，发现问题及时通报。", "要", [P("专项督查组", "supervise")],
  [DL("节前", before="节"), U("及时")], cat="work_style")
N("会议认为，上半年全局作风建设总体向好，但个别同志纪律意识淡薄的问题仍然存在。", prob=True, cat="ideology")
D("会议议定：11月起，机关食堂实行用餐登记制度。", None, tl=[DT("11月起", date="2025-11-01")],
  cat="system", issuer="会议")
D("各科室于每周五下班前上报考勤情况。", None, [P("各科室")], [FQ("每周五", every="P1W", weekday=5)], cat="system")
D("会议要求的各项工作，由办公室负责督促落实。", None, [P("办公室")], cat="work_style")

# ---- 巡察反馈意见: findings, then recommendations ----------------------------------
doc("inspection_feedback", "feedback-a", "2025-06-03", "dev")
N("根据县委巡察工作统一部署，县委第一巡察组于2025年3月至4月对县农业农村局党组开展了常规巡察。")
N("巡察发现，局党组贯彻落实上级决策部署不够有力。", prob=True, cat="ideology")
N("一是学习贯彻习近平新时代中国特色社会主义思想不深入，以学促干的成效不明显。", prob=True, cat="ideology")
N("二是落实全面从严治党主体责任有差距，对下属单位监督管理偏松偏软。", prob=True, cat="work_style")
N("三是违反中央八项规定精神问题时有发生，个别干部违规收受礼品礼金。", prob=True, cat="discipline")
N("四是惠农补贴发放审核把关不严，存在重复申领现象。", prob=True, cat="system")
N("五是选人用人工作不够规范，干部档案管理存在漏洞。", prob=True, cat="system")
D("针对上述问题，巡察组提出如下意见建议：要切实提高政治站位，把学习贯彻党的创新理论作为首要政治任务。", "要",
  cat="ideology", issuer="巡察组")
D("要压紧压实管党治党政治责任，局党组书记要认真履行第一责任人职责。", "要", [P("局党组书记", "lead")],
  cat="work_style")
D("要深化纠治“四风”，对违规收受礼品礼金问题从严查处。", "要", prob=True, cat="discipline")
D("局党组要在收到反馈意见后2个月内报送整改报告，整改进展情况同时报县委巡察办。", "要", [P("局党组")],
  [DL("收到反馈意见后2个月内", after="收到反馈意见", within="P2M")])
D("对巡察移交的问题线索，要按规定及时处置，不得压案不查。", "要", tl=[U("及时")], cat="discipline")

doc("inspection_feedback", "feedback-b", "2025-08-19", "test")
N("8月18日，县委第二巡察组向县住建局党组反馈了巡察情况。")
N("巡察组组长指出，县住建局在城镇老旧小区改造中存在工程质量监管缺位问题。", prob=True, cat="work_style")
N("部分项目存在未批先建、边设计边施工的情况。", prob=True, cat="system")
N("住房保障资格审核流于形式，有的不符合条件的人员长期享受补贴。", prob=True, cat="work_style")
D("巡察组组长强调，县住建局党组要以此次巡察反馈为契机，逐条逐项抓好整改落实。", "要",
  [P("县住建局党组")], cat="work_style", issuer="巡察组组长")
D("对住房保障领域违规问题，要组织开展专项清理，9月底前完成全面排查。", "要",
  tl=[DL("9月底前", by="2025-09-30")], cat="discipline")
D("县纪委监委派驻纪检监察组要加强日常监督，推动整改落实到位。", "要",
  [P("县纪委监委派驻纪检监察组", "supervise")], cat="work_style")
D("整改落实情况应当在巡察反馈后2个月内按程序公开。", "应当",
  tl=[DL("巡察反馈后2个月内", after="巡察反馈", within="P2M")], cat="system")
N("县委巡察办负责同志对做好巡察整改提出具体要求。")
D("要坚持即知即改、立行立改，对群众反映强烈的问题优先解决。", "要", tl=[U("即知即改"), U("立行立改")],
  cat="work_style")

# ---- 督查通报: findings, deadlines, accountability ----------------------------------
doc("supervision_bulletin", "bulletin-a", "2025-05-16", "dev")
N("为推动巡察整改任务落实，5月上旬，县委督查室对14个单位开展了专项督查。")
N("从督查情况看，多数单位高度重视，整改措施有力。")
N("但也发现一些问题。")
N("一是个别单位整改进度滞后，县交通运输局3项整改任务超期未完成。", prob=True, cat="work_style")
N("二是部分单位整改台账不规范，问题、措施、时限填写不完整。", prob=True, cat="system")
N("三是有的单位以文件代替整改，存在“纸上整改”现象。", prob=True, cat="work_style")
D("对以上问题，被督查单位要在收到通报后10个工作日内完成整改，并将整改情况书面报送县委督查室。", "要",
  [P("被督查单位")], [DL("收到通报后10个工作日内", after="收到通报", within="P10D", working_days=True)],
  cat="work_style")
D("责成县交通运输局主要负责同志向县委作出书面说明。", "责成", [P("县交通运输局主要负责同志")], cat="work_style")
D("各单位要举一反三，对照检查本单位整改工作，防止类似问题发生。", "要", [P("各单位")], cat="work_style")
N("县委督查室将适时开展“回头看”，对整改不到位的单位予以通报。", prob=True, cat="work_style")
N("附件：巡察整改专项督查情况一览表")

doc("supervision_bulletin", "bulletin-b", "2025-12-02", "test")
N("根据市委部署，11月中旬，市委第三督查组对我县中小学食堂管理工作进行了督查。")
N("督查发现，4所学校食堂存在食材采购验收不严、过期食品未及时清理等问题。", prob=True, cat="system")
N("1所学校存在违规收取学生伙食费的问题。", prob=True, cat="discipline")
D("县教育局要在12月15日前督促相关学校完成整改，并对全县学校食堂开展一次全面排查。", "要",
  [P("县教育局"), P("相关学校")], [DL("12月15日前", by="2025-12-15")], cat="work_style")
D("对违规收费问题，县纪委监委要严肃查处，追究相关人员责任。", "要", [P("县纪委监委")], prob=True,
  cat="discipline")
D("各学校校长作为食堂管理第一责任人，要每周至少检查一次食堂运行情况。", "要", [P("各学校校长", "lead")],
  [FQ("每周至少检查一次", every="P1W", min_count=1)])
D("县市场监管局要将学校食堂纳入重点监管对象，实行双月通报。", "要", [P("县市场监管局")],
  [FQ("双月通报", every="P2M")])
N("此次督查情况将纳入年度目标责任制考核。")
N("特此通报。")

# ---- 監察院糾正案 / 調查意見 (Traditional script): findings, 應 duties, ROC dates ----------
doc("oversight_findings", "findings-a", "2024-05-08", "dev", traditional=True)
N("案由：行政院環境部辦理廢棄物清理督導業務，未落實查核，致違規棄置情形屢見不鮮，核有違失，爰依法提案糾正。",
  prob=True, cat="work_style")
N("壹、事實與理由")
N("一、環境部對地方政府之清運查核流於形式，多以書面審查代替實地稽查。", prob=True, cat="work_style")
N("二、該部未建立違規案件追蹤管考機制，列管案件逾半數未於期限內結案。", prob=True, cat="system")
N("三、部分縣市政府稽查人力不足，夜間及假日稽查每月不到一次。", prob=True)
N("綜上，環境部核有違失，爰依監察法第二十四條提案糾正。", prob=True, cat="work_style")
D("環境部應於文到二個月內，將檢討改善情形函復本院。", "应", [P("环境部")],
  [DL("文到二个月内", after="文到", within="P2M")])
D("各縣市政府應增加夜間及假日稽查頻率，每月至少二次。", "应", [P("各县市政府")],
  [FQ("每月至少二次", every="P1M", min_count=2)], cat="work_style")
D("環境部應督促地方政府建立違規棄置案件追蹤列管制度，並定期公布辦理情形。", "应", [P("环境部"), P("地方政府")],
  [FQ("定期", every=None, unspecified=True)], cat="system")
D("對怠於執行查核職務之人員，應依法追究責任，不得姑息。", "应", prob=True, cat="work_style")
N("調查委員：王某某、李某某")

doc("oversight_findings", "findings-b", "2024-10-21", "test", traditional=True)
N("調查意見：")
N("一、衛生局辦理長照機構評鑑，評鑑標準長期未修訂，已不符實際需要。", prob=True, cat="system")
N("二、該局對評鑑不合格機構未限期改善，亦未依規定處以罰鍰。", prob=True, cat="work_style")
N("三、承辦人員收受業者餽贈，涉有違法失職。", prob=True, cat="discipline")
D("衛生局應儘速修訂評鑑標準，並於一百十四年六月三十日前完成。", "应", [P("卫生局")],
  [{"text": "尽速", "type": "urgency", "value": {"level": "prompt"}}, DL("一百十四年六月三十日前", by="2025-06-30")], cat="system")
D("對評鑑不合格之機構，應限期改善，屆期未改善者，依法處罰。", "应",
  tl=[DL("限期", by=None, unspecified=True)], prob=True)
D("涉及違法失職之人員，應移送懲戒，並追究主管人員監督不周之責任。", "应", [P("主管人员")], prob=True,
  cat="discipline")
D("本院將持續追蹤，請衛生局每三個月函報辦理進度。", "请", [P("卫生局")], [FQ("每三个月", every="P3M")],
  cat="work_style")
D("以上意見，函請衛生福利部督促所屬確實檢討改善見復。", "请", [P("卫生福利部"), P("所属")], cat="work_style")
N("本案經監察院內政及族群委員會通過。")
D("相關機關應於本報告公布之日起三十日內提出書面說明。", "应", [P("相关机关")],
  [DL("本报告公布之日起三十日内", after="本报告公布", within="P30D")])


def build(path: Path) -> int:
    """Check the records and write them as JSON Lines with ids ``gn-0001`` …"""
    import opencc

    simplified = opencc.OpenCC("tw2s").convert
    with path.open("w", encoding="utf-8") as fh:
        for i, r in enumerate(RECORDS, 1):
            text = simplified(r["text"]) if r.get("script") == "traditional" else r["text"]
            for span in r["parties"] + r["time_limits"]:
                assert span["text"] in text, (r["text"], span["text"])
            assert r["trigger"] is None or r["trigger"] in text, r["text"]
            fh.write(json.dumps({"id": f"gn-{i:04d}", **r}, ensure_ascii=False) + "\n")
    return len(RECORDS)


if __name__ == "__main__":
    print(build(Path(__file__).resolve().parent.parent / "genre_clauses.jsonl"), "clauses")
