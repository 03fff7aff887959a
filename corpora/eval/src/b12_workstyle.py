from common import *

batch("work-style")

D("要坚决纠治形式主义、官僚主义，切实为基层减负。", "要", prob=True, cat="work_style")
D("严禁以“痕迹”论英雄，不得要求基层重复报送材料。", "严禁", cat="work_style", trad=True)
D("禁止层层加码、层层发文。", "禁止", cat="work_style")
D("领导班子成员应该深入一线、深入群众，了解整改的真实情况。", "应该",
  [P("领导班子成员")], cat="work_style")
D("不允许以会议代替调研、以汇报代替检查。", "不允许", cat="work_style")
D("区委督查室要会同区纪委监委对整改“走过场”问题开展明察暗访。", "要",
  [P("区委督查室", "supervise"), P("区纪委监委")], prob=True, cat="work_style")
D("对“躺平式”干部，要及时进行组织调整。", "要", tl=[U("及时")], prob=True, cat="work_style")
D("要大兴调查研究之风，推动领导干部沉到一线解决问题。", "要", cat="work_style")
D("各单位要严格控制发文数量和会议规模，切实精文简会。", "要", [P("各单位")], cat="work_style")
D("决不能让整改成为基层的新负担。", "决不", cat="work_style")
N("需要说明的是，此次督查不搞层层陪同。", cat="work_style")
D("督查组下基层，不准搞层层陪同，不准接受超标准接待。", "不准",
  [P("督查组", "supervise")], cat="work_style")
N("形式主义、官僚主义是作风建设的顽疾。", cat="work_style")
D("务必把群众满意度作为检验整改成效的根本标准。", "务必")
D("对群众反映的整改不到位问题，要在收到反映后15日内核实处理。", "要",
  tl=[DL("收到反映后15日内", after="收到反映", within="P15D")], prob=True)
D("应当建立群众评议整改机制，让群众参与整改成效评价。", "应当", cat="system")
D("各窗口单位要立即整改“门难进、脸难看、事难办”问题。", "要",
  [P("各窗口单位")], [U("立即")], prob=True, cat="work_style")
D("坚决整治群众身边的“吃拿卡要”问题。", "坚决", prob=True, cat="discipline")
N("有的干部服务意识淡薄，对企业和群众“吃拿卡要”。", prob=True, cat="discipline")
D("必须以作风建设的实际成效取信于民。", "必须", cat="work_style")
D("各基层党组织要常态化开展作风建设专项整治。", "要",
  [P("各基层党组织")], [S("常态化")], cat="work_style")
D("对作风问题反复出现的单位，要回头看、再整改，直至群众满意。", "要", prob=True, cat="work_style")
N("作风建设永远在路上。", cat="work_style")
D("决不允许在整改中搞数字游戏、材料游戏。", "决不允许", cat="work_style")
D("要在全区开展为期两个月的作风建设专项整治行动。", "要",
  tl=[DU("为期两个月", duration="P2M", approx=False)], cat="work_style")
D("区委作风办要每季度通报一批作风问题典型案例。", "要",
  [P("区委作风办")], [FQ("每季度", every="P3M")], cat="work_style")
N("对作风问题，我们历来是零容忍的。", cat="work_style")
D("要持续深化“一线工作法”，推动干部到一线解决问题。", "要", cat="work_style")
D("杜绝整改中“纸上谈兵”“闭门造车”。", "杜绝", cat="work_style")
D("防止整改过程中产生新的形式主义。", "防止", cat="work_style")
D("整改报告需要由主要负责人签字确认。", "需要", [P("主要负责人")])
