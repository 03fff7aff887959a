"""Normalization rules, each as a table of input -> expected (SPEC section 1)."""
import pytest

from analyzer.normalize.chars import unify_width
from analyzer.normalize.damage import damage_edits
from analyzer.normalize.pipeline import normalize, normalize_text
from analyzer.normalize.placeholders import find_placeholders
from analyzer.normalize.ruby import strip_ruby
from analyzer.normalize.script import classify_script, to_simplified


# --- Traditional -> Simplified: the profile gets 著/着, 乾/干, 後/后 right ---
@pytest.mark.parametrize("traditional,simplified", [
    ("瞄著問題去 對著問題改", "瞄着问题去 对着问题改"),
    ("著力解決突出問題", "着力解决突出问题"),
    ("著重抓好整改", "着重抓好整改"),
    ("隨著巡察深入", "随着巡察深入"),
    ("成效顯著的單位", "成效显著的单位"),          # 显著 keeps 著
    ("他的著作和名著", "他的著作和名著"),
    ("乾淨利落", "干净利落"),
    ("乾部隊伍", "干部队伍"),
    ("乾坤", "乾坤"),
    ("乾佑清風網站", "乾佑清风网站"),              # place name keeps 乾
    ("巡察結束後", "巡察结束后"),
    ("皇后", "皇后"),
    ("裡面和表裏", "里面和表里"),
    ("建立長效機制", "建立长效机制"),
    ("每週五彙報", "每周五汇报"),
])
def test_traditional_to_simplified(traditional, simplified):
    assert to_simplified(traditional) == simplified


@pytest.mark.parametrize("text", [
    "接着作报告", "显著提高", "看着办", "全面从严治党", "干部作风", "后来居上",
])
def test_simplified_text_is_left_alone(text):
    assert to_simplified(text) == text


@pytest.mark.parametrize("original,expected", [
    ("全面从严治党向基层延伸", "simplified"),
    ("形成靠制度管人的長效机制，推动全面从严治党向基层延伸，持续深化整改落实，确保取得实效", "mixed"),
    ("縣委巡察辦要建立臺賬，實行銷號管理", "traditional"),
])
def test_script_is_reported(original, expected):
    assert classify_script(original, to_simplified(original)) == expected


# --- Pinyin ruby goes, real parentheses stay ---
@pytest.mark.parametrize("text,expected", [
    ("紀(jì)委書記", "紀委書記"),
    ("動(dòng)員部署會(huì)議", "動員部署會議"),
    ("監（jiān）督", "監督"),
    ("我們(men)", "我們"),
    ("(一)提高政治站位", "(一)提高政治站位"),
    ("各乡镇(街道)", "各乡镇(街道)"),
    ("基本做法(2165字)", "基本做法(2165字)"),
    ("世界卫生组织(WHO)", "世界卫生组织(WHO)"),
    ("党组(党委)", "党组(党委)"),
    ("市(含濟源示範區(qū))", "市(含濟源示範區)"),
    ("备注(ok)", "备注(ok)"),
    ("偨Y(jié)", "偨Y"),      # ruby left after mojibake letters
])
def test_ruby_removal(text, expected):
    assert strip_ruby(text) == expected


# --- Width: ASCII half-width, Chinese punctuation Chinese ---
@pytest.mark.parametrize("text,expected", [
    ("同志们:", "同志们："),
    ("今天,我们召开会议", "今天，我们召开会议"),
    ("要坚持问题导向;要强化责任", "要坚持问题导向；要强化责任"),
    ("我们是否做到了?我们", "我们是否做到了？我们"),
    ("乡镇(街道),通过座谈", "乡镇(街道)，通过座谈"),
    ("刚才,**同志通报", "刚才，**同志通报"),
    ("２０２４年６月", "2024年6月"),
    ("ＶＩＰ会员", "VIP会员"),
    ("1,000元", "1,000元"),
    ("时间:2024-08-29", "时间:2024-08-29"),
    ("Hello, world!", "Hello, world!"),
])
def test_width(text, expected):
    assert unify_width(text) == expected


# --- Damage is flagged, half-width question marks are not ---
@pytest.mark.parametrize("text,damaged", [
    ("议事日程??h委陈书记", ["??h"]),
    ("业务机关?!?年来", ["?!?"]),
    ("在商洛日?qǐng)?bào)刊发", ["?qǐng)?bào)"]),
    ("机关。?年来", ["?"]),
    ("文本\ufffd\ufffd损坏", ["\ufffd\ufffd"]),
    ("ä¸­æ–‡乱码", ["ä¸\xadæ–‡"]),
    ("我们是否抓实了?我们是否", []),
    ("café naïve", []),
])
def test_damage(text, damaged):
    assert [text[e.start:e.end] for e in damage_edits(text)] == damaged


# --- Placeholders are kept and marked ---
@pytest.mark.parametrize("text,marks", [
    ("xxx纪委书记在会上的讲话", ["xxx"]),
    ("XX同志和**同志", ["XX", "**"]),
    ("自x月x日启动以来", ["x", "x"]),
    ("某某单位", ["某某"]),
    ("U盘和Excel表格", []),
    ("二〇二四年", []),
])
def test_placeholders(text, marks):
    assert [p.text for p in find_placeholders(text)] == marks


# --- Page noise: removed and reported, each kind ---
BODY = "同志们：\n今天我们召开巡察整改推进会，主要任务是安排部署下一阶段整改工作，各单位要抓好落实。\n"


