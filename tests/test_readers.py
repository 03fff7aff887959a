"""Readers: each input kind, and a one-line error naming the file for each bad one."""
import io
import json
import os
import zipfile

import pytest

from analyzer.readers import InputError, InputText, html_text, iter_inputs, read_path, read_stdin, texts_from_bytes

TEXT = "同志们：\n各单位要在6月底前完成整改任务。\n"


@pytest.mark.parametrize("encoding,bom,reported", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ("gb18030", b"", "gb18030"),
    ("gbk", b"", "gb18030"),
    ("big5", b"", "big5"),
    ("utf-16-le", b"\xff\xfe", "utf-16-le"),
    ("utf-16-le", b"", "utf-16-le"),
    ("utf-16-be", b"", "utf-16-be"),
])
def test_txt_in_each_encoding(tmp_path, encoding, bom, reported):
    text = TEXT if encoding != "big5" else "同志們：\n各單位要在6月底前完成整改任務。\n"
    p = tmp_path / "speech.txt"
    p.write_bytes(bom + text.encode(encoding))
    (item,) = read_path(p)
    assert (item.text, item.encoding, item.format, item.id) == (text, reported, "txt", "speech.txt")


def test_html_drops_scripts_and_keeps_blocks(tmp_path):
    html = ("<html><head><title>巡察讲话</title><script>alert('x要')</script><style>p{}</style></head>"
            "<body><div>首页 &gt; 讲话</div><p>同志们：</p><p>各单位<b>要</b>抓好整改。</p>"
            "<img src='a.png' alt='" + "x" * 5000 + "'></body></html>")
    p = tmp_path / "page.html"
    p.write_text(html, encoding="gb18030")
    (item,) = read_path(p)
    assert item.format == "html" and item.hints["title"] == "巡察讲话"
    assert item.text == "首页 > 讲话\n同志们：\n各单位要抓好整改。"
    assert "alert" not in item.text


def test_html_charset_declared(tmp_path):
    p = tmp_path / "page.htm"
    p.write_bytes('<meta charset="gbk"><p>要抓好整改。</p>'.encode("gbk"))
    (item,) = read_path(p)
    assert item.text == "要抓好整改。"


def make_docx(path, paragraphs, table=None):
    import docx

    d = docx.Document()
    for para in paragraphs:
        d.add_paragraph(para)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for j, cell in enumerate(row):
                t.cell(i, j).text = cell
    d.save(path)


def test_docx_paragraphs_and_tables(tmp_path):
    p = tmp_path / "plan.docx"
    make_docx(p, ["整改方案", "各单位要抓好整改。"], [["问题", "措施"], ["台账不全", "建立台账"]])
    (item,) = read_path(p)
    assert item.text == "整改方案\n各单位要抓好整改。\n问题\t措施\n台账不全\t建立台账"


def test_jsonl_records_keep_ids_order_and_dates(tmp_path):
    p = tmp_path / "clauses.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "a", "text": "要抓好整改。", "date": "2024-05-01"},
        {"id": "b", "text": "严禁弄虚作假。"},
    ]) + "\n", encoding="utf-8")
    items = list(read_path(p))
    assert [(i.id, i.text, i.date) for i in items] == [("a", "要抓好整改。", "2024-05-01"), ("b", "严禁弄虚作假。", None)]


