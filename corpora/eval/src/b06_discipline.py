from common import *

batch("discipline-accountability")

D("对巡察移交的问题线索，区纪委监委要优先处置、快查快结。", "要",
  [P("区纪委监委")], cat="discipline")
D("对整改中发现的违纪违法问题，必须依规依纪依法严肃处理。", "必须", prob=True, cat="discipline")
D("对整改不力、问题屡改屡犯的单位，要严肃追究主要负责人的责任。", "要",
  [P("主要负责人")], prob=True, cat="discipline")
D("对敷衍整改、虚假整改的，要一律从严从重处理。", "要", prob=True, cat="discipline")
D("严禁以整改为名搞“突击花钱”、违规补发补贴。", "严禁", cat="discipline")
D("各级纪检监察组织要把巡察整改纳入日常监督，发现问题及时处置。", "要",
  [P("各级纪检监察组织", "supervise")], [U("及时")])
N("今年以来，全区共立案审查调查巡察移交问题线索23件，给予党纪政务处分19人。", cat="discipline")
D("对巡察发现的“四风”问题，要点名道姓公开通报。", "要", prob=True, cat="work_style")
N("本次会议的要点，我概括为三句话。")
D("坚决查处惠民资金管理使用中的截留挪用问题。", "坚决", prob=True, cat="discipline")
D("必须严格执行“一案双查”，既追究直接责任，又追究领导责任。", "必须", cat="discipline")
N("对主动说明问题、积极配合调查的，可以依规从轻处理。", cat="discipline")
D("不得以问责代替整改，也不得以整改代替问责。", "不得", cat="discipline")
D("凡是整改不到位的，一律不得评先评优。", "不得", prob=True)
D("区纪委监委要加强监督检查，对履责不力的严肃问责。", "要",
  [P("区纪委监委", "supervise")], prob=True, cat="discipline")
D("对顶风违纪的，要从严查处、公开曝光。", "要", prob=True, cat="discipline")
N("一些领导干部对违纪行为习以为常，顶风违纪问题时有发生。", prob=True, cat="discipline")
D("要用好监督执纪“四种形态”，特别是第一种形态。", "要", cat="discipline")
D("对党员干部苗头性、倾向性问题，要及时提醒、及时纠正。", "要",
  tl=[U("及时"), U("及时", occ=1)], cat="discipline")
D("凡是移交的问题线索，都要在规定时限内办结并反馈结果。", "要",
  tl=[DL("在规定时限内", by=None, unspecified=True)], cat="discipline")
D("区委巡察办要会同区纪委监委，每季度核查一次线索处置情况。", "要",
  [P("区委巡察办"), P("区纪委监委")], [FQ("每季度核查一次", every="P3M", count=1)],
  cat="discipline")
N("对巡察整改中发现的违纪问题，区纪委监委依规依纪进行了严肃处理。", prob=True, cat="discipline")
D("各级党组织要加强警示教育，用发生在本系统的典型案例开展“以案说纪”。", "要",
  [P("各级党组织")], cat="ideology")
D("要每半年召开一次警示教育大会，通报典型案例。", "要",
  tl=[FQ("每半年召开一次", every="P6M", count=1)], cat="ideology")
D("被巡察单位要对照巡察反馈的廉政风险点，在30日内完成风险防控措施修订。", "要",
  [P("被巡察单位")], [DL("30日内", after=None, within="P30D")], cat="system")
D("决不允许对问题线索压案不办、瞒案不报。", "决不允许", cat="discipline")
N("对问题线索处置不及时的，将视情予以通报。", prob=True, cat="discipline")
D("纪检监察干部要带头遵规守纪，决不能“灯下黑”。", "要", cat="discipline")
D("对巡察反馈指出的违规发放津补贴问题，相关单位须于9月底前全部清退到位。", "须",
  [P("相关单位")], [DL("9月底前", by="2024-09-30")], prob=True, cat="discipline",
  date="2024-07-15")
D("要紧盯重要节点，严防“四风”问题反弹回潮。", "要", cat="work_style")
D("严防“四风”隐形变异。", "严防", cat="work_style")
D("违反中央八项规定精神的问题，露头就打，决不姑息。", "决不", prob=True, cat="discipline")
D("对巡察中群众反映的问题，区纪委监委要一月一督办，直至办结。", "要",
  [P("区纪委监委", "supervise")], [FQ("一月一督办", every="P1M")])
