"""Markdown with front matter, Excel workbooks, Word 97-2003 and WPS files
(SPEC section 1).  The files are built here from texts written for this file."""
import datetime as dt
import os
import shutil
import stat
import subprocess

import pytest

from analyzer.formats import markdown, office
from analyzer.pipeline import analyze
from analyzer.readers import InputError, read_path

MD = """---
title: "青川县整改推进会议纪要"
date: 2023-04-14 01:35:02
tags:
- 整改
- 巡察
draft: false
---
# 一、会议要求

**县财政局**要在[6月底前](http://example.org/a)完成整改，各乡镇要*每月*报送进展。

![现场照片](http://example.org/p.jpg)

> 县委督查室要加强督查，确保整改到位。

- 各单位要建立台账。
"""


def _write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def test_markdown_front_matter_and_markup(tmp_path):
    doc = analyze(next(read_path(_write(tmp_path, "纪要.md", MD))))
    assert doc.meta["title"] == "青川县整改推进会议纪要"
    assert doc.meta["date"] == "2023-04-14"
    assert doc.meta["front_matter"] == {"tags": ["整改", "巡察"], "draft": "false"}
    assert doc.meta["format"] == "md"
    for mark in ("#", "**", "](", "http", "> ", "---", "![", "- 各"):
        assert mark not in doc.text, mark
    assert "县财政局要在6月底前完成整改，各乡镇要每月报送进展。" in doc.text
    kinds = {(r["kind"], r.get("rule")) for r in doc.removed}
    assert ("metadata", "front-matter") in kinds and ("boilerplate", "markdown-image") in kinds


def test_markdown_offsets_map_back_to_the_file(tmp_path):
    doc = analyze(next(read_path(_write(tmp_path, "纪要.md", MD))))
    i = doc.text.index("完成整改")
    s, e = doc.offsets.to_original(i, i + 4)
    assert MD[s:e] == "完成整改"
    d = next(d for d in doc.directives if "督查" in d.text)
    s, e = doc.offsets.to_original(d.start, d.end)
    assert MD[s:e] == d.text


@pytest.mark.parametrize("text,expected", [
    ("## 标题 ##", "标题"),
    ("snake_case_name 与 a*b*c 不是强调", "snake_case_name 与 a*b*c 不是强调"),
    ("见`代码`与~~删除~~", "见代码与删除"),
    ("```\n# 不是标题\n```", "# 不是标题"),
    ("正文\n\n---\n\n正文二", "正文\n正文二"),      # a rule in the body is no front matter
    ("<!--more-->正文", "正文"),
])
def test_markdown_rows(text, expected, tmp_path):
    doc = analyze(next(read_path(_write(tmp_path, "a.md", text))))
    assert doc.text == expected


def test_front_matter_is_never_evaluated():
    fields, start = markdown.front_matter("---\ntitle: !!python/object/apply:os.system ['echo x']\n---\n正文")
    assert fields == {"title": "!!python/object/apply:os.system ['echo x']"} and start > 0
    assert markdown.front_matter("没有前置信息\n---\n") == ({}, 0)


