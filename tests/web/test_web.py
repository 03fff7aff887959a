"""The local web page, through Flask's test client: uploads (txt in GB18030,
html, docx, several at once, pasted text), escaping, the size limit, bad files,
the list as JSON and back, exports read back with openpyxl / python-docx / csv
(and equal to `analyzer issues`), strict checking of edited lists, the
language switch, no external URL anywhere, error pages without tracebacks, the
host check, the store's bounds, and `analyzer serve`."""
from __future__ import annotations

import copy
import csv
import html
import io
import json
import re
from html.parser import HTMLParser

import pytest

flask = pytest.importorskip("flask")

from click.testing import CliRunner  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from analyzer.cli import main  # noqa: E402
from analyzer.ledger.build import build_ledger  # noqa: E402
from analyzer.ledger.export import COLUMNS  # noqa: E402
from analyzer.web import app as webapp  # noqa: E402
from analyzer.web.app import client_name, create_app  # noqa: E402
from analyzer.web.highlight import Mark, annotate, document_html  # noqa: E402
from analyzer.web.i18n import WORDS  # noqa: E402
from analyzer.web.rows import ledger_from_payload, ledger_payload  # noqa: E402
from analyzer.web.store import Analysis, AnalysisStore  # noqa: E402
from ledger_helpers import make_doc  # noqa: E402
from project_root import ROOT  # noqa: E402

SAMPLE = ROOT / "analyzer" / "samples" / "speech_sample.txt"
WEB = ROOT / "analyzer" / "web"
SPEECH = ("关于巡察整改工作的讲话\n同志们：\n一、压实整改责任\n"
          "有的单位台账不完善。县财政局要牵头建立整改台账，6月底前完成；各单位要配合做好清理工作。\n"
          "二、严肃追责问责\n对敷衍塞责的单位和个人，县纪委监委要严肃问责。\n我就讲这些，谢谢大家。\n")


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture()
def client(app):
    return app.test_client()


def upload(client, files=(), text="", ref_date="", **kw):
    data = {"files": [(io.BytesIO(b), name) for name, b in files], "text": text, "ref_date": ref_date}
    return client.post("/analyze", data=data, content_type="multipart/form-data", **kw)


def analysis_id(response) -> str:
    assert response.status_code == 303, response.data[:500]
    m = re.match(r"^/a/([\w-]+)/doc/0$", response.headers["Location"])
    assert m, response.headers["Location"]
    return m.group(1)


