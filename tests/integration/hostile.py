"""Hostile and malformed inputs, written to a folder on demand.

``make_all(folder)`` writes every case and returns the list of ``Case``s; each
says what the command line must do with it: ``ok`` (exit 0, a record whose
text passes ``check``), ``refused`` (a non-zero exit and one line naming the
file), and for JSON Lines how many records must come out and how many must be
reported as errors.  ``tests/test_hostile.py`` runs them through `analyze`,
`batch` and `issues`; ``python tests/hostile.py FOLDER`` only writes them (for
trying them by hand).

All text here is written for this file: short official-style sentences, not
taken from any document.
"""
from __future__ import annotations

import codecs
import io
import json
import os
import random
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

# A short speech of our own: a greeting, two numbered sections, directives
# with parties and deadlines, a closing.
SPEECH = ("同志们：\n"
          "今天召开全市整改工作推进会，主要任务是部署下一阶段工作。\n"
          "一、提高思想认识\n"
          "各级党组织要切实履行主体责任，在6月底前完成自查。\n"
          "二、狠抓问题整改\n"
          "市纪委监委要加强监督检查，严禁弄虚作假，年底前全部整改到位。\n"
          "我就讲这些，谢谢大家。\n")
SENTENCE = "各单位要在年底前完成整改任务。"
TRAD = "各單位要在年底前完成整改任務，嚴禁弄虛作假。\n"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')