def _workbook(path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "整改清单"
    ws.append(["问题", "整改措施", "责任单位", "完成时限"])
    ws.append(["台账不全", "建立台账，每月报送进展", "县财政局", dt.datetime(2022, 6, 30)])
    ws.append([None, None, None, None])
    ws.append([3, 2.0, 2.5, None])
    wb.create_sheet("说明")["A1"] = "各单位要在年底前完成整改。"
    wb.save(path)
    return path


def test_xlsx_rows_and_text(tmp_path):
    path = _workbook(tmp_path / "清单.xlsx")
    sheets = list(office.xlsx_rows(path.read_bytes(), str(path)))
    assert [title for title, _ in sheets] == ["整改清单", "说明"]
    assert sheets[0][1][1] == ["台账不全", "建立台账，每月报送进展", "县财政局", "2022-06-30"]
    assert sheets[0][1][2] == ["3", "2", "2.5"]
    item = next(read_path(path))
    assert item.format == "xlsx"
    assert item.text.split("\n")[0] == "问题\t整改措施\t责任单位\t完成时限"
    assert item.text.endswith("\n\n各单位要在年底前完成整改。")


@pytest.mark.parametrize("make,message", [
    (lambda p: __import__("openpyxl").Workbook().save(p), "empty workbook"),
    (lambda p: p.write_bytes(b"not a zip at all"), r"is not an Excel \.xlsx workbook \(not a zip archive\)"),
])
def test_xlsx_errors_name_the_file(tmp_path, make, message):
    path = tmp_path / "坏.xlsx"
    make(path)
    with pytest.raises(InputError, match=message) as exc:
        next(read_path(path))
    assert str(path) in str(exc.value) and "\n" not in str(exc.value)


def _docx(path, paragraphs):
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(path)
    return path


PARAS = ["山河县人民政府办公室文件", "山政办发〔2022〕4号", "关于开展整改督查的通知", "各乡镇人民政府，县直各部门：",
         "各乡镇要在6月底前完成整改，县财政局负责资金保障。"] + ["县委督查室要每月开展一次督查，确保整改到位。"] * 30


@pytest.mark.slow
@pytest.mark.skipif(not office.converter(), reason="LibreOffice (soffice) is not installed: no .doc can be built")
def test_word_97_through_libreoffice(tmp_path):
    src = _docx(tmp_path / "通知.docx", PARAS)
    subprocess.run([office.converter(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(src)],
                   capture_output=True, timeout=180, check=True)
    doc = analyze(next(read_path(tmp_path / "doc" / "通知.doc")))
    assert doc.meta["doc_number"] == "山政办发〔2022〕4号" and doc.meta["format"] == "doc"
    assert any("6月底前" in d.text for d in doc.directives)


def test_wps_goes_to_libreoffice_with_its_own_suffix(tmp_path, monkeypatch):
    # a stand-in soffice that writes the .docx LibreOffice would: what matters
    # here is the call (a private profile, the input named input.wps) and the reading
    made = _docx(tmp_path / "made.docx", PARAS[:5])
    _fake_tool(tmp_path, monkeypatch, "soffice",
               'case "$1" in -env:UserInstallation=file://*) ;; *) exit 3;; esac\n'
               'for a; do last="$a"; done\n'
               'case "$last" in */input.wps) ;; *) exit 4;; esac\n'
               f'out="${{last%/*}}/out"; {shutil.which("mkdir")} -p "$out"; '
               f'{shutil.which("cp")} {made} "$out/input.docx"')
    doc = analyze(next(read_path(_write(tmp_path, "通知.wps", b"WPS"))))
    assert doc.meta["doc_number"] == "山政办发〔2022〕4号" and doc.meta["format"] == "wps"


def _fake_tool(tmp_path, monkeypatch, name, script):
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    tool = folder / name
    tool.write_text("#!/bin/sh\n" + script + "\n")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(folder))


def test_no_converter_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on it
    path = _write(tmp_path, "旧.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(InputError, match=r"no converter is installed \(install LibreOffice \(soffice\) or antiword"):
        next(read_path(path))
    with pytest.raises(InputError, match=r"install LibreOffice \(soffice\),"):
        next(read_path(_write(tmp_path, "旧.wps", b"x")))


@pytest.mark.skipif(os.name != "posix", reason="the fake converters are shell scripts")
@pytest.mark.parametrize("script,timeout,message", [
    (f"exec {shutil.which('sleep')} 5", 1, "LibreOffice took more than 1 s to convert it; given up"),
    ("echo 'source file could not be loaded' >&2; exit 1", 30,
     r"LibreOffice could not read this Word 97-2003 .doc file \(source file could not be loaded\)"),
    ("exit 0", 30, "LibreOffice could not convert this Word 97-2003 .doc file"),
])
def test_converter_failures_are_one_line(tmp_path, monkeypatch, script, timeout, message):
    _fake_tool(tmp_path, monkeypatch, "soffice", script)
    monkeypatch.setattr(office, "CONVERT_TIMEOUT", timeout)
    path = _write(tmp_path, "旧.doc", b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=message) as exc:
        next(read_path(path))
    assert str(path) in str(exc.value)


def test_antiword_when_libreoffice_is_absent(tmp_path, monkeypatch):
    # antiword's own output stands in for a real run: what matters is the call and its decoding
    _fake_tool(tmp_path, monkeypatch, "antiword", 'test "$1" = -m && printf "各单位要在6月底前完成整改。\\n"')
    text = next(read_path(_write(tmp_path, "旧.doc", b"\xd0\xcf\x11\xe0"))).text
    assert text == "各单位要在6月底前完成整改。\n"


def test_cli_reads_the_new_formats_and_names_a_file_it_cannot(tmp_path):
    import json
    import sys

    md = _write(tmp_path, "纪要.md", MD)
    book = _workbook(tmp_path / "清单.xlsx")
    bad = _write(tmp_path, "坏.xlsx", b"not a zip")
    env = dict(os.environ, PATH=str(tmp_path))  # no converter on PATH
    doc = _write(tmp_path, "旧.doc", b"\xd0\xcf\x11\xe0")
    r = subprocess.run([sys.executable, "-m", "analyzer", "analyze", "--no-tokens", str(md), str(bad), str(book),
                        str(doc)], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [
        f"error: {bad}: is not an Excel .xlsx workbook (not a zip archive)",
        f"error: {doc}: cannot read Word 97-2003 .doc files: no converter is installed "
        "(install LibreOffice (soffice) or antiword, or save the file as .docx)"]
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(d["id"], d["meta"]["format"]) for d in out] == [("纪要.md", "md"), ("清单.xlsx", "xlsx")]
    assert out[0]["meta"]["date"] == "2023-04-14"
