"""PDF and page images as inputs (issue 17): layout tables, PDFs typeset here
from a text written for the test, OCR of rendered pages, batch and ledger."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.formats import layout
from analyzer.formats.layout import Line, Page, assemble, furniture, joins_next
from analyzer.ledger.build import build_ledger
from analyzer.ledger.export import source_text
from analyzer.pipeline import Options, analyze
from analyzer.readers import InputError, read_path, texts_from_bytes

sys.path.insert(0, str(Path(__file__).parent))
from typeset import cjk_font, render_pages, typeset_pdf  # noqa: E402

# A notice written for these tests: headings of three levels, long
# paragraphs that wrap over lines and pages, directives with time limits.
NOTICE = "\n".join([
    "关于做好第二季度营商环境问题整改工作的通知",
    "各乡镇人民政府，县政府各部门：",
    "为切实解决企业群众反映强烈的办事难、办事慢问题，经县政府同意，现就做好第二季度整改工作通知如下，"
    "请各单位结合本地本部门实际，认真抓好贯彻落实，确保各项整改措施在规定时限内落地见效。",
    "一、明确整改重点",
    "（一）压缩审批时限",
    "县行政审批服务局要牵头梳理全县政务服务事项清单，逐项压减承诺办理时限，6月底前完成清单公布工作，"
    "各乡镇要同步调整便民服务中心办事指南，不得擅自增加申请材料和办理环节。",
    "（二）清理拖欠账款",
    "县财政局要会同县工信局全面排查机关事业单位拖欠中小企业账款情况，建立台账，实行销号管理，"
    "2025年9月30日前全部清偿到位，对恶意拖欠的单位要严肃追责问责。",
    "二、强化工作保障",
    "1.各单位主要负责同志要亲自研究部署，每月25日前将整改进展报送县优化营商环境工作领导小组办公室。",
    "2.县纪委监委要加强监督检查，对整改不力、敷衍塞责的要约谈提醒，确保整改工作取得实实在在的成效。",
] + [f"第{n}片区的市场监管所要持续开展涉企违规收费专项检查，严禁借培训、评比、认证等名义向企业收取费用，"
     "发现一起查处一起，并于每季度末向社会公开检查结果，接受企业和群众监督。" for n in range(3, 15)] + [
    "县人民政府办公室",
    "2025年4月8日",
])

DIRECTIVE_TEXTS_MIN = 8


def _pdf(tmp_path, text=NOTICE, name="notice.pdf", **kw) -> Path:
    pytest.importorskip("reportlab", reason="reportlab (the test extra) typesets the test PDFs")
    path = tmp_path / name
    typeset_pdf(text, path, **kw)
    return path


def _doc(path: Path):
    (item,) = read_path(path)
    return analyze(item, Options(tokens=False))


def _line(text, left=0.0, right=100.0, top=0.0, conf=None):
    return Line(text, left, right, top, top + 10.0, conf)


# --- tables: layout ---------------------------------------------------------------

@pytest.mark.parametrize("text,is_number", [
    ("- 3 -", True), ("—12—", True), ("3", True), ("第3页 共12页", True), ("第 3 页", True),
    ("共12页 第3页", True), ("3/12", True), ("Page 3 of 12", True),
    ("3. 工作要求", False), ("2025年", False), ("第三章", False), ("- 3 - 附件", False),
])
def test_page_number_forms(text, is_number):
    assert bool(layout.PAGE_NUMBER_RE.match(text)) is is_number


def _pages(*pages):
    """Pages of lines 10 apart; the first and the last line stand 30 apart
    from the others, where headers and footers stand."""
    def top(i, n):
        return 10.0 * i + (20 if i > 0 else 0) + (20 if i == n - 1 else 0)
    return [Page(n, [_line(t, top=top(i, len(lines))) for i, t in enumerate(lines)], 800.0)
            for n, lines in enumerate(pages, 1)]


@pytest.mark.parametrize("pages,expected", [
    # a running header on every page, page numbers at the foot
    ((["某县人民政府文件", "正文一", "正文二", "- 1 -"], ["某县人民政府文件", "正文三", "正文四", "- 2 -"]),
     {(0, 0): "running-header", (0, 3): "page-number", (1, 0): "running-header", (1, 3): "page-number"}),
    # a footer whose page number changes still repeats once digits are masked
    ((["正文一", "正文二", "正文三", "第1页 共2页"], ["正文四", "正文五", "正文六", "第2页 共2页"]),
     {(0, 3): "page-number", (1, 3): "page-number"}),
    ((["正文一", "正文二", "正文三", "内部资料 第1页"], ["正文四", "正文五", "正文六", "内部资料 第2页"]),
     {(0, 3): "running-footer", (1, 3): "running-footer"}),
    # one page: a title is not a running header; a line in the middle never is furniture
    ((["关于整改工作的通知", "正文一", "3", "正文二", "正文三"],), {}),
    # the same body line at the foot of two pages, above the page number, is body
    ((["正文一", "正文二", "同一句话。", "- 1 -"], ["正文三", "正文四", "同一句话。", "- 2 -"]),
     {(0, 3): "page-number", (1, 3): "page-number"}),
])
def test_furniture(pages, expected):
    assert furniture(_pages(*pages)) == expected


@pytest.mark.parametrize("line,nxt,joined", [
    (_line("各单位要认真落实整改责任，确保按期", right=98), _line("完成。"), True),
    (_line("各单位要认真落实整改责任。", right=60), _line("下一段开始。"), False),        # short: a paragraph ends
    (_line("一、明确整改重点", right=98), _line("（一）压缩审批时限"), False),         # the next is a heading
    (_line("要抓好以下工作，做到全面覆盖，", right=98), _line("1.建立台账。"), False),  # an item
    (_line("要抓好以下工作，做到全面覆盖，", right=98), _line("\u3000\u3000新段落。"), False),  # indented
    (_line("要抓好以下工作，做到全面覆盖，", right=98), _line("新段落。", left=30), False),
    (_line("按照相关规定组织", right=80), _line("(zhì)定方案。"), True),  # a Latin word that did not fit
    (_line("是推动工作的有效方", right=60), _line("式(shì)不牢。"), True),  # Latin stuck to a character
    (_line("是推动工作的有效方", right=60), _line("式不牢。"), False),
])
def test_joins_next(line, nxt, joined):
    assert joins_next(line, 100.0, nxt, 0.0, 10.0) is joined


def test_assemble_edits_map_back_and_low_confidence_is_damage():
    pages = [Page(1, [_line("抬头", right=20, conf=0.99), _line("要认真落实整改", right=99, top=20, conf=0.95),
                      _line("责任。", right=30, top=30, conf=0.9), _line("噪点", top=40, conf=0.2)], 800.0, ocr=True)]
    out = assemble(pages)
    damaged = [e for e in out.edits if e.kind == "damaged"]
    assert [out.text[e.start:e.end] for e in damaged] == ["噪点"]
    assert damaged[0].detail["confidence"] == 0.2
    joins = [e for e in out.edits if e.kind is None]
    assert [out.text[e.start:e.end] for e in joins] == ["\n"]
    assert [(p, out.text[s:e], c) for p, s, e, c in out.lines][1] == (1, "要认真落实整改", 0.95)


@pytest.mark.parametrize("read,fixed", [
    (['树立“一盘棋"思想'], ["树立“一盘棋”思想"]),
    (['做到"两个维护"，落实"三张清单"'], ["做到“两个维护”，落实“三张清单”"]),
    (['采取“挂图作战“方式'], ["采取“挂图作战”方式"]),          # ” read as “
    (['要树立“一盘', '棋"思想'], ["要树立“一盘", "棋”思想"]),   # a quote running on to the next line
    (['say "yes"'], ['say "yes"']),                               # no Chinese: left alone
])
def test_ocr_quotes_back_to_chinese(read, fixed):
    from analyzer.formats.ocr import chinese_quotes

    assert chinese_quotes(read) == fixed


@pytest.mark.parametrize("text,cut", [
    ("紀(ji)委書記在督查動(dong)員部署會(hui)上", ["(ji)", "(dong)", "(hui)"]),
    ("紀(ji)委書記在督查動(dong)員部署會上", []),               # two are not a page of ruby
    ("世界卫生组织(who)、乡镇(街道)、(一)、通知(2165字)、A(ji)B(ji)C(ji)", []),
])
def test_ocr_toneless_ruby(text, cut):
    from analyzer.formats.ocr import ruby_edits

    assert [text[e.start:e.end] for e in ruby_edits(text)] == cut


@pytest.mark.parametrize("mode,colour,seen", [
    ("RGBA", (0, 0, 0, 0), (255, 255, 255)),        # transparent: paper, not black
    ("RGBA", (0, 0, 0, 255), (0, 0, 0)),            # ink stays ink
    ("L", 200, (200, 200, 200)),
])
def test_images_are_seen_on_white_paper(mode, colour, seen):
    Image = pytest.importorskip("PIL.Image", reason="Pillow (the ocr extra) reads images")
    from analyzer.formats.ocr import _on_paper

    assert _on_paper(Image.new(mode, (4, 4), colour)).getpixel((0, 0)) == seen


# --- PDF with a text layer ---------------------------------------------------------

def test_pdf_reads_like_its_text(tmp_path):
    doc = _doc(_pdf(tmp_path, footer="第{page}页 共{pages}页"))
    txt = analyze(NOTICE, Options(tokens=False))
    assert doc.meta["format"] == "pdf"
    assert len(doc.pages) >= 2
    furniture_rm = [r for r in doc.removed if r["kind"] == "page_furniture"]
    assert {r["rule"] for r in furniture_rm} == {"running-header", "page-number"}
    assert len(furniture_rm) == 2 * len(doc.pages)
    assert "某市人民政府办公室文件" not in doc.text and "共" + str(len(doc.pages)) + "页" not in doc.text
    # every directive of the text, whole: lines and pages joined, headings not
    assert [d.text for d in doc.directives] == [d.text for d in txt.directives]
    assert len(doc.directives) >= DIRECTIVE_TEXTS_MIN
    assert [s.label for s in doc.outline.all_sections()] == [s.label for s in txt.outline.all_sections()]
    assert {t.text for t in doc.time_limits} >= {"6月底前", "2025年9月30日前", "每月25日前"}


def test_pdf_pages_cover_the_text_in_order(tmp_path):
    doc = _doc(_pdf(tmp_path))
    assert doc.pages[0]["start"] == 0 and doc.pages[-1]["end"] == len(doc.text)
    for a, b in zip(doc.pages, doc.pages[1:]):
        assert a["end"] == b["start"] and a["page"] + 1 == b["page"]
    out = doc.to_dict()
    assert out["pages"] == doc.pages
    assert "pages" not in analyze(NOTICE, Options(tokens=False)).to_dict()   # text inputs unchanged


def test_ledger_source_names_the_page(tmp_path):
    doc = _doc(_pdf(tmp_path))
    ledger = build_ledger([doc])
    pages = [s.page for r in ledger.rows for s in r.sources]
    assert pages and all(p is not None for p in pages) and max(pages) > 1
    src = next(s for r in ledger.rows for s in r.sources if s.page and s.page > 1)
    # as a clerk cites it: file, section, then the page and paragraph (ledger/cite.py)
    assert source_text(src).splitlines()[0] == "notice.pdf"
    assert f"第{src.page}页" in source_text(src) and f"p. {src.page}," in source_text(src, "en")
    assert src.to_dict()["page"] == src.page


def test_two_columns_read_column_by_column(tmp_path):
    doc = _doc(_pdf(tmp_path, columns=2))
    txt = analyze(NOTICE, Options(tokens=False))
    assert [d.text for d in doc.directives] == [d.text for d in txt.directives]


def test_pdfs_read_in_threads_read_alike(tmp_path):
    """pdfium is not thread-safe; the web page reads uploads in threads."""
    from concurrent.futures import ThreadPoolExecutor

    data = _pdf(tmp_path).read_bytes()
    with ThreadPoolExecutor(4) as pool:
        texts = list(pool.map(lambda _: next(texts_from_bytes(data, "n.pdf")).text, range(8)))
    assert len(set(texts)) == 1 and "县行政审批服务局" in texts[0]


@pytest.mark.parametrize("data,problem", [
    (b"%PDF-1.4 broken", "not a readable PDF"),
    (b"", "not a readable PDF"),
])
def test_bad_pdf_is_one_line_naming_it(data, problem):
    with pytest.raises(InputError) as exc:
        list(texts_from_bytes(data, "坏.pdf"))
    assert str(exc.value).startswith("坏.pdf: ") and problem in str(exc.value) and "\n" not in str(exc.value)


def test_scanned_pdf_without_ocr_names_the_extra(tmp_path, monkeypatch):
    pytest.importorskip("reportlab", reason="reportlab (the test extra) typesets the test PDFs")
    from reportlab.pdfgen import canvas

    from analyzer.formats import ocr

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 200, 200, fill=1)     # a page with no text layer
    c.showPage()
    c.save()

    def missing():
        raise ImportError("No module named 'rapidocr_onnxruntime'")

    monkeypatch.setattr(ocr, "_engine", missing)
    with pytest.raises(InputError) as exc:
        list(read_path(path))
    assert "pip install '.[ocr]'" in str(exc.value) and str(exc.value).startswith(str(path))


# --- batch ---------------------------------------------------------------------------

def test_batch_reads_pdfs_and_names_what_it_skips(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _pdf(folder)
    (folder / "notes.xyz").write_text("x", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = CliRunner().invoke(main, ["batch", str(folder), "-o", str(out), "-j", "1"])
    assert r.exit_code == 0, r.output
    (rec,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rec["meta"]["format"] == "pdf" and rec["pages"]
    assert f"skipped: {folder / 'notes.xyz'}: unsupported file type '.xyz'" in r.output
    assert "1 ok, 0 failed, 1 files not read" in r.output


# --- web --------------------------------------------------------------------------------

def test_web_page_takes_a_pdf_and_shows_its_furniture(tmp_path):
    pytest.importorskip("flask", reason="the web page needs the web extra")
    import html
    import io

    from analyzer.web.app import create_app

    client = create_app().test_client()
    form = client.get("/")
    assert ".pdf" in form.text and ".png" in form.text           # the file picker offers them
    data = {"files": [(io.BytesIO(_pdf(tmp_path).read_bytes()), "notice.pdf")], "text": "", "ref_date": ""}
    r = client.post("/analyze", data=data, content_type="multipart/form-data")
    assert r.status_code == 303, r.data[:300]
    import re

    page = html.unescape(re.sub(r"<[^>]+>", "", client.get(r.headers["Location"]).text))
    assert "县行政审批服务局要牵头梳理" in page and "页眉、页脚和页码" in page


# --- OCR -----------------------------------------------------------------------------

def _need_ocr():
    pytest.importorskip("rapidocr_onnxruntime", reason="the ocr extra (pip install '.[ocr]') is not installed")
    pytest.importorskip("PIL", reason="Pillow renders the test pages")
    font = cjk_font()
    if font is None:
        pytest.skip("no CJK font to render test pages (apt-get install fonts-noto-cjk)")
    return font


def _same(expected: list[str], got: list[str]) -> float:
    import difflib

    hits = sum(1 for t in expected if any(difflib.SequenceMatcher(None, t, g).ratio() >= 0.9 for g in got))
    return hits / max(1, len(expected))


@pytest.mark.slow
def test_page_image_gives_the_directives_of_its_text(tmp_path):
    font = _need_ocr()
    text = NOTICE[:500]
    (image,) = render_pages(text, font)          # one page: all of the text is on it
    path = tmp_path / "page.png"
    image.save(path)
    doc = _doc(path)
    want = [d.text for d in analyze(text, Options(tokens=False)).directives]
    assert doc.meta["format"] == "image" and doc.meta["ocr"] == "rapidocr-onnxruntime"
    assert _same(want, [d.text for d in doc.directives]) >= 0.9
    lines = doc.pages[0]["lines"]
    assert lines and all(0.5 <= ln["confidence"] <= 1 for ln in lines)


@pytest.mark.slow
def test_scanned_pdf_is_read_by_ocr(tmp_path):
    font = _need_ocr()
    pytest.importorskip("reportlab", reason="reportlab (the test extra) makes the scanned PDF")
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    text = NOTICE[:400]
    (image,) = render_pages(text, font)
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.drawImage(ImageReader(image), 0, 0, 595, 842)
    c.showPage()
    c.save()
    doc = _doc(path)
    want = [d.text for d in analyze(text, Options(tokens=False)).directives]
    assert doc.meta["ocr"] == "rapidocr-onnxruntime" and doc.pages[0]["lines"]
    assert _same(want, [d.text for d in doc.directives]) >= 0.9


def test_unreadable_image_is_one_line(tmp_path):
    pytest.importorskip("rapidocr_onnxruntime", reason="the ocr extra (pip install '.[ocr]') is not installed")
    with pytest.raises(InputError) as exc:
        list(texts_from_bytes(b"not an image", "photo.png"))
    assert str(exc.value).startswith("photo.png: is not a readable image")


# --- held-out: the seeds through PDF and page images ---------------------------------

def _directives(path_or_text) -> list[str]:
    if isinstance(path_or_text, Path):
        return [d.text for d in _doc(path_or_text).directives]
    return [d.text for d in analyze(path_or_text, Options(tokens=False)).directives]


def _found(want: list[str], got: list[str]) -> int:
    from collections import Counter

    left = Counter(got)
    n = 0
    for t in want:
        if left[t] > 0:
            left[t] -= 1
            n += 1
    return n


@pytest.mark.slow
def test_seeds_through_pdf_give_the_directives_of_their_text(seeds, tmp_path):
    pytest.importorskip("reportlab", reason="reportlab (the test extra) typesets the test PDFs")
    want = found = 0
    for name, text in seeds.items():
        expected = _directives(text)
        pdf = tmp_path / (name + ".pdf")
        typeset_pdf(text, pdf)
        want += len(expected)
        found += _found(expected, _directives(pdf))
    assert want and found / want >= 0.98


@pytest.mark.slow
def test_seed_pages_through_ocr_give_the_directives_of_their_text(seeds, tmp_path):
    """The first two pages of each seed (OCR costs seconds a page), as a
    two-page TIFF.
    Seeds whose text carries pinyin ruby over its characters (a scraped web
    page: `紀(jì)委`) are left out: the OCR drops the character under the
    pinyin (`，(zé)成` for `責(zé)成`), and no office scans such a page; their
    figure is in docs/PDF_OCR.md."""
    font = _need_ocr()
    want = hits = 0
    for name, text in seeds.items():
        kept = tmp_path / (name + ".page.txt")
        kept.write_text(text[:900], encoding="utf-8")   # the same cut, read as text
        doc = _doc(kept)
        if sum(r["kind"] == "pinyin" for r in doc.removed) >= 3:
            continue
        first, *more = render_pages(text[:900], font)
        path = tmp_path / (name + ".tif")
        first.save(path, save_all=True, append_images=more, compression="tiff_deflate")
        expected = [d.text for d in doc.directives]
        want += len(expected)
        hits += round(_same(expected, _directives(path)) * len(expected))
    if not want:
        pytest.skip("no seed without pinyin ruby has a directive on its first page")
    assert hits / want >= 0.9