def page_text(data: bytes) -> str:
    """Visible text of a page (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", data.decode("utf-8")))


@pytest.fixture(scope="module")
def sample(app):
    """The bundled sample, analyzed once through the page."""
    c = app.test_client()
    aid = analysis_id(upload(c, [("speech_sample.txt", SAMPLE.read_bytes())]))
    return aid


# --- uploads ---------------------------------------------------------------------

def test_index_page(client):
    r = client.get("/")
    assert r.status_code == 200
    assert "上传文件或粘贴文本" in r.text and 'enctype="multipart/form-data"' in r.text
    assert "20 MB" in r.text


def test_upload_txt_in_gb18030(client):
    r = upload(client, [("讲话.txt", SPEECH.encode("gb18030"))])
    aid = analysis_id(r)
    page = client.get(f"/a/{aid}/doc/0")
    assert page.status_code == 200
    text = page_text(page.data)
    assert "县财政局要牵头建立整改台账" in text and "gb18030" in text and "讲话.txt" in text
    assert 'class="mk dir cat-' in page.text and 'class="mk prob' in page.text


def test_upload_html(client):
    doc = ("<html><head><meta charset='utf-8'><title>整改推进会讲话</title><script>alert('x')</script></head>"
           "<body><div>首页 &gt; 讲话材料</div><p>同志们：</p><p>各单位要抓好整改落实，6月底前完成。</p></body></html>")
    aid = analysis_id(upload(client, [("page.html", doc.encode("utf-8"))]))
    page = client.get(f"/a/{aid}/doc/0").text
    assert "各单位要抓好整改落实" in page_text(page.encode())
    assert "alert" not in page


def test_upload_docx(client):
    import docx

    d = docx.Document()
    for line in SPEECH.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    aid = analysis_id(upload(client, [("方案.docx", buf.getvalue())]))
    text = page_text(client.get(f"/a/{aid}/doc/0").data)
    assert "县纪委监委要严肃问责" in text and "方案.docx" in text


def test_paste(client):
    aid = analysis_id(upload(client, text=SPEECH))
    page = client.get(f"/a/{aid}/doc/0")
    assert "粘贴的文本" in page.text and "各单位要配合做好清理工作" in page_text(page.data)


def test_several_files_get_unique_ids_and_a_bad_one_is_reported(client):
    good = SPEECH.encode("utf-8")
    r = upload(client, [("a.txt", good), ("a.txt", SPEECH.encode("utf-16")), ("bad.exe", b"MZ")])
    aid = analysis_id(r)
    page = client.get(f"/a/{aid}/doc/1")
    assert "a.txt (2)" in page.text
    assert "bad.exe：不支持的文件类型 .exe" in page.text        # shown on the page, the others analyzed
    listing = client.get(f"/a/{aid}/list.json").get_json()
    assert [d["id"] for d in listing["documents"]] == ["a.txt", "a.txt (2)"]


@pytest.mark.parametrize("files,text,message", [
    ([], "", "请选择文件，或粘贴文本。"),
    ([("x.exe", b"MZ")], "", "x.exe：不支持的文件类型 .exe"),
    ([("x.pdf", b"%PDF")], "", "x.pdf：不是可读的 PDF 文件。"),
    ([("bin.txt", bytes(range(256)) * 4)], "", "bin.txt："),
    ([("fake.docx", b"not a zip")], "", "fake.docx：不是 Word .docx 文件"),
    ([("../../etc/passwd.txt", b"  \n")], "", "passwd.txt：文件里没有文字。"),
])
def test_bad_input_is_a_message_on_the_page(client, files, text, message):
    r = upload(client, files, text)
    assert r.status_code == 400
    assert message in html.unescape(r.text)
    assert 'id="upload-form"' in r.text                      # the form is there to try again
    assert "Traceback" not in r.text


def test_bad_reference_date(client):
    r = upload(client, text=SPEECH, ref_date="2024-13-45")
    assert r.status_code == 400 and "YYYY-MM-DD" in r.text


def test_reference_date_is_used(client, monkeypatch):
    seen = []
    real = webapp.analyze
    monkeypatch.setattr(webapp, "analyze", lambda item, options: seen.append(options.ref_date) or real(item, options))
    analysis_id(upload(client, text=SPEECH, ref_date="2024-03-15"))
    assert str(seen[0]) == "2024-03-15"


def test_size_limit_is_a_friendly_page():
    small = create_app(max_upload_mb=0.01)
    c = small.test_client()
    r = upload(c, [("big.txt", ("要抓好整改。" * 2000).encode("utf-8"))])
    assert r.status_code == 413
    assert "上传的内容超过 0.01 MB 的上限" in r.text and 'id="upload-form"' in r.text
    r = c.post("/analyze", data={"text": "要" * 20000}, content_type="multipart/form-data")
    assert r.status_code == 413


def test_pasted_text_above_werkzeug_form_default_is_accepted(client):
    text = SPEECH + "。" * 200_000          # about 600 kB as form data: above werkzeug's 500 kB default
    assert len(text.encode("utf-8")) > 500_000
    analysis_id(upload(client, text=text))


def test_client_names_are_labels_never_paths():
    assert client_name("C:\\Users\\张三\\讲话.txt") == "讲话.txt"
    assert client_name("../../etc/passwd") == "passwd"
    assert client_name("a\x00b\nc.txt") == "abc.txt"
    assert client_name("..") == "upload.txt" and client_name("") == "upload.txt"
    long = client_name("长" * 300 + ".docx")
    assert len(long) <= 120 and long.endswith(".docx")


@pytest.mark.slow
def test_uploads_stay_in_memory(client, monkeypatch, tmp_path):
    """Nothing is spooled to a temporary file, and no path named after the
    client's file is opened."""
    import builtins
    import tempfile

    def refuse(*a, **kw):
        raise AssertionError("an upload touched the file system")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    monkeypatch.setattr(tempfile, "SpooledTemporaryFile", refuse)
    opened = []
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda f, *a, **kw: opened.append(str(f)) or real_open(f, *a, **kw))
    big = (SPEECH + "。" * 300_000).encode("gb18030")    # above werkzeug's 500 kB spooling threshold
    assert len(big) > 500_000
    analysis_id(upload(client, [("UNIQUE_CLIENT_NAME.txt", big)]))
    assert not [p for p in opened if "UNIQUE_CLIENT_NAME" in p]