def document_xml(body: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def write_docx(path: Path, parts: dict[str, str | bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def docx_parts(document: str) -> dict[str, str]:
    return {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "word/document.xml": document}


@dataclass
class Case:
    name: str
    filename: str                      # relative to the case folder (may hold odd characters)
    make: Callable[[Path], None]
    expect: str                        # "ok" | "refused" | "records" (JSON Lines: see below)
    check: Callable[[str], bool] | None = None   # on the analyzed text (expect == "ok")
    records: int = 0                   # JSON Lines: records that must be analyzed
    bad_records: int = 0               # JSON Lines: records that must be reported as errors
    absent: tuple[str, ...] = ()       # strings that must not appear in any output
    root_skips: bool = False           # meaningless as root (root reads anything)
    heavy: bool = False                # seconds of work: left out of the shared batch run
    batch_walks: bool = False          # batch treats it as a folder (nothing to refuse)
    note: str = ""
    path: Path = field(default=None)   # set by make_all

    @property
    def refused(self) -> bool:
        return self.expect == "refused"


def _text(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.write_bytes(text.encode(encoding))


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


# --- Word files -------------------------------------------------------------

def _docx_bomb(path: Path, size: int = 1 << 30) -> None:
    """A .docx whose word/document.xml inflates to ``size`` bytes of zeros
    (about a megabyte packed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        block = b"\0" * (1 << 20)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(size // len(block)):
                fh.write(block)


def _docx_lying_size(path: Path) -> None:
    """A .docx whose directory says word/document.xml is 200 bytes while its
    data inflates to 20 MB: the reader must stop at the stated size."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in docx_parts(document_xml(para(SENTENCE) * 200_000)).items():
            zf.writestr(name, data)
    data = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    real = info.file_size.to_bytes(4, "little")
    fake = (200).to_bytes(4, "little")
    # the uncompressed size sits in the local header (offset 22) and the
    # central directory entry (offset 24) of the part
    local = info.header_offset
    assert data[local + 22:local + 26] == real
    data[local + 22:local + 26] = fake
    central = data.find(b"word/document.xml", data.find(b"PK\x01\x02")) - 46
    assert data[central:central + 4] == b"PK\x01\x02" and data[central + 24:central + 28] == real
    data[central + 24:central + 28] = fake
    path.write_bytes(bytes(data))


def _docx_zip_version(path: Path) -> None:
    """A .docx whose directory asks for zip version 25.5 (found by fuzzing:
    zipfile raises NotImplementedError, not BadZipFile)."""
    write_docx(path, docx_parts(document_xml(para(SENTENCE))))
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 6:central + 8] = (255).to_bytes(2, "little")   # version needed to extract
    path.write_bytes(bytes(data))


def _billion_laughs() -> str:
    ents = ['<!ENTITY lol0 "哈哈哈哈哈哈哈哈哈哈">']
    ents += [f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
    doctype = f"<!DOCTYPE w:document [{''.join(ents)}]>"
    return document_xml(para("&lol9;") + para(SENTENCE), doctype)


def _xxe(target: str) -> str:
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{target}">]>'
    return document_xml(para("&xxe;") + para(SENTENCE), doctype)


def _deep_xml(depth: int) -> str:
    return document_xml("<w:p>" + "<w:r>" * depth + f"<w:t>{SENTENCE}</w:t>" + "</w:r>" * depth + "</w:p>")


def _nested_tables(depth: int) -> str:
    inner = para(SENTENCE)
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl>{para('')}"
    return document_xml(inner)


# --- JSON Lines ---------------------------------------------------------------

def _jsonl_mixed(path: Path) -> None:
    lines = [
        json.dumps({"id": "good-1", "text": SENTENCE}, ensure_ascii=False),
        "{not json at all",
        "[1, 2, 3]",
        '"just a string"',
        "42",
        "null",
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "text-number", "text": 12345}),
        json.dumps({"id": "text-list", "text": ["要", "整改"]}),
        json.dumps({"id": "date-number", "text": SENTENCE, "date": 20240101}),
        json.dumps({"id": "good-2", "text": "市直各部门要加强督办，每月通报一次。"}, ensure_ascii=False),
        '{"id": "trailing-garbage", "text": "要整改"} extra',
        '{"id": "nan", "text": NaN}',
        "\x00\x01\x02",
        json.dumps({"id": "good-3", "text": "", "date": "2024-02-30"}),
        "[" * 100_000,                                        # nested beyond any parser's stack
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _jsonl_ids(path: Path) -> None:
    lines = [
        '{"id": %s, "text": "各单位要认真整改。"}' % ("9" * 5000),        # beyond int-string limits
        '{"id": %s, "text": "各单位要认真整改。"}' % ("1" + "0" * 400 + ".5e999"),  # a float that overflows
        '{"id": -0.0, "text": "各单位要认真整改。"}',
        json.dumps({"id": "x" * 200_000, "text": "各单位要在月底前整改。"}, ensure_ascii=False),
        json.dumps({"id": {"nested": [1, 2]}, "text": "区委要牵头抓总。"}, ensure_ascii=False),
        json.dumps({"id": None, "text": "镇党委要配合落实。"}, ensure_ascii=False),
        json.dumps({"id": True, "text": "街道要按时上报。"}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _jsonl_duplicates(path: Path) -> None:
    rec = {"id": "same", "text": SENTENCE}
    lines = [json.dumps(rec, ensure_ascii=False),
             json.dumps({"id": "same", "text": "市委要统筹协调。"}, ensure_ascii=False),
             json.dumps(rec, ensure_ascii=False),           # the very same record again
             json.dumps(rec, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _jsonl_surrogates(path: Path) -> None:
    lines = ['{"id": "lone-high", "text": "各单位要\\ud800整改。"}',
             '{"id": "lone-low-\\udc80", "text": "\\udfff要在年底前完成。"}',
             '{"id": "pair", "text": "要整改\\ud83d\\ude00。"}',
             '{"id": "reversed", "text": "要整改\\ude00\\ud83d。", "date": "2024-\\ud800"}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _jsonl_utf16(path: Path) -> None:
    lines = [json.dumps({"id": "u16-a", "text": SENTENCE}, ensure_ascii=False),
             json.dumps({"id": "u16-b", "text": "各部门要狠抓落实。"}, ensure_ascii=False)]
    path.write_bytes(codecs.BOM_UTF16_LE + "\n".join(lines).encode("utf-16-le"))


def _jsonl_blank_and_crlf(path: Path) -> None:
    rec = json.dumps({"id": "crlf", "text": SENTENCE}, ensure_ascii=False)
    path.write_bytes(b"\xef\xbb\xbf\r\n   \r\n" + rec.encode() + b"\r\n\r\n")


# --- Plain text ---------------------------------------------------------------

def _random_binary(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(200_000))


def _nul_laden(path: Path) -> None:
    path.write_bytes(b"\x00".join(ch.encode("utf-8") for ch in SPEECH))


def _few_nuls(path: Path) -> None:
    path.write_bytes(SPEECH.encode("utf-8").replace("。".encode(), "。\x00".encode(), 2))


def _mixed_encodings(path: Path) -> None:
    path.write_bytes(SPEECH.encode("utf-8") + SPEECH.encode("gb18030"))


def _huge_line(path: Path, size: int = 5 << 20) -> None:
    unit = SPEECH.replace("\n", "").encode("utf-8")
    path.write_bytes(unit * (size // len(unit) + 1))


def _joined_speeches(path: Path, n: int = 800) -> None:
    one = ("同志们：\n今天召开第{i}次整改工作会议。\n一、统一思想\n各单位要在{m}月底前完成自查。\n"
           "二、压实责任\n各级党组织要履行主体责任。\n我就讲这些，谢谢大家。\n")
    path.write_text("".join(one.format(i=i, m=i % 12 + 1) for i in range(n)), encoding="utf-8")


def _repeat(unit: str, n: int = 1_000_000) -> Callable[[Path], None]:
    return lambda p: p.write_text(unit * n, encoding="utf-8")


def _html(body: str) -> Callable[[Path], None]:
    return lambda p: p.write_text(body, encoding="utf-8")


def _deep_html(path: Path, depth: int = 100_000) -> None:
    path.write_text("<html><body>" + "<div><span>" * depth + SENTENCE + "</span></div>" * depth
                    + "</body></html>", encoding="utf-8")


def _dir_named_txt(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text(SENTENCE, encoding="utf-8")


def _unreadable(path: Path) -> None:
    path.write_text(SENTENCE, encoding="utf-8")
    path.chmod(0)


def _has(*needles: str) -> Callable[[str], bool]:
    return lambda text: all(n in text for n in needles)


def cases() -> list[Case]:
    long_attr = "x" * (10 << 20)
    return [
        # Word files
        Case("docx-not-zip", "not-a-zip.docx", _bytes("这不是Word文件。".encode()), "refused"),
        Case("docx-zip-bomb", "bomb.docx", _docx_bomb, "refused", note="1 GB of zeros packed into ~1 MB"),
        Case("docx-lying-size", "lying-size.docx", _docx_lying_size, "refused",
             note="stated size 200 bytes, data 20 MB"),
        Case("docx-zip-version", "zip-version.docx", _docx_zip_version, "refused", note="found by fuzzing"),
        Case("docx-no-document-xml", "no-document.docx",
             lambda p: write_docx(p, {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS}), "refused"),
        Case("docx-document-not-xml", "garbage-document.docx",
             lambda p: write_docx(p, {**docx_parts(""), "word/document.xml": b"\x00\xff not xml"}), "refused"),
        Case("docx-truncated", "truncated.docx",
             lambda p: (write_docx(p, docx_parts(document_xml(para(SENTENCE)))),
                        p.write_bytes(p.read_bytes()[:-40])), "refused"),
        Case("docx-billion-laughs", "laughs.docx", lambda p: write_docx(p, docx_parts(_billion_laughs())),
             "refused", note="entities are never expanded"),
        Case("docx-external-entity", "xxe.docx",
             lambda p: write_docx(p, docx_parts(_xxe("file:///etc/passwd"))), "ok", _has("年底前"),
             absent=("root:",), note="the entity is left unresolved: /etc/passwd is never read"),
        Case("docx-deep-xml", "deep.docx", lambda p: write_docx(p, docx_parts(_deep_xml(100_000))), "refused",
             note="100k nested elements"),
        Case("docx-nested-tables", "nested-tables.docx",
             lambda p: write_docx(p, docx_parts(_nested_tables(60))), "ok", _has("年底前")),
        Case("docx-good", "good.docx", lambda p: write_docx(p, docx_parts(document_xml(
            "".join(para(line) for line in SPEECH.splitlines())))), "ok", _has("6月底前", "谢谢大家")),
        # HTML
        Case("html-script-style", "script.html", _html(
            "<html><head><style>p{color:red}/* 样式里的要求要删除 */</style>"
            "<script>var s='脚本里的要求要删除'; if (a<b) {}</script></head><body>"
            f"<p>{SENTENCE}</p><script>document.write('<p>动态文字要删除</p>')</script>"
            "<noscript>请打开脚本</noscript></body></html>"), "ok", _has("年底前"),
             absent=("样式里的", "脚本里的", "动态文字")),
        Case("html-huge-attribute", "attr.html",
             _html(f'<html><body><div title="{long_attr}">{SENTENCE}</div>'
                   f'<meta name="description" content="{long_attr}"></body></html>'),
             "ok", _has("年底前"), note="10 MB attribute values"),
        Case("html-unterminated-attribute", "open-attr.html",
             _html(f'<html><body><p>{SENTENCE}</p><a href="{long_attr}'), "ok", _has("年底前")),
        Case("html-unclosed-tags", "unclosed.html",
             _html("<html><body>" + f"<div><p><b><i>{SENTENCE}" * 2000 + "<p"), "ok", _has("年底前")),
        Case("html-deep-nesting", "deep.html", _deep_html, "ok", _has("年底前"), note="100k levels"),
        Case("html-bad-charset", "charset.html",
             lambda p: p.write_bytes(b'<meta charset="no-such-charset">' + f"<p>{SENTENCE}</p>".encode("gb18030")),
             "ok", _has("年底前")),
        Case("html-comment-bomb", "comments.html",
             _html("<!--" * 200_000 + f"<p>{SENTENCE}</p>"), "ok"),
        # Files that are not files
        Case("dir-named-txt", "folder.txt", _dir_named_txt, "refused", batch_walks=True),
        Case("broken-symlink", "broken-link.txt", lambda p: p.symlink_to(p.parent / "no-such-target.txt"),
             "refused"),
        Case("symlink-loop", "loop-a.txt", lambda p: (p.symlink_to(p.parent / "loop-b.txt"),
                                                       (p.parent / "loop-b.txt").symlink_to(p)), "refused"),
        Case("unreadable", "unreadable.txt", _unreadable, "refused", root_skips=True),
        Case("fifo", "pipe.txt", lambda p: os.mkfifo(p), "refused", note="a named pipe would block a reader"),
        # Empty and blank
        Case("empty-txt", "empty.txt", _bytes(b""), "ok", lambda t: t == ""),
        Case("empty-html", "empty.html", _bytes(b""), "ok", lambda t: t == ""),
        Case("empty-docx", "empty.docx", _bytes(b""), "refused"),
        Case("empty-jsonl", "empty.jsonl", _bytes(b""), "records", records=0),
        Case("whitespace-only", "blank.txt", _bytes(" \n\t\r\n\u3000\n".encode()), "ok",
             lambda t: t.strip() == ""),
        Case("blank-jsonl", "blank.jsonl", _jsonl_blank_and_crlf, "records", records=1),
        # Encodings
        Case("utf16-le-no-bom", "u16le.txt", lambda p: _text(p, SPEECH, "utf-16-le"), "ok", _has("6月底前")),
        Case("utf16-be-no-bom", "u16be.txt", lambda p: _text(p, SPEECH, "utf-16-be"), "ok", _has("6月底前")),
        Case("utf16-bom", "u16bom.txt", lambda p: _text(p, SPEECH, "utf-16"), "ok", _has("6月底前")),
        Case("utf32-bom", "u32bom.txt", lambda p: _text(p, SPEECH, "utf-32"), "ok", _has("6月底前")),
        Case("utf32-le-no-bom", "u32le.txt", lambda p: _text(p, SPEECH, "utf-32-le"), "ok", _has("6月底前")),
        Case("gb18030", "gb.txt", lambda p: _text(p, SPEECH, "gb18030"), "ok", _has("6月底前")),
        Case("big5", "big5.txt", lambda p: _text(p, TRAD, "big5"), "ok", _has("年底前")),
        Case("random-binary", "random.txt", _random_binary, "refused"),
        Case("random-binary-html", "random.html", _random_binary, "refused"),
        Case("nul-laden", "nul.txt", _nul_laden, "refused", note="a NUL after every character"),
        Case("few-nuls", "few-nul.txt", _few_nuls, "ok", _has("6月底前")),
        Case("truncated-utf8", "truncated.txt", lambda p: p.write_bytes(SPEECH.encode()[:-2]), "ok",
             _has("6月底前")),
        Case("mixed-encodings", "mixed.txt", _mixed_encodings, "ok", _has("6月底前")),
        Case("bad-bom", "bad-bom.txt", _bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd" + SPEECH.encode("gb18030")),
             "refused"),
        # Names
        Case("newline-name", "line\nbreak\r名.txt", lambda p: _text(p, SPEECH), "ok", _has("6月底前")),
        Case("odd-unicode-name", "\u202e右到左\u200b\u0301名.txt", lambda p: _text(p, SPEECH), "ok",
             _has("6月底前")),
        Case("undecodable-name", os.fsdecode(b"\xff\xfe-bytes.txt"), lambda p: _text(p, SPEECH), "ok",
             _has("6月底前")),
        Case("dash-name", "-n.txt", lambda p: _text(p, SPEECH), "ok", _has("6月底前")),
        # JSON Lines
        Case("jsonl-mixed", "mixed.jsonl", _jsonl_mixed, "records", records=3, bad_records=13),
        Case("jsonl-ids", "ids.jsonl", _jsonl_ids, "records", records=7),
        Case("jsonl-duplicate-ids", "dups.jsonl", _jsonl_duplicates, "records", records=4),
        Case("jsonl-lone-surrogates", "surrogates.jsonl", _jsonl_surrogates, "records", records=4),
        Case("jsonl-utf16", "u16.jsonl", _jsonl_utf16, "records", records=2),
        Case("jsonl-binary", "binary.jsonl", _random_binary, "refused"),
        # Characters
        Case("rtl-zero-width-combining", "marks.txt", lambda p: _text(
            p, "\u202e各单位\u200b要在\u200d年底前\ufeff完成\u0301\u0301\u0301整改。\u2067عربي\u2069\n"
               + "\u0300" * 10_000 + "\n" + "\ufe0f" * 5000), "ok"),
        Case("control-chars", "controls.txt", lambda p: _text(
            p, SPEECH.replace("\n", "\x0b\x0c\x1c\x85\u2028\u2029\n")), "ok", _has("6月底前")),
        # Sizes and regex-hostile repetitions
        Case("5mb-one-line", "one-line.txt", _huge_line, "ok", _has("6月底前"), note="5 MB, no line break"),
        Case("repeat-yi", "repeat-yi.txt", _repeat("一、"), "ok", note="1e6 × 一、", heavy=True),
        Case("repeat-paren-yi", "repeat-paren.txt", _repeat("（一）"), "ok", note="1e6 × （一）", heavy=True),
        Case("repeat-yao", "repeat-yao.txt", _repeat("要"), "ok", note="1e6 × 要", heavy=True),
        Case("repeat-niandi", "repeat-niandi.txt", _repeat("年底前"), "ok", note="1e6 × 年底前", heavy=True),
        Case("repeat-yi-sentence", "repeat-yi-sentence.txt", _repeat("一、要。", 100_000), "ok", heavy=True),
        Case("repeat-lines", "repeat-lines.txt", _repeat("一、要在年底前完成\n", 50_000), "ok", heavy=True),
        Case("800-joined-speeches", "joined.txt", _joined_speeches, "ok", _has("谢谢大家"),
             note="800 speeches run together"),
    ]


def make_all(folder: Path, *, names: set[str] | None = None) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for case in cases():
        if names is not None and case.name not in names:
            continue
        case.path = folder / case.filename
        if case.root_skips and os.geteuid() == 0:
            continue
        case.make(case.path)
        out.append(case)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-inputs")
    for c in make_all(target):
        print(f"{c.name:28} {c.expect:8} {c.filename!r}")
