"""Time-limit extractor: tables of sentence -> expected spans, properties, data
validation, and a linear-time check.  Every sentence here was written for
these tests."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.extract import timelimits as tl
from analyzer.extract.timelimits import TYPES, find_time_limits, load_data
from analyzer.resources import corpus_path

REF = dt.date(2024, 3, 15)  # a Friday

IMM = {"level": "immediate"}
PROMPT = {"level": "prompt"}
ON = {"ongoing": True}
UNSPEC = {"by": None, "unspecified": True}
DEF = {"every": None, "unspecified": True}
PH = {"by": None, "placeholder": True}


def U(text):
    return (text, "urgency", IMM)


def P(text):
    return (text, "urgency", PROMPT)


def S(text):
    return (text, "standing", ON)


def D(text, **value):
    return (text, "deadline", value)


def F(text, **value):
    return (text, "frequency", value)


def T(text, **value):
    return (text, "date", value)


def DUR(text, **value):
    return (text, "duration", value)


def triples(text, ref=None):
    return [(s.text, s.label, s.value) for s in find_time_limits(text, ref)]


# ------------------------------------------------------------------ tables

URGENCY_STANDING = [
    ("发现问题要立即整改。", [U("立即")]),
    ("坚持立行立改，做到即知即改。", [U("立行立改"), U("即知即改")]),
    ("对群众反映的问题即查即改、立查立改。", [U("即查即改"), U("立查立改")]),
    ("以事不过夜的劲头第一时间处置。", [U("事不过夜"), U("第一时间")]),
    ("要坚持当下改与长久立相结合。", [U("当下改"), S("长久立")]),
    ("接到任务后马上行动，立说立行。", [U("马上"), U("立说立行")]),
    ("各单位要迅速行动、抓紧推进。", [P("迅速"), P("抓紧")]),
    ("发现问题及时报告，尽快解决。", [P("及时"), P("尽快")]),
    ("要从速从严查处，火速整改。", [P("从速"), P("火速")]),
    ("整改不及时的要通报。", []),  # a failure (不及时) is a shortcoming, not a limit
    ("建立健全长效机制。", [S("长效")]),
    ("推动作风建设常态化长效化。", [S("常态化"), S("长效化")]),
    ("做到常态长效，常抓不懈。", [S("常态长效"), S("常抓不懈")]),
    ("持之以恒正风肃纪，久久为功。", [S("持之以恒"), S("久久为功")]),
    ("推进问题整改长期抓、抓长期。", [S("长期抓、抓长期")]),
    ("对需要长期坚持的事项，要着眼管长远。", [S("长期坚持"), S("管长远")]),
    ("确保监督工作常态化、长效化。", [S("常态化"), S("长效化")]),
    ("一些村级财务公开不及时、不规范。", []),
    ("要建立“周调度、月通报、季考评”工作机制。", [F("周调度、月通报、季考评", cadence=[
        {"every": "P1W", "activity": "调度"}, {"every": "P1M", "activity": "通报"},
        {"every": "P3M", "activity": "考评"}])]),
    ("区纪委监委要一月一督办。", [F("一月一督办", every="P1M")]),
    ("形成长效管理的制度。", [S("长效")]),
    ("整改工作刻不容缓，要争分夺秒。", [U("刻不容缓"), P("争分夺秒")]),
    ("推动监督经常化、制度化。", [S("经常化")]),
    ("驰而不息纠治四风。", [S("驰而不息")]),
]

DEADLINES = [
    ("各科室要按时完成整改任务。", [D("按时", **UNSPEC)]),
    ("对照清单按期销号。", [D("按期", **UNSPEC)]),
    ("限期整改到位，限时办结。", [D("限期", **UNSPEC), D("限时", **UNSPEC)]),
    ("严格按照时限要求抓好整改。", [D("按照时限要求", **UNSPEC)]),
    ("在规定时限内报送整改报告。", [D("在规定时限内", **UNSPEC)]),
    ("按照时间节点推进各项任务。", [D("按照时间节点", **UNSPEC)]),
    ("确保如期完成目标任务。", [D("如期", **UNSPEC)]),
    ("6月底前完成整改。", [D("6月底前", month=6, part="end")]),
    ("年底前全部整改到位。", [D("年底前", month=12, part="end")]),
    ("今年年底前完成两轮巡察。", [D("今年年底前", month=12, part="end")]),
    ("月底前报送整改台账。", [D("月底前", month=None, part="end")]),
    ("上半年完成摸底排查。", [D("上半年", month=6, part="end")]),
    ("下半年开展回头看。", [D("下半年", month=12, part="end")]),
    ("9月中旬前提交报告。", [D("9月中旬前", month=9, part="mid")]),
    ("9月上旬前完成自查。", [D("9月上旬前", month=9, part="early")]),
    ("10月中下旬开展评估。", [D("10月中下旬", month=10, part="late")]),
    ("2024年6月30日前报送。", [D("2024年6月30日前", by="2024-06-30")]),
    ("6月30日前报送。", [D("6月30日前", month=6, day=30)]),
    ("6月30日以前报送。", [D("6月30日以前", month=6, day=30)]),
    ("于x月x日前报送整改情况。", [D("x月x日前", **PH)]),
    ("请于X月X日前报送。", [D("X月X日前", **PH)]),
    ("xx月底前完成。", [D("xx月底前", **PH)]),
    ("20xx年x月x日前完成。", [D("20xx年x月x日前", **PH)]),
    ("十二月底前完成验收。", [D("十二月底前", month=12, part="end")]),
    ("二〇二四年五月十三日前完成。", [D("二〇二四年五月十三日前", by="2024-05-13")]),
    ("2024年底前全面完成。", [D("2024年底前", by="2024-12-31")]),
    ("2025年6月底前完成。", [D("2025年6月底前", by="2025-06-30")]),
    ("第一季度完成摸底。", [D("第一季度", month=3, part="end")]),
    ("三季度末前完成整改。", [D("三季度末前", month=9, part="end")]),
    ("年内完成整改。", [D("年内", month=12, part="end")]),
    ("本月内报送。", [D("本月内", month=None, part="end")]),
    ("到2025年底基本建成。", [D("到2025年底", by="2025-12-31")]),
    ("截止到2024年6月30日。", [D("截止到2024年6月30日", by="2024-06-30")]),
    ("下月底前报送。", [D("下月底前", month=None, part="end", month_offset=1)]),
    ("明年6月底前完成。", [D("明年6月底前", month=6, part="end", year_offset=1)]),
    ("2018年至2021年要实现巡察全覆盖。", [D("2018年至2021年", **{"from": "2018-01-01", "by": "2021-12-31"})]),
    ("2024年5月至12月开展专项整治。", [D("2024年5月至12月", **{"from": "2024-05-01", "by": "2024-12-31"})]),
    (
        "5月13日至6月30日为集中整改阶段。",
        [D("5月13日至6月30日", **{"from": None, "by": None, "from_month": 5, "from_day": 13, "month": 6, "day": 30})],
    ),
    (
        "5月13日—5月31日为自查阶段。",
        [D("5月13日—5月31日", **{"from": None, "by": None, "from_month": 5, "from_day": 13, "month": 5, "day": 31})],
    ),
    ("5至6月开展回头看。", [D("5至6月", **{"from": None, "by": None, "from_month": 5, "month": 6, "part": "end"})]),
    ("自2024年4月起至12月底开展专项整治。", [D("自2024年4月起至12月底", **{"from": "2024-04-01", "by": "2024-12-31"})]),
    ("从5月13日到6月30日集中整改。", [D("从5月13日到6月30日", **{"from": None, "by": None, "from_month": 5, "from_day": 13, "month": 6, "day": 30})]),
    ("巡察之前，要制定方案。", [D("巡察之前", before="巡察")]),
    ("巡察进驻前要做好准备。", [D("巡察进驻前", before="巡察进驻")]),
    ("春节前完成，汛期前到位。", [D("春节前", before="春节"), D("汛期前", before="汛期")]),
    ("验收前要自查。", [D("验收前", before="验收")]),
    ("巡察前期准备要充分。", []),
    ("反馈后1个月内完成整改。", [D("反馈后1个月内", after="反馈", within="P1M")]),
    (
        "各单位收到通知后3个工作日内报送。",
        [D("收到通知后3个工作日内", after="收到通知", within="P3D", working_days=True)],
    ),
    (
        "自收到反馈意见之日起30日内报送整改方案。",
        [D("收到反馈意见之日起30日内", after="收到反馈意见", within="P30D")],
    ),
    ("被巡察单位要在巡察反馈后两个月内完成整改。", [D("巡察反馈后两个月内", after="巡察反馈", within="P2M")]),
    ("问题交办后两个月内办结。", [D("问题交办后两个月内", after="问题交办", within="P2M")]),
    ("会后3日内报送纪要。", [D("会后3日内", after="会", within="P3D")]),
    ("30日内办结。", [D("30日内", after=None, within="P30D")]),
    ("两个月内整改到位。", [D("两个月内", after=None, within="P2M")]),
    ("半个月内完成。", [D("半个月内", after=None, within="P15D")]),
    ("一年内见到成效。", [D("一年内", after=None, within="P1Y")]),
    ("24小时内上报。", [D("24小时内", after=None, within="PT24H")]),
    ("一个半月内完成整改。", [D("一个半月内", after=None, within="P1M15D")]),
    ("三个工作日内答复。", [D("三个工作日内", after=None, within="P3D", working_days=True)]),
    ("十五日内办结。", [D("十五日内", after=None, within="P15D")]),
    ("二十个工作日内完成。", [D("二十个工作日内", after=None, within="P20D", working_days=True)]),
    ("xx个工作日内答复。", [D("xx个工作日内", after=None, within=None, working_days=True, placeholder=True)]),
    ("原则上在15个工作日办结。", [D("15个工作日", after=None, within="P15D", working_days=True)]),
    ("整改期限原则上不超过3个月。", [D("不超过3个月", after=None, within="P3M")]),
    ("整改时限为2个月。", [D("2个月", after=None, within="P2M")]),
    ("今后三年内要全面完成。", [D("三年内", after=None, within="P3Y")]),
    ("确保在本届区委任期内实现全覆盖。", [D("本届区委任期内", by=None, end_of="本届区委任期")]),
    ("本周五前报送。", [D("本周五前", weekday=5)]),
    ("下周一前完成。", [D("下周一前", weekday=1, week="next")]),
    ("次月5日前报送上月情况。", [D("次月5日前", month=None, day=5, month_offset=1)]),
    ("本月15日前报送。", [D("本月15日前", month=None, day=15)]),
    ("2024—2026年要全面完成。", [D("2024—2026年", **{"from": "2024-01-01", "by": "2026-12-31"})]),
    ("实现新一届任期内巡察全覆盖。", [D("新一届任期内", by=None, end_of="新一届任期")]),
    ("整改期限一般为3个月。", [D("3个月", after=None, within="P3M")]),
    ("一季度要完成摸底。", [D("一季度", month=3, part="end")]),
    ("七一前完成。", [D("七一前", before="七一")]),
    ("2025年前完成。", [D("2025年前", by="2025-12-31")]),
    ("整改时限：2024年12月31日。", [D("2024年12月31日", by="2024-12-31")]),
    ("整改时限：2024年6月", [D("2024年6月", by="2024-06-30")]),
    ("完成时间：6月30日", [D("6月30日", month=6, day=30)]),
    ("时间：6月30日前", [D("6月30日前", month=6, day=30)]),
    ("整改时限：立行立改并长期坚持。", [U("立行立改"), S("长期坚持")]),
    ("按时间要求完成。", [D("按时间要求", **UNSPEC)]),
]

DATES = [
    ("2024年5月13日起施行。", [T("2024年5月13日起", date="2024-05-13")]),
    ("自2025年1月1日起执行。", [T("自2025年1月1日起", date="2025-01-01")]),
    ("从今天开始，全面启动整改。", [T("从今天开始", date=None, relative="today")]),
    ("即日起开展专项整治。", [T("即日起", date=None, relative="today")]),
    ("定于5月13日召开动员会。", [T("5月13日", date=None, month=5, day=13)]),
    ("要在x月x日召开推进会。", [T("x月x日", date=None, placeholder=True)]),
    ("计划于2024年9月召开推进会。", [T("2024年9月", date=None, year=2024, month=9)]),
    ("从本月起开展自查。", [T("从本月起", date=None, relative="this_month")]),
    ("从今年开始推行。", [T("从今年开始", date=None, relative="this_year")]),
    ("全区大会将于二〇二四年五月十三日召开。", [T("二〇二四年五月十三日", date="2024-05-13")]),
    ("第一阶段：动员部署（2024年5月）", [T("2024年5月", date=None, year=2024, month=5)]),
]

DURATIONS = [
    ("进驻时间一个月左右。", [DUR("一个月左右", duration="P1M", approx=True)]),
    ("开展为期两个月的专项整治。", [DUR("为期两个月", duration="P2M", approx=False)]),
    ("用3年时间基本解决。", [DUR("用3年时间", duration="P3Y", approx=False)]),
    ("用一年左右时间完成。", [DUR("用一年左右时间", duration="P1Y", approx=True)]),
    ("整治时间约一个半月。", [DUR("约一个半月", duration="P1M15D", approx=True)]),
    ("集中两个半月时间开展整治。", [DUR("集中两个半月时间", duration="P2M15D", approx=False)]),
    ("持续3个月的集中整治。", [DUR("持续3个月", duration="P3M", approx=False)]),
    ("巡察时间为2个月。", [DUR("2个月", duration="P2M", approx=False)]),
    ("巡察期间，巡察干部要与原单位脱钩。", [DUR("巡察期间", during="巡察")]),
    ("督促巡察干部在巡察期间严守纪律。", [DUR("巡察期间", during="巡察")]),
    ("“十四五”期间实现全覆盖。", [DUR("“十四五”期间", during="十四五")]),
    ("在党纪学习教育期间开展旁听。", [DUR("党纪学习教育期间", during="党纪学习教育")]),
    ("第二轮巡察期间要严守纪律。", [DUR("巡察期间", during="巡察")]),
    ("节假日期间要加强值班。", [DUR("节假日期间", during="节假日")]),
]

FREQUENCIES = [
    ("每月至少2次深入基层。", [F("每月至少2次", every="P1M", min_count=2)]),
    ("每月至少两次深入基层。", [F("每月至少两次", every="P1M", min_count=2)]),
    ("每月1次调度。", [F("每月1次", every="P1M", count=1)]),
    ("每年不少于4次。", [F("每年不少于4次", every="P1Y", min_count=4)]),
    ("每季度最多1次。", [F("每季度最多1次", every="P3M", max_count=1)]),
    ("每季度召开一次分析会。", [F("每季度召开一次", every="P3M", count=1)]),
    ("每半年开展1至2次督查。", [F("每半年开展1至2次", every="P6M", min_count=1, max_count=2)]),
    ("每年组织3次以上培训。", [F("每年组织3次以上", every="P1Y", min_count=3)]),
    ("每季度开展评估。", [F("每季度", every="P3M")]),
    ("每半年报告一次。", [F("每半年报告一次", every="P6M", count=1)]),
    ("每两周通报一次。", [F("每两周通报一次", every="P2W", count=1)]),
    ("每3个月通报。", [F("每3个月", every="P3M")]),
    ("每天报送进展。", [F("每天", every="P1D")]),
    ("每个工作日更新台账。", [F("每个工作日", every="P1D", working_days=True)]),
    ("每周五汇报本周工作。", [F("每周五", every="P1W", weekday=5)]),
    ("每周一召开例会。", [F("每周一", every="P1W", weekday=1)]),
    ("每周日休息。", [F("每周日", every="P1W", weekday=7)]),
    ("每周一至周五安排专人值守。", [F("每周一至周五", every="P1W", weekdays=[1, 2, 3, 4, 5])]),
    ("每月5日前报送上月情况。", [F("每月5日前", every="P1M", day=5, deadline=True)]),
    ("每月15日召开调度会。", [F("每月15日", every="P1M", day=15)]),
    ("每月底前汇总。", [F("每月底前", every="P1M", part="end", deadline=True)]),
    ("每季度末通报。", [F("每季度末", every="P3M", part="end")]),
    ("每年12月底前总结。", [F("每年12月底前", every="P1Y", month=12, part="end", deadline=True)]),
    ("每月固定时间召开调度会。", [F("每月固定时间", every="P1M")]),
    ("每月x日前报送。", [F("每月x日前", every="P1M", day=None, deadline=True, placeholder=True)]),
    ("坚持一月一调度。", [F("一月一调度", every="P1M")]),
    ("原则上一年一次。", [F("一年一次", every="P1Y", count=1)]),
    ("实行半年一评估。", [F("半年一评估", every="P6M")]),
    ("两周一通报。", [F("两周一通报", every="P2W")]),
    (
        "建立周调度、月通报机制。",
        [F("周调度、月通报", cadence=[{"every": "P1W", "activity": "调度"}, {"every": "P1M", "activity": "通报"}])],
    ),
    (
        "构建周调度、月通报、季评估的督导机制。",
        [
            F(
                "周调度、月通报、季评估",
                cadence=[
                    {"every": "P1W", "activity": "调度"},
                    {"every": "P1M", "activity": "通报"},
                    {"every": "P3M", "activity": "评估"},
                ],
            )
        ],
    ),
    (
        "建立周调度、月汇总的台账管理机制。",
        [F("周调度、月汇总", cadence=[{"every": "P1W", "activity": "调度"}, {"every": "P1M", "activity": "汇总"}])],
    ),
    (
        "实行一周一调度、一月一通报。",
        [F("一周一调度、一月一通报", cadence=[{"every": "P1W", "activity": "调度"}, {"every": "P1M", "activity": "通报"}])],
    ),
    (
        "实行日报告、周小结、月总结制度。",
        [
            F(
                "日报告、周小结、月总结",
                cadence=[
                    {"every": "P1D", "activity": "报告"},
                    {"every": "P1W", "activity": "小结"},
                    {"every": "P1M", "activity": "总结"},
                ],
            )
        ],
    ),
    (
        "每周调度、每月通报整改进展。",
        [F("每周调度、每月通报", cadence=[{"every": "P1W", "activity": "调度"}, {"every": "P1M", "activity": "通报"}])],
    ),
    ("结合季度调度狠抓整改。", [F("季度调度", every="P3M")]),
    ("建立周例会制度。", [F("周例会", every="P1W")]),
    ("按月报送，按季度通报。", [F("按月", every="P1M"), F("按季度", every="P3M")]),
    ("逐月梳理问题清单。", [F("逐月", every="P1M")]),
    ("问题逐年减少。", []),
    ("定期检查整改进度。", [F("定期", **DEF)]),
    ("建立定期会商机制。", [F("定期", **DEF)]),
    ("列入每年的工作重点。", [F("每年", every="P1Y")]),
    ("开好一年一度的民主生活会。", [F("一年一度", every="P1Y")]),
    (
        "实行一周一调度、半月一通报。",
        [F("一周一调度、半月一通报", cadence=[{"every": "P1W", "activity": "调度"}, {"every": "P15D", "activity": "通报"}])],
    ),
    ("半月一报。", [F("半月一报", every="P15D")]),
]

NEGATIVES = [
    "要适时组织回头看。",
    "切实加快整改进度。",
    "持续抓好整改落实。",
    "始终保持高压态势。",
    "实时掌握整改进度。",
    "对问题线索优先办理。",
    "立足当前、着眼长远。",
    "在今后的工作中认真研究。",
    "近年来，区委着力推进巡察工作。",
    "目前已完成整改任务。",
    "对长期存在的问题要建台账。",
    "自2020年5月成立以来，工委持续加强队伍建设。",
    "2021年5月工委与巡视办建立工作协调机制。",
    "x月xx日召开了全市巡视巡察工作会议。",
    "x月xx日中办印发了相关意见。",
    "自x月x日首轮巡察启动以来，各组扎实开展工作。",
    "印发《2026年工作要点》。",
    "纳入年度考核。",
    "年度任务全部完成。",
    "按时序进度有序推进。",
    "对未按时完成整改任务的单位进行通报。",
    "采取不定期抽查的方式。",
    "这场及时雨解了燃眉之急。",
    "5年来，工委认真贯彻落实。",
    "多年来积累了经验。",
    "时间:2024-08-29",
    "发布日期：2024年8月29日",
    "2024年8月29日",
    "2023年10月召开26个成员单位专项协调会。",
    "2022年4月工委联合巡视办建立人才库。",
    "今年上半年，全区共发现问题120个。",
    "去年年底前已全部整改到位。",
    "6月底前已全部完成整改。",
    "巡察期间，共发现问题50个。",
    "截至2023年底，共处理问题线索45件。",
    "为期三天的培训班已经结束。",
    "在此期间不得擅自离岗。",
    "明确责任人和整改时限。",
    "每轮巡察都要做到全覆盖。",
    "每次会议都要记录。",
    "党的十八大以来，巡视工作取得重要成果。",
    "一方面要周密部署。",
    "第一责任人要亲自抓。",
    "把稳思想之舵，补足精神之钙。",
    "二十届中央纪委五次全会。",
    "地球日幼儿园活动方案02-26",
    "要站在政治高度看问题。",
    "3个月的工资已经发放。",
    "两年前发生的问题。",
    "今年上半年全区经济增长5%。",
    "一季度全区经济稳中有进。",
    "印发《关于建立长效机制的意见》。",
    "落实《三年行动计划（2024—2026年）》。",
    "在坚持原则的前提下灵活处置。",
    "做好季度考核、年度考核工作。",
    "我们用即时通讯工具联系。",
    "把钱存为定期存款。",
]

WITH_REF = [
    ("6月底前完成整改。", [D("6月底前", by="2024-06-30")]),
    ("年底前全部整改到位。", [D("年底前", by="2024-12-31")]),
    ("今年年底前完成。", [D("今年年底前", by="2024-12-31")]),
    ("月底前报送。", [D("月底前", by="2024-03-31")]),
    ("明年6月底前完成。", [D("明年6月底前", by="2025-06-30")]),
    ("明年上半年完成。", [D("明年上半年", by="2025-06-30")]),
    ("上半年完成摸底。", [D("上半年", by="2024-06-30")]),
    ("下半年开展回头看。", [D("下半年", by="2024-12-31")]),
    ("9月中旬前提交。", [D("9月中旬前", by="2024-09-20")]),
    ("9月上旬前完成。", [D("9月上旬前", by="2024-09-10")]),
    ("10月下旬前完成。", [D("10月下旬前", by="2024-10-31")]),
    ("2月底前完成。", [D("2月底前", by="2024-02-29")]),
    ("6月30日前报送。", [D("6月30日前", by="2024-06-30")]),
    ("下月底前报送。", [D("下月底前", by="2024-04-30")]),
    ("第一季度完成摸底。", [D("第一季度", by="2024-03-31")]),
    ("年内完成整改。", [D("年内", by="2024-12-31")]),
    ("本月内报送。", [D("本月内", by="2024-03-31")]),
    ("2025年6月底前完成。", [D("2025年6月底前", by="2025-06-30")]),
    ("x月x日前报送。", [D("x月x日前", **PH)]),
    ("反馈后1个月内完成。", [D("反馈后1个月内", after="反馈", within="P1M")]),
    ("按时完成。", [D("按时", **UNSPEC)]),
    ("本周五前报送。", [D("本周五前", by="2024-03-15")]),
    ("下周一前完成。", [D("下周一前", by="2024-03-18")]),
    ("周三前报送。", [D("周三前", by="2024-03-20")]),
    ("5月13日至6月30日为集中整改阶段。", [D("5月13日至6月30日", **{"from": "2024-05-13", "by": "2024-06-30"})]),
    ("5至6月开展回头看。", [D("5至6月", **{"from": "2024-05-01", "by": "2024-06-30"})]),
    ("12月20日至1月5日为集中整治期。", [D("12月20日至1月5日", **{"from": "2024-12-20", "by": "2025-01-05"})]),
    ("从今天开始全面整改。", [T("从今天开始", date="2024-03-15", relative="today")]),
    ("从明天起实行。", [T("从明天起", date="2024-03-16", relative="tomorrow")]),
    ("从今年开始推行。", [T("从今年开始", date=None, relative="this_year", year=2024)]),
    ("5月13日召开全区大会。", [T("5月13日", date="2024-05-13")]),
    ("今年5月13日召开大会。", [T("今年5月13日", date="2024-05-13")]),
    ("2月1日召开了动员会。", []),
    ("2月1日召开动员会。", []),
    ("2023年10月召开专项协调会。", []),
    ("定于x月x日召开动员会。", [T("x月x日", date=None, placeholder=True)]),
    ("每月至少2次深入基层。", [F("每月至少2次", every="P1M", min_count=2)]),
]

MULTI = [
    (
        "要在6月底前完成整改，反馈后1个月内报送，每月至少2次深入调研。",
        [
            D("6月底前", month=6, part="end"),
            D("反馈后1个月内", after="反馈", within="P1M"),
            F("每月至少2次", every="P1M", min_count=2),
        ],
    ),
    (
        "建立周调度、月通报机制，定期检查整改进度，督促科室按时完成。",
        [
            F("周调度、月通报", cadence=[{"every": "P1W", "activity": "调度"}, {"every": "P1M", "activity": "通报"}]),
            F("定期", **DEF),
            D("按时", **UNSPEC),
        ],
    ),
    (
        "按照市委要求，今年年底前要完成两轮巡察任务，2018年至2021年要实现巡察全覆盖。",
        [
            D("今年年底前", month=12, part="end"),
            D("2018年至2021年", **{"from": "2018-01-01", "by": "2021-12-31"}),
        ],
    ),
    (
        "本轮巡察进驻时间一个月左右，巡察期间要严守纪律。",
        [DUR("一个月左右", duration="P1M", approx=True), DUR("巡察期间", during="巡察")],
    ),
    (
        "对能够立即解决的问题，要立行立改；对需要长期坚持的，要建立长效机制。",
        [U("立即"), U("立行立改"), S("长期坚持"), S("长效")],
    ),
    (
        "从今年开始，每季度通报一次。",
        [T("从今年开始", date=None, relative="this_year"), F("每季度通报一次", every="P3M", count=1)],
    ),
    (
        "上半年立足解决问题，下半年立足发现问题。",
        [D("上半年", month=6, part="end"), D("下半年", month=12, part="end")],
    ),
    (
        "x月xx日和x月xx日，省委、市委先后召开了推进会，强调要切实抓好巡察工作。",
        [],
    ),
    (
        "整改工作要\n6月底前完成；\n每周五报送进展。",
        [D("6月底前", month=6, part="end"), F("每周五", every="P1W", weekday=5)],
    ),
    (
        "各单位要立即行动,在收到通知后3个工作日内报送名单,6月底前完成整改.",
        [
            U("立即"),
            D("收到通知后3个工作日内", after="收到通知", within="P3D", working_days=True),
            D("6月底前", month=6, part="end"),
        ],
    ),
]


def _ids(rows):
    return [r[0][:18] for r in rows]


@pytest.mark.parametrize("text, expected", URGENCY_STANDING, ids=_ids(URGENCY_STANDING))
def test_urgency_and_standing(text, expected):
    assert triples(text) == expected


@pytest.mark.parametrize("text, expected", DEADLINES, ids=_ids(DEADLINES))
def test_deadlines(text, expected):
    assert triples(text) == expected


@pytest.mark.parametrize("text, expected", DATES, ids=_ids(DATES))
def test_dates(text, expected):
    assert triples(text) == expected


@pytest.mark.parametrize("text, expected", DURATIONS, ids=_ids(DURATIONS))
def test_durations(text, expected):
    assert triples(text) == expected


@pytest.mark.parametrize("text, expected", FREQUENCIES, ids=_ids(FREQUENCIES))
def test_frequencies(text, expected):
    assert triples(text) == expected


@pytest.mark.parametrize("text", NEGATIVES, ids=[t[:18] for t in NEGATIVES])
def test_not_time_limits(text):
    assert triples(text) == []


@pytest.mark.parametrize("text, expected", WITH_REF, ids=_ids(WITH_REF))
def test_with_reference_date(text, expected):
    assert triples(text, REF) == expected


@pytest.mark.parametrize("text, expected", MULTI, ids=_ids(MULTI))
def test_several_in_one_text(text, expected):
    assert triples(text) == expected


def test_table_size():
    rows = URGENCY_STANDING + DEADLINES + DATES + DURATIONS + FREQUENCIES + WITH_REF + MULTI
    assert len(rows) + len(NEGATIVES) >= 150


# ----------------------------------------------------------- span details


def test_spans_carry_offsets_rule_and_type():
    text = "同志们：要在6月底前完成整改。"
    (span,) = find_time_limits(text)
    assert (span.start, span.end) == (6, 10)
    assert text[span.start:span.end] == span.text == "6月底前"
    assert span.label == "deadline"
    assert span.rule == "deadline.date_before"
    assert span.to_dict()["value"] == {"month": 6, "part": "end"}


def test_values_are_private_copies():
    text = "建立周调度、月通报机制。" * 2
    a, b = find_time_limits(text)
    a.value["cadence"].append("x")
    assert len(b.value["cadence"]) == 2
    assert find_time_limits(text)[0].value["cadence"][-1] != "x"


def test_datetime_reference_is_accepted():
    spans = find_time_limits("年底前完成。", dt.datetime(2024, 3, 15, 9, 30))
    assert spans[0].value == {"by": "2024-12-31"}


def test_empty_text():
    assert find_time_limits("") == []


def test_rules_named_in_spans_exist():
    data = tl.get_data()
    ids = {r.id for r in data.rules} | {r.id for r in data.idioms.values() if r is not None}
    text = "".join(t for t, _ in DEADLINES + FREQUENCIES + DURATIONS + DATES + URGENCY_STANDING)
    assert {s.rule for s in find_time_limits(text)} <= ids


# ---------------------------------------------------------------- properties

VOCAB = [
    "每", "月", "年", "日", "周", "季度", "前", "底", "内", "期间", "至", "到", "起", "个", "半", "次",
    "工作日", "上半年", "下半年", "左右", "为期", "时间", "定期", "及时", "立即", "长效", "常态化",
    "调度", "通报", "、", "，", "。", "\n", "x", "X", "2024", "5", "13", "30", "一", "两", "十二",
    "二〇二四", "巡察", "反馈", "后", "之日起", "以来", "了", "要", "按时", "按时序", "“", "”", "-", "—",
]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_well_formed_spans(text):
    _check_well_formed(text, find_time_limits(text))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), max_size=40).map("".join), st.sampled_from([None, REF]))
def test_time_words_give_well_formed_spans(text, ref):
    _check_well_formed(text, find_time_limits(text, ref))


def _check_well_formed(text, spans):
    last_end = 0
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        assert s.start >= last_end  # sorted, non-overlapping
        last_end = s.end
        assert s.label in TYPES
        assert s.rule
        assert isinstance(s.value, dict) and s.value


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_offsets_shift_with_prefix(prefix, body):
    body = "要在6月底前完成，每月至少2次。" + body
    sep = prefix + "。"
    a = [(s.text, s.label, s.value) for s in find_time_limits(body)]
    b = find_time_limits(sep + body)
    shifted = [(s.text, s.label, s.value) for s in b if s.start >= len(sep)]
    assert shifted[:2] == a[:2]


# ------------------------------------------------------------ data loading


def test_data_locates_in_checkout():
    path = corpus_path("time", "patterns.toml")
    assert path.is_file()
    assert tl.get_data().directory == corpus_path("time")


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "time"
    shutil.copytree(corpus_path("time"), target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_copied_data_loads(tmp_path):
    data = load_data(_copy_data(tmp_path))
    assert len(data.rules) == len(tl.get_data().rules)


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        ("patterns.toml", 'id = "deadline.year_end"\ntype = "deadline"', 'id = "deadline.year_end"\ntype = "limit"',
         r"patterns\.toml: rule 'deadline\.year_end': unknown type 'limit'"),
        ("lexicon.toml", 'type = "urgency"', 'type = "hurry"', r"lexicon\.toml: idiom 'urgency\.immediate': unknown type"),
        ("periods.toml", 'duration = "P1M"', 'duration = "1 month"', r"periods\.toml: period '月': duration '1 month'"),
        ("periods.toml", 'duration = "P10D"', 'duration = "P1D10"', r"periods\.toml: .*P1D10.* not an ISO 8601 duration"),
        ("patterns.toml", 'id = "deadline.year_end"', 'id = "deadline.date_before"',
         r"patterns\.toml: rule 'deadline\.date_before': duplicate id"),
        ("patterns.toml", 'id = "frequency.by"', 'id = "urgency.prompt"',
         r"patterns\.toml: rule 'urgency\.prompt': duplicate id \(first defined in .*lexicon\.toml\)"),
        ("patterns.toml", "pattern = '持续(?P<dur>{DUR})", "pattern = '持续(?P<dur>{DUR}",
         r"patterns\.toml: rule 'duration\.lasting': regular expression does not compile"),
        ("patterns.toml", "pattern = '持续(?P<dur>{DUR})", "pattern = '持续(?P<dur>{NOPE})",
         r"patterns\.toml: rule 'duration\.lasting': unknown macro \{NOPE\}"),
        ("patterns.toml", 'normalize = "duration"', 'normalize = "guess"',
         r"patterns\.toml: rule 'duration\.approx': unknown normalize 'guess'"),
        ("patterns.toml", "pattern = '持续(?P<dur>{DUR})", "pattern = '持续(?P<length>{DUR})",
         r"patterns\.toml: rule 'duration\.lasting': normalize 'duration' needs the named group\(s\) \['dur'\]"),
        ("patterns.toml", "trigger = '持续'", "trigger = '(持续'",
         r"patterns\.toml: rule 'duration\.lasting' trigger: regular expression does not compile"),
        ("patterns.toml", 'filters = ["past"]\npriority = 40\n\n[[rule]]\nid = "duration.for"',
         'filters = ["old"]\npriority = 40\n\n[[rule]]\nid = "duration.for"',
         r"patterns\.toml: rule 'duration\.about': filters must be"),
        ("lexicon.toml", 'value = { level = "prompt" }', 'value = { level = "soon" }',
         r"lexicon\.toml: idiom 'urgency\.prompt': urgency level"),
        ("context.toml", "'以来', ", "'以来(', ",
         r"context\.toml: past\.after: regular expression does not compile"),
        ("periods.toml", 'measure = "required"', 'measure = "sometimes"', r"periods\.toml: unit '月': measure"),
        ("lexicon.toml", "[stop]", "[stop\n", r"lexicon\.toml: invalid TOML"),
    ],
)
def test_bad_data_is_rejected_with_file_and_rule(tmp_path, file, old, new, message):
    directory = _copy_data(tmp_path)
    _edit(directory / file, old, new)
    with pytest.raises(ValueError, match=message):
        load_data(directory)


def test_missing_data_file_is_named(tmp_path):
    directory = _copy_data(tmp_path)
    (directory / "periods.toml").unlink()
    with pytest.raises(ValueError, match=r"periods\.toml: time-limit data file is missing"):
        load_data(directory)


def test_first_characters_of_patterns():
    assert tl.first_chars("(?<!a)(?:b|c)?d+") == [(98, 98), (99, 99), (100, 100)]
    assert tl.first_chars("a*") is None  # can match the empty string
    assert tl.first_chars("\\d") is None


def test_duration_arithmetic():
    assert tl.multiply_duration("P1M", 1.5) == "P1M15D"
    assert tl.multiply_duration("P1Y", 0.5) == "P6M"
    assert tl.multiply_duration("P1W", 2) == "P2W"
    assert tl.multiply_duration("PT1H", 48) == "PT48H"
    assert tl.is_iso_duration("P3M") and not tl.is_iso_duration("P") and not tl.is_iso_duration("3M")


# ------------------------------------------------------------------- speed

PARAGRAPH = (
    "各单位要高度重视，立即组织力量，在收到通知后3个工作日内报送整改方案；"
    "对能够立行立改的问题，要在6月底前整改到位，对需要长期坚持的，要建立长效机制。"
    "建立周调度、月通报机制，每月至少2次深入基层调研，定期通报进展情况，"
    "确保年底前全部完成。巡察期间，巡察干部要与原单位工作脱钩，严守各项纪律。"
    "党的建设是一项长期任务，我们要统一思想、提高认识，把责任扛在肩上，抓实抓细各项工作。\n"
)


def _baseline_seconds(text: str) -> float:
    """A plain regex scan of the same text that visits every CJK character."""
    pattern = re.compile("[\u4e00-\u9fff]")
    start = time.process_time()
    n = 0
    for _ in pattern.finditer(text):
        n += 1
    return time.process_time() - start


def _best_of(fn, repeat=3) -> float:
    # CPU time of this process, best of several: what other programs on a
    # busy machine take does not count (wall time made these rows flaky).
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("unit", [PARAGRAPH, PARAGRAPH.replace("\n", ""), "巡察整改工作要抓实抓细，"])
def test_one_megabyte_line_runs_in_linear_time(unit):
    find_time_limits(unit)  # load the data outside the timing
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    baseline = _best_of(lambda: _baseline_seconds(text))
    spent = _best_of(lambda: find_time_limits(text), repeat=2)
    # generous: the extractor may cost up to 40 plain scans of the text
    assert spent < 40 * baseline + 0.5, (spent, baseline)
    quarter = text[: len(text) // 4]
    spent_quarter = _best_of(lambda: find_time_limits(quarter), repeat=2)
    assert spent < 8 * spent_quarter + 0.2, (spent, spent_quarter)  # linear: ~4x


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    ["期间", "每月每年", "2024年5月13日", "xxxxxxxx月", "一二三四五六七八九十", "周月季年日旬", "前前内内底"],
)
def test_pathological_repetitions_stay_linear(unit):
    text = unit * (50_000 // len(unit))
    small = text[: len(text) // 4]
    find_time_limits(small)
    t_small = _best_of(lambda: find_time_limits(small), repeat=2)
    t_big = _best_of(lambda: find_time_limits(text), repeat=1)
    assert t_big < 8 * t_small + 0.2, (t_big, t_small)