# --- escaping ----------------------------------------------------------------------

EVIL = ('同志们：\n各单位要<script>alert(1)</script>抓好整改，"><img src=q onerror=alert(2)>6月底前完成。\n'
        "县财政局要建立台账&lt;b&gt;。\n")


class _Balance(HTMLParser):
    VOID = {"meta", "link", "input", "br", "img", "col", "hr"}

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.scripts = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append((tag, list(self.stack[-3:])))
        else:
            self.stack.pop()


def test_document_text_is_escaped_everywhere(client):
    aid = analysis_id(upload(client, [('<b>x</b>".txt', EVIL.encode("utf-8"))], text=EVIL))
    for url in (f"/a/{aid}/doc/0", f"/a/{aid}/doc/1", f"/a/{aid}/list"):
        page = client.get(url).text
        assert "<script>alert" not in page and "<img src=q" not in page and "<b>x</b>" not in page
        parser = _Balance()
        parser.feed(page)
        assert parser.errors == [] and parser.stack == [], url
        # the only scripts are the app's own files and JSON data
        assert all(s.get("src", "").startswith("/static/") or s.get("type") == "application/json"
                   for s in parser.scripts), parser.scripts
    doc = client.get(f"/a/{aid}/doc/0").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc and "&#34;&gt;&lt;img src=q" in doc
    assert "建立台账&lt;b&gt;。" in page_text(doc.encode())   # an entity in the text shows as written
    listing = client.get(f"/a/{aid}/list").text
    data = re.search(r'<script type="application/json" id="list-data">(.*?)</script>', listing, re.S).group(1)
    assert "<" not in data and "\\u003cscript\\u003e" in data
    assert json.loads(data)["rows"]


# --- the annotated text --------------------------------------------------------------

def _hand_doc():
    text = "同志们：\n一、抓好整改\n有的单位台账不完善。县财政局要牵头建立整改台账，6月底前完成；各单位要配合。\nxxx同志要带头。"
    doc = make_doc(text, [
        {"text": "县财政局要牵头建立整改台账，6月底前完成；", "category": "system",
         "parties": [{"text": "县财政局", "role": "lead"}],
         "limits": [("6月底前", "deadline", {"by": "2024-06-30"})]},
        {"text": "各单位要配合。", "category": "system",
         "parties": [{"text": "各单位", "role": "support"}]},
    ], [("有的单位台账不完善。", "system")], doc_id="hand.txt", title="手工文档")
    from analyzer.normalize.placeholders import find_placeholders
    doc.placeholders = find_placeholders(doc.text)
    doc.time_limits = [tl for d in doc.directives for tl in d.time_limits]
    return doc


def test_marks_carry_normalized_values():
    page = document_html(_hand_doc(), "zh")
    assert 'title="时限：截止时限｜规范值：by: 2024-06-30"' in page
    assert 'title="责任单位｜规范名：县财政局｜任务角色：牵头"' in page
    assert 'id="m-' in page and 'data-span="m-' in page and 'id="p-' in page
    assert 'class="mk ph"' in page                            # the placeholder xxx
    assert 'class="mk h h1"' in page and 'id="s-' in page    # the heading, anchored for the outline
    en = document_html(_hand_doc(), "en")
    assert "deadline | value: by: 2024-06-30" in en and "role in the task: lead" in en


def test_document_page_of_a_stored_analysis(app, client):
    doc = _hand_doc()
    aid = app.extensions["analyzer_store"].put(Analysis([doc], build_ledger([doc])))
    page = client.get(f"/a/{aid}/doc/0").text
    assert 'href="#s-' in page                                 # the outline links to the headings
    assert "一、抓好整改" in page and "手工文档" in page
    assert "时限 1 处" in page


