"""Integration on the five seed documents (skipped when ../shared/seeds is absent):
the checks of the foundation issue, through the library and the CLI."""
import json
import subprocess
import sys

import pytest

from analyzer.normalize.script import to_simplified
from analyzer.normalize.ruby import RUBY_RE
from analyzer.pipeline import Options, analyze
from analyzer.readers import read_path

BOILERPLATE_MARKS = ["首页 >", "推荐阅读", "最新文章", "分享到", "责编", "校对", "留言与评论", "相关链接",
                     "VIP会员", "预览阅读已结束", "_副本", "此处隐藏"]


@pytest.fixture(scope="module")
def docs(seed_paths):
    out = {}
    for name, path in seed_paths.items():
        (item,) = list(read_path(path))
        out[name] = analyze(item, Options(tokens=False))
    return out


def by_prefix(docs, prefix):
    return next(d for name, d in docs.items() if name.startswith(prefix))


def test_no_traditional_characters_remain(docs):
    for name, doc in docs.items():
        assert to_simplified(doc.text) == doc.text, name


def test_no_pinyin_ruby_remains_and_real_parentheses_survive(docs):
    for name, doc in docs.items():
        assert not RUBY_RE.search(doc.text), name
    assert "乡镇(街道)" in by_prefix(docs, "000").text
    assert "(2165字)" in by_prefix(docs, "004").original
    assert "党组(党委)" in by_prefix(docs, "003").text
    assert "(一)" in by_prefix(docs, "003").text


def test_no_boilerplate_in_body_and_each_is_listed(docs):
    for name, doc in docs.items():
        for mark in BOILERPLATE_MARKS:
            assert mark not in doc.text, (name, mark)
    listed = {name: {r.get("rule") for r in d.removed} for name, d in docs.items()}
    assert {"comment-counter"} <= listed[next(n for n in listed if n.startswith("000"))]
    assert {"read-more"} <= listed[next(n for n in listed if n.startswith("001"))]
    assert {"site-nav", "share-bar", "image-file", "image-caption", "editor-credit", "read-more"} <= \
        listed[next(n for n in listed if n.startswith("003"))]
    assert {"breadcrumb", "paywall-note"} <= listed[next(n for n in listed if n.startswith("004"))]


def test_paywall_gap_with_its_size(docs):
    gaps = [r for r in by_prefix(docs, "000").removed if r["kind"] == "gap"]
    assert [g["size"] for g in gaps] == [3917]


def test_dated_article_meta(docs):
    meta = by_prefix(docs, "003").meta
    assert meta["date"] == "2024-08-29"
    assert meta["source"] == "省直工委党建督查室"
    assert meta["title"] == "系列综述丨河南省直机关推进党建督查工作综述"


@pytest.mark.parametrize("prefix,title,speaker,occasion", [
    ("000", "区组织部长在党建巡察反馈问题整改专题部署会上的讲话", "区组织部长", "党建巡察反馈问题整改专题部署会"),
    ("001", "在乡巡视巡察审计督查整改工作警示教育会议上的讲话", "乡党委书记", "乡巡视巡察审计督查整改工作警示教育会议"),
    ("002", "xxx纪委书记在巡察整改集中督查动员部署会议上的讲话", "xxx纪委书记", "巡察整改集中督查动员部署会议"),
])
def test_speech_meta(docs, prefix, title, speaker, occasion):
    meta = by_prefix(docs, prefix).meta
    assert (meta.get("title"), meta.get("speaker"), meta.get("occasion")) == (title, speaker, occasion)


def test_joined_speeches_are_split(docs):
    doc = by_prefix(docs, "002")
    parts = doc.outline.parts
    assert len(parts) == 3
    assert [p.occasion for p in parts[1:]] == ["中共柞水县第十八届县委第二轮巡察工作动员会",
                                                "区委巡察工作暨首轮巡察动员部署会"]
    assert any(r["kind"] == "gap" and r.get("rule") == "texts-joined" for r in doc.removed)


def level12(doc, part=0):
    return [(s.level, s.marker, s.heading) for top in doc.outline.sections if top.part == part
            for s in top.walk() if s.level <= 2]


def test_outline_000_with_hidden_headings(docs):
    got = level12(by_prefix(docs, "000"))
    assert [(l, m) for l, m, _ in got] == [
        (1, "一、"), (1, "三、"), (2, "(四)"),
        (1, "四、"), (2, "(一)"), (2, "(二)"), (2, "(三)"), (2, "(四)"),
        (1, "五、"), (2, "(一)"), (2, "(二)"), (2, "(三)"), (2, "(四)"),
        (1, "六、"), (2, "(一)"), (2, "(二)"), (2, "(三)"), (2, "(四)")]
    assert got[0][2] == "提高政治站位，深刻认识整改工作重大意义"
    assert got[1][2] is None  # hidden behind the paywall gap
    assert got[2][2] == "强化部门责任，打好整改“协同仗”"


@pytest.mark.parametrize("prefix,part,markers", [
    ("001", 0, ["一、", "二、", "三、"]),
    ("002", 0, ["一、"]),
    ("002", 1, ["一、", "二、", "三、", "(一)", "(二)", "(三)", "四、"]),
    ("002", 2, ["一、", "二、", "三、", "四、"]),
    ("003", 0, ["一、", "二、", "(一)", "(二)", "三、", "(一)", "(二)", "(三)"]),
    ("004", 0, ["一、", "二、", "三、", "四、"]),
])
def test_outline_markers_in_order(docs, prefix, part, markers):
    assert [m for _, m, _ in level12(by_prefix(docs, prefix), part)] == markers


def test_every_span_slices_what_it_claims(docs):
    for name, doc in docs.items():
        for r in doc.removed:
            assert doc.original[r["start"]:r["end"]] == r["text"], (name, r)
        for s in doc.outline.all_sections():
            if not s.inferred:
                assert doc.text[s.heading_start:s.heading_end] == s.heading
                assert doc.text[s.start:s.heading_start].strip() == s.marker
        for s, e in doc.sentences:
            assert doc.text[s:e].strip() == doc.text[s:e] and e > s
        for p in doc.placeholders:
            assert doc.text[p.start:p.end] == p.text


@pytest.mark.slow
def test_cli_analyze_json_on_seeds(seed_paths):
    paths = [str(p) for p in seed_paths.values()]
    out = subprocess.run([sys.executable, "-m", "analyzer", "analyze", "--no-tokens", *paths],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in records] == list(seed_paths)
    for r in records:
        assert set(r) >= {"id", "meta", "text", "removed", "outline", "sentences", "directives",
                          "problems", "time_limits", "parties"}
        assert r["meta"]["encoding"] == "utf-8"
