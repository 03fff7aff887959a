"""The Chinese page speaks Chinese on every error path (issue 17): HTTP
errors of any status, every reason a file cannot be read, a reader's reason
the page does not know, errors of posted lists; and edits outlive the tab
(the key they are kept under in the browser)."""
from __future__ import annotations

import html
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

flask = pytest.importorskip("flask")

from flask import abort  # noqa: E402

from analyzer.readers import InputError  # noqa: E402
from analyzer.web import app as webapp  # noqa: E402
from analyzer.web.app import create_app, list_key  # noqa: E402

from project_root import ROOT  # noqa: E402
SPEECH = "关于整改工作的讲话\n一、压实责任\n县财政局要牵头建立整改台账，6月底前完成。\n"

# Three English words in a row make a sentence (or the start of one); single
# words such as the language switch "English", "JSON" or "HTTP 404" do not.
ENGLISH_SENTENCE = re.compile(r"[A-Za-z][a-z]+(?:[\s,;:'’-]+[A-Za-z][a-z]+){2,}")


def visible_text(data: bytes) -> str:
    """The text a reader sees: scripts, styles and tags dropped."""
    page = data.decode("utf-8")
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def english_in(text: str) -> list[str]:
    return ENGLISH_SENTENCE.findall(text)


@pytest.fixture()
def app():
    a = create_app()

    @a.get("/test-abort/<int:code>")
    def _abort(code):
        abort(code)

    return a


def upload(client, files=(), text="", lang="zh"):
    data = {"files": [(io.BytesIO(b), name) for name, b in files], "text": text, "ref_date": ""}
    return client.post(f"/analyze?lang={lang}", data=data, content_type="multipart/form-data")


def test_the_checker_finds_english():
    assert english_in("x.pdf: unsupported file type '.pdf'") and not english_in("请求有误 English HTTP 404")


# --- HTTP errors ------------------------------------------------------------------------

@pytest.mark.parametrize("code", [400, 401, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 416,
                                  417, 418, 422, 428, 429, 431, 500, 501, 502, 503, 504, 505])
def test_every_http_error_page_is_chinese(app, code):
    r = app.test_client().get(f"/test-abort/{code}?lang=zh")
    assert r.status_code == code
    text = visible_text(r.data)
    assert english_in(text) == [] and re.search(r"[\u4e00-\u9fff]{4}", text)
    # The error itself holds no English word at all (werkzeug's names, "Forbidden", were shown).
    block = visible_text(re.search(rb'<section class="error-page">.*?</section>', r.data, re.S).group(0))
    assert set(re.findall(r"[A-Za-z]{2,}", block)) <= {"HTTP", "MB", "application", "json", "analyzer", "issues"}, block  # codes and commands


@pytest.mark.parametrize("code", [403, 418, 501])
def test_an_error_without_words_of_its_own_is_english_in_english(app, code):
    text = visible_text(app.test_client().get(f"/test-abort/{code}?lang=en").data)
    assert "could not be completed" in text


def test_real_error_paths_are_chinese(app):
    c = app.test_client()
    pages = [c.get("/a/nope/doc/0"), c.get("/analyze"), c.get("/", headers={"Host": "evil.example"}),
             c.post("/export/xlsx", data=b"rows=1", content_type="application/x-www-form-urlencoded")]
    small = create_app(max_upload_mb=0.1).test_client()
    pages.append(upload(small, [("big.txt", "字".encode("utf-8") * 60_000)]))
    for r in pages:
        body = r.get_json()["error"] if r.is_json else visible_text(r.data)
        assert r.status_code >= 400 and english_in(body) == [], (r.status_code, body[:300])


# --- files that cannot be read ------------------------------------------------------------

def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


BAD_FILES = [
    ("notes.xyz", b"whatever", "不支持的文件类型 .xyz"),
    ("fake.docx", b"not a zip at all", "不是 Word .docx 文件"),
    ("empty-zip.docx", _zip({"readme.txt": b"hi"}), "不是 Word .docx 文件"),
    ("broken.docx", _zip({"word/document.xml": b"<w:document><unclosed"}), "损坏的 .docx"),
    ("binary.txt", bytes(range(256)) * 8, "二进制文件"),
    ("bom.txt", b"\xff\xfe" + b"\x00\xd8" * 3, "字节顺序标记"),
    ("records.jsonl", b"{not json\n", "不是有效的 JSON"),
    ("list.jsonl", b'[1, 2]\n', "JSON 对象"),
    ("dated.jsonl", '{"text": "各单位要整改。", "date": 5}\n'.encode("utf-8"), "YYYY-MM-DD"),
]