def test_removed_pieces_and_gaps_are_collapsed(client):
    text = ("首页 > 讲话材料 > 正文\n分享到：微信 微博\n同志们：\n各单位要抓好整改。\n此处隐藏3917个字\n"
            "县财政局要建立台账。\n责编：王某 校对：李某\n")
    aid = analysis_id(upload(client, text=text))
    page = client.get(f"/a/{aid}/doc/0").text
    assert '<details class="removed">' in page and "网页杂质" in page
    assert '<details class="removed gap">' in page and "此处缺失约 3917 字" in page


def _text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="要在年底前完成<>&\"'\n", min_size=1, max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from(
           ["heading", "directive", "problem", "party", "time_limit", "placeholder"])), max_size=8),
       st.lists(st.integers(0, 40), max_size=3))
def test_annotate_keeps_every_character_and_nests_properly(text, spans, points):
    marks = [Mark(min(a, b), max(a, b), kind, "x", f"t{i}\"<", f"m-{i}") for i, (a, b, kind) in enumerate(spans)]
    from markupsafe import Markup

    out = annotate(text, marks, {p: [Markup('<span class="ins"></span>')] for p in points})
    assert _text_of(out) == text
    parser = _Balance()
    parser.feed(str(out))
    assert parser.errors == [] and parser.stack == []
    assert "<" not in _text_of(re.sub(r"<[^>]+>", "", str(out)).replace("&lt;", ""))


# --- the list: JSON, exports, strict checks ------------------------------------------

def test_list_page(client, sample):
    page = client.get(f"/a/{sample}/list")
    assert page.status_code == 200
    for col in COLUMNS["zh"]:
        assert f">{col}</th>" in page.text
    assert 'data-export="xlsx"' in page.text and 'id="row-template"' in page.text
    assert f'href="/a/{sample}/doc/0#m-' in page.text            # rows link back to the text
    assert '<option value="work_style" selected>工作作风</option>' in page.text


def test_list_json_round_trip(client, sample):
    payload = client.get(f"/a/{sample}/list.json").get_json()
    assert payload["version"] == 1 and payload["rows"]
    assert set(payload["rows"][0]) == {"no", "problem", "category", "problem_category", "measures", "bodies",
                                       "roles", "time_limits", "sources"}
    again = ledger_payload(ledger_from_payload(copy.deepcopy(payload)))
    assert again == payload
    r = client.post("/export/json", json=payload)
    assert r.status_code == 200
    exported = json.loads(r.data)
    assert [row["measures"] for row in exported["rows"]] == [row["measures"] for row in payload["rows"]]


def test_drafted_export_equals_the_command_line(client, sample, tmp_path):
    out = tmp_path / "cli.csv"
    r = CliRunner().invoke(main, ["issues", str(SAMPLE), "-o", str(out)])
    assert r.exit_code == 0, r.output
    web = client.get(f"/a/{sample}/export.csv")
    assert web.status_code == 200 and web.mimetype == "text/csv"
    assert web.data == out.read_bytes()
    edited = client.post("/export/csv", json=client.get(f"/a/{sample}/list.json").get_json())
    assert edited.data == out.read_bytes()


def _edited(client, sample):
    payload = client.get(f"/a/{sample}/list.json").get_json()
    payload["rows"][0]["measures"] = ["县委办要在一周内完成自查（已编辑）。"]
    payload["rows"][0]["category"] = "discipline"
    payload["rows"][1]["bodies"].append({"name": "县审计局", "role": "supervise"})
    del payload["rows"][2]
    payload["rows"].append({"problem": "", "category": "system", "measures": ["人工添加的整改措施。"],
                            "bodies": [], "roles": [], "time_limits": [{"text": "年底前"}],
                            "sources": [{"doc": "speech_sample.txt", "section": [], "link": "manual",
                                         "problems": [], "measures": [], "span": {"start": 0, "end": 0}}]})
    return payload