@pytest.mark.parametrize("noise,kind,rule", [
    ("首页 > 综合范文 > 巡察整改讲话 >", "boilerplate", "breadcrumb"),
    ("当前位置：首页 » 讲话材料", "boilerplate", "breadcrumb"),
    ("分享到：", "boilerplate", "share-bar"),
    ("微信 微博 QQ空间", "boilerplate", "share-bar-targets"),
    ("留言与评论(共有 条评论) |", "boilerplate", "comment-counter"),
    ("责编：张某 校对：李某", "boilerplate", "editor-credit"),
    ("【责任编辑：王某】", "boilerplate", "editor-credit"),
    ("上一篇：关于开展专项检查的通知", "boilerplate", "prev-next"),
    ("此处隐藏2048个字。VIP会员可见", "gap", "paywall-hidden"),
    ("预览阅读已结束,若您需要写相关文章,请扫码联系老师写作!", "gap", "paywall-note"),
    ("版权所有：某某网", "boilerplate", "copyright"),
])
def test_noise_line_is_removed_and_reported(noise, kind, rule):
    raw = "巡察整改推进会讲话\n" + BODY + noise + "\n" + BODY
    n = normalize(raw)
    assert noise not in n.text
    hits = [r for r in n.removed if r.get("rule") == rule]
    assert hits and hits[0]["kind"] == kind
    assert raw[hits[0]["start"]:hits[0]["end"]].strip() == noise


def test_paywall_gap_reports_size():
    raw = "讲话标题\n" + BODY + "此处隐藏3000个字。VIP会员可见\n" + BODY
    gap = [r for r in normalize(raw).removed if r["kind"] == "gap"]
    assert gap[0]["size"] == 3000


def test_read_more_block_is_removed_whole():
    raw = "讲话标题\n" + BODY + "推荐阅读\n活动方案一02-26\n活动方案二02-26\n最新文章\n实施方案02-26"
    n = normalize(raw)
    assert "方案" not in n.text
    assert {r["rule"] for r in n.removed if r["kind"] == "boilerplate"} == {"read-more"}


def test_image_and_caption_are_removed():
    raw = "标题\n" + BODY + "党建督查_副本\n\n赴基层开展调研\n\n" + BODY
    n = normalize(raw)
    assert "副本" not in n.text and "赴基层开展调研" not in n.text
    assert [r["rule"] for r in n.removed if r["kind"] == "boilerplate"] == ["image-file", "image-caption"]


# --- Metadata: title, date, source, speaker, occasion ---
@pytest.mark.parametrize("head,expected", [
    ("区组织部长在党建巡察反馈问题整改专题部署会上的讲话",
     {"title": "区组织部长在党建巡察反馈问题整改专题部署会上的讲话", "speaker": "区组织部长",
      "occasion": "党建巡察反馈问题整改专题部署会"}),
    ("县委书记在全县作风建设大会上的讲话\n时间:2024-05-06\n来源:县委办",
     {"speaker": "县委书记", "occasion": "全县作风建设大会", "date": "2024-05-06", "source": "县委办"}),
    ("在全镇警示教育大会上的讲话\n发布日期：2023年7月1日",
     {"occasion": "全镇警示教育大会", "date": "2023-07-01"}),
    ("深化巡察监督的基本做法(1800字)", {"title": "深化巡察监督的基本做法", "declared_length": 1800}),
])
def test_metadata(head, expected):
    meta = normalize(head + "\n" + BODY).meta
    for key, value in expected.items():
        assert meta.get(key) == value, key


def test_speaker_inferred_from_the_text():
    raw = "在全乡整改工作会议上的讲话\n" + BODY + "乡党委要扛起主体责任，我对全乡整改工作负总责，是第一责任人。\n"
    meta = normalize(raw).meta
    assert meta["speaker"] == "乡党委书记" and meta["speaker_inferred"] is True


def test_texts_joined_by_ellipsis_are_split_as_a_gap():
    raw = ("标题\n" + BODY + "要严格执行党的路……按照县委统一安排，今天我们召开第二轮巡察动员会，主要任务是部署工作。\n")
    n = normalize(raw)
    assert n.joins and n.text[n.joins[0]:].startswith("按照县委统一安排")
    assert any(r["kind"] == "gap" and r["text"] == "……" for r in n.removed)


def test_ordinary_ellipsis_is_kept():
    raw = BODY + "要抓好项目建设、民生保障……各项工作。\n"
    assert "……" in normalize(raw).text


# --- Offsets map back to the original ---
def test_removed_spans_slice_the_original():
    raw = ("xxx紀(jì)委書記在會(huì)議上的講話\r\n同志們:\r\n今天召開會(huì)議,各單位要在6月底前完成整改。\r\n"
           "此處隱藏100個字。VIP會員可見\r\n責編:張某\r\n")
    n = normalize(raw)
    for r in n.removed:
        assert raw[r["start"]:r["end"]] == r["text"]
    # a span of the normalized text maps to its source characters
    i = n.text.index("6月底前")
    s, e = n.to_original(i, i + 4)
    assert raw[s:e] == "6月底前"


def test_every_character_maps_to_its_source():
    raw = "  紀(jì)委\r\n\r\n\u200b要在６月底前完成。\n"
    n = normalize(raw)
    for i, ch in enumerate(n.text):
        if ch == "\n":
            continue
        s, e = n.to_original(i, i + 1)
        assert to_simplified(unify_width(raw[s:e])) == ch


@pytest.mark.parametrize("raw", [
    BODY, "紀(jì)委書記要抓好落實。", "标题\n" + BODY + "责编：张某\n", "a\n\n\nb", "", "\n\n", "?", "同志们:\n",
])
def test_normalization_is_idempotent(raw):
    once = normalize_text(raw)
    assert normalize_text(once) == once