def test_jsonl_bad_record_is_reported_in_place(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_text('{"id": "a", "text": "要抓好整改。"}\n{broken\n{"id": 3}\n{"id": "d", "text": "严禁。"}\n')
    items = list(read_path(p))
    assert [type(i).__name__ for i in items] == ["InputText", "InputError", "InputError", "InputText"]
    assert "c.jsonl:2" in str(items[1]) and "c.jsonl:3" in str(items[2])


def test_stdin_plain_and_jsonl():
    (item,) = read_stdin(io.BytesIO(TEXT.encode("gb18030")))
    assert item.text == TEXT and item.id == "<stdin>"
    items = list(read_stdin(io.BytesIO(b'{"id": "x", "text": "\xe8\xa6\x81"}\n')))
    assert [(i.id, i.text) for i in items] == [("x", "要")]


def _write(path, data):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("setup,problem", [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: (d / "folder.txt").mkdir() or d / "folder.txt", "is a directory"),
    (lambda d: os.symlink(d / "nowhere", d / "link.txt") or d / "link.txt", "broken symbolic link"),
    (lambda d: _write(d / "x.exe", b"MZ"), "unsupported file type"),
    (lambda d: _write(d / "x.pdf", b"%PDF"), "not a readable PDF"),
    (lambda d: _write(d / "bin.txt", bytes(range(256)) * 3), "binary"),
    (lambda d: _write(d / "fake.docx", b"not a zip"), "not a zip archive"),
    (lambda d: _write(d / "big.txt", b"a" * 2000), "above the limit"),
    (lambda d: _write(d / "empty.docx", b""), "not a zip archive"),
])
def test_bad_inputs_name_the_file(tmp_path, setup, problem):
    path = setup(tmp_path)
    with pytest.raises(InputError) as exc:
        list(read_path(path, max_bytes=1000))
    assert str(path) in str(exc.value) and problem in str(exc.value)


@pytest.mark.slow
def test_zip_bomb_docx_is_refused_before_inflating(tmp_path):
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\x00" * (300 * 1024 * 1024))
    with pytest.raises(InputError) as exc:
        list(read_path(p))
    assert "zip bomb" in str(exc.value)


def test_iter_inputs_goes_on_after_a_failure(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text(TEXT, encoding="utf-8")
    items = list(iter_inputs([str(tmp_path / "nope.txt"), str(good)]))
    assert isinstance(items[0], InputError) and isinstance(items[1], InputText)


def test_html_text_of_garbage_does_not_raise():
    assert html_text("<p><<<>>></div></p><script>") is not None


# --- bytes already in memory (uploads): the same reading as from a file -------

def _kinds(tmp_path):
    html = '<html><head><title>巡察讲话</title><meta charset="gbk"></head><body><p>要抓好整改。</p></body></html>'
    (tmp_path / "a.txt").write_bytes(TEXT.encode("gb18030"))
    (tmp_path / "b.html").write_bytes(html.encode("gbk"))
    make_docx(tmp_path / "c.docx", ["整改方案", "各单位要抓好整改。"])
    (tmp_path / "d.jsonl").write_text('{"id": "x", "text": "要抓好整改。"}\n{broken\n', encoding="utf-8")
    (tmp_path / "e").write_bytes(TEXT.encode("big5", errors="ignore"))
    return ["a.txt", "b.html", "c.docx", "d.jsonl", "e"]


def test_read_bytes_reads_as_read_path_does(tmp_path):
    for name in _kinds(tmp_path):
        path = tmp_path / name
        from_file = list(read_path(path))
        from_bytes = list(texts_from_bytes(path.read_bytes(), str(path)))
        assert [repr(i) if isinstance(i, InputText) else str(i) for i in from_bytes] == \
               [repr(i) if isinstance(i, InputText) else str(i) for i in from_file], name


def test_read_bytes_id_is_the_last_component_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (item,) = texts_from_bytes(TEXT.encode("utf-16"), "uploads/../讲话.txt")
    assert (item.id, item.source, item.text, item.format) == ("讲话.txt", "uploads/../讲话.txt", TEXT, "txt")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name,data,problem", [
    ("x.exe", b"MZ", "unsupported file type '.exe'"),
    ("x.pdf", b"%PDF", "not a readable PDF"),
    ("bin.txt", bytes(range(256)) * 3, "binary"),
    ("fake.docx", b"not a zip", "not a zip archive"),
])
def test_read_bytes_errors_name_the_file(name, data, problem):
    with pytest.raises(InputError) as exc:
        list(texts_from_bytes(data, name))
    assert str(exc.value).startswith(f"{name}: ") and problem in str(exc.value)