def test_export_xlsx_of_an_edited_list(client, sample):
    from openpyxl import load_workbook

    r = client.post("/export/xlsx", json=_edited(client, sample))
    assert r.status_code == 200
    assert r.headers["Content-Disposition"].startswith('attachment; filename="rectification-list.xlsx"')
    assert "filename*=UTF-8''%E6%95%B4%E6%94%B9%E5%8F%B0%E8%B4%A6.xlsx" in r.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(r.data))
    sheet = wb.worksheets[1]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS["zh"]
    assert rows[1][3] == "县委办要在一周内完成自查（已编辑）。" and rows[1][2] == "纪律"
    assert "县审计局（监督）" in rows[2][4]
    assert rows[-1][3] == "人工添加的整改措施。" and rows[-1][6] == "年底前"
    assert rows[-1][7] == "speech_sample.txt\n人工添加"
    assert [r[0] for r in rows[1:]] == list(range(1, len(rows)))      # renumbered


def test_export_docx_and_csv_of_an_edited_list(client, sample):
    import docx

    payload = _edited(client, sample)
    r = client.post("/export/docx", json=payload)
    assert r.status_code == 200 and r.mimetype.endswith("wordprocessingml.document")
    table = docx.Document(io.BytesIO(r.data)).tables[0]
    assert table.rows[1].cells[3].text == "县委办要在一周内完成自查（已编辑）。"
    r = client.post("/export/csv", json=payload)
    assert r.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS["zh"]) and rows[1][3] == "县委办要在一周内完成自查（已编辑）。"
    assert len(rows) == len(payload["rows"]) + 1


def test_merge_api(client, sample):
    payload = client.get(f"/a/{sample}/list.json").get_json()
    a, b = payload["rows"][1], payload["rows"][2]
    r = client.post("/api/merge", json={"rows": [a, b]})
    assert r.status_code == 200
    row = r.get_json()["row"]
    assert row["measures"] == a["measures"] + b["measures"]
    assert row["problem"].startswith(a["problem"]) and row["problem"].endswith(b["problem"])
    assert row["sources"] == a["sources"] + b["sources"]
    assert client.post("/api/merge", json={"rows": [a]}).status_code == 400
    assert client.post("/api/merge", json={"rows": [a, b, a]}).status_code == 400


def _bad(payload, path, value=..., delete=False):
    p = copy.deepcopy(payload)
    target = p
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return p


@pytest.mark.parametrize("change,message", [
    (lambda p: _bad(p, ["rows", 0, "colour"], "red"), "list.rows[0]：未知字段 \"colour\""),
    (lambda p: _bad(p, ["surprise"], 1), "list：未知字段 \"surprise\""),
    (lambda p: _bad(p, ["rows", 0, "measures"], "不是列表"), "list.rows[0].measures：应为 数组"),
    (lambda p: _bad(p, ["rows", 0, "measures"], ["  "]), "第 1 行：整改措施不能为空"),
    (lambda p: _bad(p, ["rows", 1, "category"], "culture"), "list.rows[1].category：应为 ideology"),
    (lambda p: _bad(p, ["rows", 0, "sources", 0, "doc"], "other.txt"), "文档 other.txt 不在"),
    (lambda p: _bad(p, ["rows", 0, "sources", 0, "span"], {"start": 9, "end": 2}), "0 ≤ 起点 ≤ 终点"),
    (lambda p: _bad(p, ["rows", 0, "sources", 0, "span", "start"], True), "应为 整数"),
    (lambda p: _bad(p, ["rows", 0, "bodies", 0, "role"], "boss"), "list.rows[0].bodies[0].role"),
    (lambda p: _bad(p, ["rows", 0, "roles", 0, "kind"], "body"), "list.rows[0].roles[0].kind"),
    (lambda p: _bad(p, ["rows", 0, "problem"], "问" * 20001), "超过 20000 个字符"),
    (lambda p: _bad(p, ["rows", 0, "sources"], None, delete=True), "缺少字段 sources"),
    (lambda p: _bad(p, ["documents"], [{"id": "a"}, {"id": "a"}]), "文档 a 重复"),
    (lambda p: _bad(p, ["rows"], {}), "list.rows：应为 数组"),
    (lambda p: [p], "list：应为 对象"),
])
def test_edited_lists_are_checked_strictly(client, sample, change, message):
    payload = client.get(f"/a/{sample}/list.json").get_json()
    r = client.post("/export/xlsx", json=change(payload))
    assert r.status_code == 400
    assert message in r.get_json()["error"]