@pytest.mark.parametrize("name, data, words", BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_every_unreadable_file_is_said_in_chinese(app, name, data, words):
    r = upload(app.test_client(), [(name, data)])
    text = visible_text(r.data)
    assert r.status_code == 400 and re.search(re.escape(name) + r"(:\d+)?：", text) and words in text, text[:600]
    assert english_in(text) == []


@pytest.mark.parametrize("name, data, words", BAD_FILES[:3], ids=[f[0] for f in BAD_FILES[:3]])
def test_the_english_page_keeps_the_readers_words(app, name, data, words):
    text = visible_text(upload(app.test_client(), [(name, data)], lang="en").data)
    assert f"{name}: " in text and english_in(text)


def test_a_reason_the_page_does_not_know_is_generic_in_chinese(app, monkeypatch, caplog):
    def new_reader(data, name):
        raise InputError(name, "needs a converter that is not installed here")

    monkeypatch.setattr(webapp, "texts_from_bytes", new_reader)
    text = visible_text(upload(app.test_client(), [("old.wps", b"x")]).data)
    assert "old.wps：无法读取此文件" in text and english_in(text) == []
    assert "needs a converter" in caplog.text                     # the detail goes to the console
    text = visible_text(upload(app.test_client(), [("old.wps", b"x")], lang="en").data)
    assert "old.wps: needs a converter that is not installed here" in text


def test_a_failed_analysis_is_said_in_chinese(app, monkeypatch):
    def boom(*a, **kw):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(webapp, "analyze", boom)
    text = visible_text(upload(app.test_client(), [("a.txt", SPEECH.encode("utf-8"))]).data)
    assert "a.txt：分析时出错" in text and english_in(text) == [] and "internal detail" not in text


# --- posted lists ----------------------------------------------------------------------------

@pytest.fixture()
def payload(app):
    c = app.test_client()
    r = upload(c, [("a.txt", SPEECH.encode("utf-8"))])
    aid = r.headers["Location"].split("/")[2]
    return c, c.get(f"/a/{aid}/list.json").get_json()


@pytest.mark.parametrize("body", [
    b"{not json", b'{"rows": NaN}', "\ud800".encode("utf-8", "surrogatepass"), b"[" * 5000 + b"]" * 5000,
])
def test_malformed_posts_are_said_in_chinese(payload, body):
    c, _ = payload
    r = c.post("/export/csv?lang=zh", data=body, content_type="application/json")
    assert r.status_code == 400 and english_in(r.get_json()["error"]) == [], r.get_json()


@pytest.mark.parametrize("path, value", [
    (["rows", 0, "measures"], "不是列表"), (["rows", 0, "problem"], 5), (["rows", 0, "sources", 0, "title"], []),
    (["rows", 0, "sources", 0, "span", "start"], True), (["documents"], {}), (["rows"], "x"),
])
def test_list_errors_are_said_in_chinese(payload, path, value):
    c, data = payload
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    r = c.post("/export/csv?lang=zh", json=data)
    assert r.status_code == 400
    message = r.get_json()["error"]
    assert english_in(message) == [] and re.search(r"[\u4e00-\u9fff]", message), message


def test_merge_of_the_wrong_number_of_rows_is_said_in_chinese(payload):
    c, data = payload
    r = c.post("/api/merge?lang=zh", json={"rows": data["rows"][:1]})
    assert r.status_code == 400 and english_in(r.get_json()["error"]) == [], r.get_json()


# --- edits kept beyond the tab ------------------------------------------------------------------

def _config(page: str) -> dict:
    m = re.search(r'<script[^>]*id="list-config"[^>]*>(.*?)</script>', page, re.S)
    return json.loads(html.unescape(m.group(1)))


def test_the_same_analysis_finds_its_edits_under_the_same_key(app):
    c = app.test_client()
    keys, aids = [], []
    for text in (SPEECH, SPEECH, SPEECH.replace("6月底前", "年底前")):
        aid = upload(c, [("a.txt", text.encode("utf-8"))]).headers["Location"].split("/")[2]
        aids.append(aid)
        keys.append(_config(c.get(f"/a/{aid}/list").text)["listKey"])
    assert aids[0] != aids[1]                          # two analyses, two ids ...
    assert keys[0] == keys[1] != keys[2]               # ... the same documents, the same key
    assert re.fullmatch(r"[0-9a-f]{32}", keys[0])


def test_list_key_depends_on_every_part_of_the_draft():
    base = {"documents": [{"id": "a.txt"}], "rows": [{"problem": "甲"}]}
    other = {"documents": [{"id": "b.txt"}], "rows": [{"problem": "甲"}]}
    assert list_key(base) == list_key(json.loads(json.dumps(base))) != list_key(other)


def test_the_page_keeps_edits_in_local_storage_and_warns_before_leaving():
    js = (ROOT / "analyzer" / "web" / "static" / "list.js").read_text(encoding="utf-8")
    assert "sessionStorage" not in js and "localStorage.setItem(storeKey" in js
    assert 'addEventListener("beforeunload"' in js and "cfg.listKey" in js