def test_malformed_and_oversized_requests(client, sample):
    r = client.post("/export/xlsx", data=b"{not json", content_type="application/json")
    assert r.status_code == 400 and "不是有效的 JSON" in r.get_json()["error"]
    r = client.post("/export/xlsx", data=b'{"rows": NaN}', content_type="application/json")
    assert r.status_code == 400
    r = client.post("/export/xlsx", data=b"rows=1", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 415 and "application/json" in r.get_json()["error"]
    r = client.post("/export/pdf", json={})
    assert r.status_code == 400 and "不支持导出为 .pdf" in r.get_json()["error"]
    small = create_app(max_json_bytes=1000)
    r = small.test_client().post("/export/csv", json=client.get(f"/a/{sample}/list.json").get_json())
    assert r.status_code == 413 and "1000 字节" in r.get_json()["error"]
    deep = b"[" * 100_000 + b"]" * 100_000
    r = client.post("/export/csv", data=deep, content_type="application/json")
    assert r.status_code in (400, 413)


# --- language ---------------------------------------------------------------------

def test_language_switch_is_kept_in_a_cookie(app, sample):
    c = app.test_client()
    zh = c.get("/")
    assert '<html lang="zh-CN">' in zh.text and ">English</a>" in zh.text
    en = c.get("/?lang=en")
    assert '<html lang="en">' in en.text and "Upload files or paste text" in en.text
    assert "lang=en" in en.headers["Set-Cookie"]
    assert "Upload files or paste text" in c.get("/").text              # kept
    listing = c.get(f"/a/{sample}/list").text
    assert ">Measures</th>" in listing and "Rectification list (draft, editable)" in listing
    r = c.get(f"/a/{sample}/export.csv")
    assert r.data.decode("utf-8-sig").startswith(",".join(COLUMNS["en"]))
    assert "上传文件或粘贴文本" in c.get("/?lang=zh").text
    assert "上传文件或粘贴文本" in c.get("/").text


def test_both_languages_have_every_word():
    assert set(WORDS["zh"]) == set(WORDS["en"])


# --- offline: no external URL anywhere ----------------------------------------------

_URL = re.compile(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"'<>)]*", re.I)
_NAMESPACES = {"http://www.w3.org/2000/svg"}       # an XML namespace name, never fetched


def test_no_external_urls_in_pages_or_static_files(client, sample):
    pages = [client.get(u) for u in ("/", "/?lang=en", f"/a/{sample}/doc/0", f"/a/{sample}/list",
                                     "/no/such/page")]
    pages.append(upload(client, [("x.pdf", b"%PDF")]))
    for r in pages:
        found = set(_URL.findall(r.text)) - _NAMESPACES
        assert not found, (r.request.path, found)
        for attr in re.findall(r'(?:src|href|action)="([^"]*)"', r.text):
            assert attr.startswith(("/", "#", "?")), (r.request.path, attr)
    files = [p for p in (WEB / "static").rglob("*") if p.is_file()] + list((WEB / "templates").rglob("*.html"))
    assert files
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert not set(_URL.findall(text)) - _NAMESPACES, f
        assert "@import" not in text and "url(" not in text, f
        assert client.get(f"/static/{f.name}").status_code == 200 if f.parent.name == "static" else True


def test_security_headers(client):
    h = client.get("/").headers
    assert "default-src 'self'" in h["Content-Security-Policy"]
    assert h["X-Content-Type-Options"] == "nosniff" and h["X-Frame-Options"] == "DENY"
    assert h["Cache-Control"] == "no-store"


# --- errors -------------------------------------------------------------------------

def test_unknown_analysis_and_document_are_friendly_404s(client, sample):
    for url in ("/a/nonexistent/doc/0", f"/a/{sample}/doc/99", "/a/" + "x" * 200 + "/list", "/nowhere"):
        r = client.get(url)
        assert r.status_code == 404 and "找不到页面" in r.text and "返回首页" in r.text


def test_internal_errors_never_show_a_traceback(app, sample, monkeypatch):
    def boom(*a, **kw):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(webapp, "document_html", boom)
    r = app.test_client().get(f"/a/{sample}/doc/0")
    assert r.status_code == 500 and "服务器内部错误" in r.text
    assert "Traceback" not in r.text and "secret internal detail" not in r.text
    monkeypatch.setattr(webapp, "analyze", boom)
    r = upload(app.test_client(), text=SPEECH)
    assert r.status_code == 400 and "粘贴的文本：分析时出错" in r.text and "cannot analyze" not in r.text
    assert "secret internal detail" not in r.text


def test_method_not_allowed_is_a_page(client):
    r = client.get("/analyze")
    assert r.status_code == 405 and "返回首页" in r.text


def test_foreign_host_names_are_refused_on_loopback(client):
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"Host": "127.0.0.1:8765"}).status_code == 200
    assert client.get("/", headers={"Host": "[::1]:8765"}).status_code == 200
    anywhere = create_app(allowed_hosts=None).test_client()
    assert anywhere.get("/", headers={"Host": "office-pc.lan:8765"}).status_code == 200


# --- the store ----------------------------------------------------------------------

def _analysis(n_chars: int) -> Analysis:
    doc = make_doc("要" * n_chars)
    return Analysis([doc], build_ledger([]))


def test_store_is_an_lru_bounded_in_entries_and_characters():
    store = AnalysisStore(max_entries=2, max_chars=1000)
    a, b = store.put(_analysis(10)), store.put(_analysis(10))
    assert len(a) >= 20 and a != b
    store.get(a)                                  # a is now the most recent
    c = store.put(_analysis(10))
    assert store.get(b) is None and store.get(a) and store.get(c)
    d = store.put(_analysis(495))                 # 990 characters: the others must go
    assert store.get(d) and len(store) == 1 and store.chars == 990
    e = store.put(_analysis(2000))                # alone above the budget: still kept
    assert store.get(e) and store.get(d) is None


# --- analyzer serve -----------------------------------------------------------------

def test_serve_help():
    r = CliRunner().invoke(main, ["serve", "--help"])
    assert r.exit_code == 0
    for word in ("--host", "127.0.0.1", "--port", "8765", "--max-upload-mb", "Ctrl+C", "offline"):
        assert word in r.output


class _FakeServer:
    def __init__(self, host, port, app, threaded):
        self.port = port or 40404
        self.app = app
        _FakeServer.last = self
        assert threaded

    def serve_forever(self):
        raise KeyboardInterrupt

    def server_close(self):
        pass


def test_serve_binds_loopback_and_warns_elsewhere(monkeypatch):
    import werkzeug.serving

    monkeypatch.setattr(werkzeug.serving, "make_server", _FakeServer)
    r = CliRunner().invoke(main, ["serve", "--port", "0"])
    assert r.exit_code == 0 and "http://127.0.0.1:40404/" in r.output and "warning" not in r.output
    assert _FakeServer.last.app.config["ANALYZER_ALLOWED_HOSTS"] >= {"127.0.0.1", "localhost"}
    assert _FakeServer.last.app.config["MAX_CONTENT_LENGTH"] == 20 * 1024 * 1024
    r = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--max-upload-mb", "5"])
    assert r.exit_code == 0 and "warning: listening on 0.0.0.0" in r.output
    assert _FakeServer.last.app.config["ANALYZER_ALLOWED_HOSTS"] is None
    assert _FakeServer.last.app.config["MAX_CONTENT_LENGTH"] == 5 * 1024 * 1024


def test_serve_port_in_use_is_a_clear_error(monkeypatch):
    import werkzeug.serving

    def busy(*a, **kw):
        raise OSError(98, "Address already in use")

    monkeypatch.setattr(werkzeug.serving, "make_server", busy)
    r = CliRunner().invoke(main, ["serve", "--port", "8765"])
    assert r.exit_code == 1 and "cannot listen on 127.0.0.1:8765 (Address already in use)" in r.output


def test_serve_without_flask_says_what_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "flask", None)     # import flask -> ImportError
    r = CliRunner().invoke(main, ["serve"])
    assert r.exit_code == 1
    assert "pip install '.[web]'" in r.output and "Traceback" not in r.output
