"""Export the rectification list where staff work: Excel, Word, CSV, Markdown, JSON.

``export(ledger, path, lang=..., force=...)`` picks the format by the file's
extension.  Every file is written through ``output.atomic_write`` (a temporary
file renamed into place; an existing file is refused without ``force``).

The tabular formats share one table (``table``): columns
``序号 问题 类别 整改措施 责任单位 责任人 整改时限 出处`` with category names in
Chinese, or with ``lang="en"`` English headers and category codes.  出处 gives,
per source, the file, the outline path and the offsets of the problem and of
each measure in the normalized text, one per line (sources apart by a blank line).
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Callable

from ..output import OutputError, atomic_write
from .build import CATEGORIES, Ledger, Responsible, Row, Source

COLUMNS = {
    "zh": ("序号", "问题", "类别", "整改措施", "责任单位", "责任人", "整改时限", "出处"),
    "en": ("No.", "Problem", "Category", "Measures", "Responsible bodies", "Responsible persons",
           "Time limit", "Source"),
}
CATEGORY_NAMES = {
    "zh": {"ideology": "思想认识", "system": "制度机制", "work_style": "工作作风", "discipline": "纪律", "other": "其他"},
    "en": {c: c for c in CATEGORIES},
}
ROLE_MARKS = {
    "zh": {"lead": "（牵头）", "support": "（配合）", "supervise": "（监督）"},
    "en": {"lead": " (lead)", "support": " (support)", "supervise": " (supervise)"},
}
NAME_SEPARATORS = {"zh": "、", "en": "; "}     # between the names in 责任单位 and 责任人
_WORDS = {
    "zh": {"problem": "问题", "measure": "措施", "summary": "汇总", "category": "类别", "count": "任务数",
           "total": "合计", "body": "责任单位", "doc": "材料", "title": "标题", "unaddressed": "未对应措施的问题",
           "none": "（未明确）", "rows": "共{n}项", "manual": "人工添加"},
    "en": {"problem": "problem", "measure": "measures", "summary": "Summary", "category": "Category",
           "count": "Tasks", "total": "Total", "body": "Responsible body", "doc": "Document", "title": "Title",
           "unaddressed": "Problems with no measure", "none": "(not named)", "rows": "{n} tasks",
           "manual": "added by hand"},
}
LANGS = tuple(COLUMNS)


def _check_lang(lang: str) -> str:
    if lang not in COLUMNS:
        raise ValueError(f"unknown language {lang!r} (use {', '.join(LANGS)})")
    return lang


# --- cells ------------------------------------------------------------------

_MARKER_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.、．]|[（(]\d{1,2}[)）])")


def section_label(section: tuple[str, ...] | list[str], width: int = 16) -> str:
    """An outline path as a clerk cites it: the markers of every level, then the
    lowest heading, shortened (``二、（一）针对制度机制方面的问题…``)."""
    if not section:
        return ""
    markers = []
    for label in section:
        m = _MARKER_RE.match(label)
        markers.append(m.group() if m else "")
    last = section[-1]
    heading = last[len(markers[-1]):]
    if len(heading) > width:
        heading = heading[:width] + "…"
    return "".join(markers[:-1]) + markers[-1] + heading


def source_text(src: Source, lang: str = "zh") -> str:
    w = _WORDS[lang]
    parts = [src.doc if src.page is None else f"{src.doc} p. {src.page}"]
    label = section_label(src.section)
    if label:
        parts.append(label)
    spans = []
    if src.problems:
        spans.append(f"{w['problem']} " + ", ".join(f"{s}-{e}" for s, e in src.problems))
    if src.measures:
        spans.append(f"{w['measure']} " + ", ".join(f"{s}-{e}" for s, e in src.measures))
    if src.link == "manual":
        spans.append(w["manual"])     # a row added by hand in the web page: no place in the text
    parts.append(("；" if lang == "zh" else "; ").join(spans))
    return "\n".join(parts)


def _names(items: list[Responsible], lang: str) -> str:
    return NAME_SEPARATORS[lang].join(r.name + ROLE_MARKS[lang].get(r.role or "", "") for r in items)


def _measures(row: Row, lang: str) -> str:
    if len(row.measures) == 1:
        return row.measures[0]
    fmt = "（{i}）{m}" if lang == "zh" else "({i}) {m}"
    return "\n".join(fmt.format(i=i, m=m) for i, m in enumerate(row.measures, 1))


def cells(row: Row, lang: str = "zh") -> list[str | int]:
    """The row's cells under ``COLUMNS[lang]``."""
    _check_lang(lang)
    return [row.no, row.problem, CATEGORY_NAMES[lang][row.category], _measures(row, lang),
            _names(row.bodies, lang), _names(row.roles, lang), row.time_limit,
            "\n\n".join(source_text(s, lang) for s in row.sources)]


def table(ledger: Ledger, lang: str = "zh", rows: list[Row] | None = None) -> tuple[tuple[str, ...], list[list]]:
    _check_lang(lang)
    return COLUMNS[lang], [cells(r, lang) for r in (ledger.rows if rows is None else rows)]


# --- text formats -------------------------------------------------------------

def _md_cell(value) -> str:
    text = str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def render_markdown(ledger: Ledger, lang: str = "zh") -> str:
    header, body = table(ledger, lang)
    title = ledger.title if lang == "zh" else f"Rectification list: {ledger.title}"
    lines = [f"# {title}", "", "| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in body]
    return "\n".join(lines) + "\n"


def write_markdown(ledger: Ledger, path, *, lang: str = "zh", force: bool = False) -> None:
    text = render_markdown(ledger, lang)
    with atomic_write(path, force=force) as fh:
        fh.write(text)


def write_csv(ledger: Ledger, path, *, lang: str = "zh", force: bool = False) -> None:
    header, body = table(ledger, lang)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(body)
    # UTF-8 with a BOM: Excel opens it as UTF-8 instead of the local code page.
    with atomic_write(path, force=force, encoding="utf-8-sig", newline="") as fh:
        fh.write(buf.getvalue())


def write_json(ledger: Ledger, path, *, lang: str = "zh", force: bool = False) -> None:
    data = ledger.to_dict()
    data["columns"] = list(COLUMNS[_check_lang(lang)])
    names = CATEGORY_NAMES[lang]
    by_no = {r.no: r for r in ledger.rows}   # (a search per row was quadratic in the rows)
    for row in data["rows"]:
        row["category_name"] = names[row["category"]]
        row["cells"] = dict(zip(COLUMNS[lang], cells(by_no[row["no"]], lang)))
    with atomic_write(path, force=force) as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


# --- Excel --------------------------------------------------------------------

XLSX_WIDTHS = (6, 30, 10, 46, 18, 12, 12, 26)   # characters, per column: landscape A4 at about 100%
XLSX_LINE_PT = 15                                # height of one line of 11 pt Chinese text
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_names(ledger: Ledger, reserved: str) -> list[str]:
    """One unique, valid Excel sheet name per document (title, else file id)."""
    out: list[str] = []
    taken = {reserved.lower()}
    for d in ledger.documents:
        base = _BAD_SHEET_CHARS.sub("_", (d.get("title") or Path(d["id"]).stem or "sheet")).strip("'").strip()
        base = base[:28] or "sheet"
        name, n = base, 2
        while name.lower() in taken:
            suffix = f"({n})"
            name = base[:31 - len(suffix)] + suffix
            n += 1
        taken.add(name.lower())
        out.append(name)
    return out


def write_xlsx(ledger: Ledger, path, *, lang: str = "zh", force: bool = False) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    _check_lang(lang)
    w = _WORDS[lang]
    names = CATEGORY_NAMES[lang]
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_font = Font(name="黑体", bold=True, size=11)
    body_font = Font(name="宋体", size=11)
    head_fill = PatternFill("solid", fgColor="D9E1F2")
    wrap = Alignment(wrap_text=True, vertical="top")
    center = Alignment(wrap_text=True, vertical="top", horizontal="center")

    wb = Workbook()
    summary = wb.active
    summary.title = w["summary"]
    _xlsx_summary(summary, ledger, lang, head_font, body_font, head_fill, border)

    header = COLUMNS[lang]
    for doc, sheet_name in zip(ledger.documents, sheet_names(ledger, w["summary"])):
        ws = wb.create_sheet(sheet_name)
        _, body = table(ledger, lang, ledger.rows_of(doc["id"]))
        ws.append(list(header))
        for row in body:
            ws.append(row)
        for c in ws[1]:
            c.font, c.fill, c.border = head_font, head_fill, border
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for r in ws.iter_rows(min_row=2):
            for c in r:
                c.font, c.border = body_font, border
                c.alignment = center if c.column in (1, 3) else wrap
        for i, width in enumerate(XLSX_WIDTHS, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        # Row heights are set, not left to the reader: LibreOffice (and Excel,
        # for a file it did not write) shows wrapped text in one line otherwise.
        for r, values in enumerate(body, 2):
            ws.row_dimensions[r].height = row_height(values)
        last = max(ws.max_row, 2)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"
        dv = DataValidation(type="list", formula1='"' + ",".join(names[c] for c in CATEGORIES) + '"',
                            allow_blank=True)
        dv.add(f"C2:C{max(last, 200)}")
        ws.add_data_validation(dv)
        _print_setup(ws)
    with atomic_write(path, force=force, mode="wb") as fh:
        wb.save(fh)


def _text_width(text: str) -> float:
    """Width in Excel column units (the width of '0'): Chinese characters take two."""
    import unicodedata

    return sum(2.2 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def row_height(values, widths=XLSX_WIDTHS) -> float:
    """Points needed to show every wrapped cell of a row in full."""
    import math

    lines = 1
    for value, width in zip(values, widths):
        usable = max(width - 1.5, 1)
        n = sum(max(1, math.ceil(_text_width(seg) / usable)) for seg in str(value).split("\n"))
        lines = max(lines, n)
    return lines * XLSX_LINE_PT + 4


def _print_setup(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _xlsx_summary(ws, ledger: Ledger, lang: str, head_font, body_font, head_fill, border) -> None:
    from collections import Counter

    from openpyxl.styles import Alignment, Font

    w = _WORDS[lang]
    names = CATEGORY_NAMES[lang]
    ws["A1"] = ledger.title if lang == "zh" else f"Rectification list: {ledger.title}"
    ws["A1"].font = Font(name="黑体", bold=True, size=14)
    ws["A1"].alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells("A1:D1")
    ws.row_dimensions[1].height = 40
    r = 3

    def block(headers, rows):
        nonlocal r
        for j, h in enumerate(headers, 1):
            c = ws.cell(r, j, h)
            c.font, c.fill, c.border = head_font, head_fill, border
        r += 1
        for values in rows:
            for j, v in enumerate(values, 1):
                c = ws.cell(r, j, v)
                c.font, c.border = body_font, border
                c.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[r].height = row_height(values, widths)
            r += 1
        r += 1

    widths = (30, 10, 18, 40)

    by_cat = Counter(row.category for row in ledger.rows)
    block((w["category"], w["count"]),
          [(names[c], by_cat.get(c, 0)) for c in CATEGORIES] + [(w["total"], len(ledger.rows))])
    by_body = Counter(b.name for row in ledger.rows for b in row.bodies)
    unnamed = sum(1 for row in ledger.rows if not row.bodies)
    body_rows = [(name, n) for name, n in sorted(by_body.items(), key=lambda kv: (-kv[1], kv[0]))]
    block((w["body"], w["count"]), body_rows + [(w["none"], unnamed)])
    block((w["doc"], w["count"], w["unaddressed"], w["title"]),
          [(d["id"], d.get("rows", 0), d.get("unaddressed", 0), d.get("title") or "") for d in ledger.documents])
    for letter, width in zip("ABCD", widths):
        ws.column_dimensions[letter].width = width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# --- Word ---------------------------------------------------------------------

DOCX_WIDTHS_MM = (13, 48, 20, 73, 30, 20, 20, 33)    # landscape A4, 20 mm margins: 257 mm
TITLE_FONT = ("方正小标宋简体", "黑体")               # (font, fallback)
HEAD_FONT = ("黑体", "宋体")
BODY_FONT = ("仿宋_GB2312", "宋体")
LATIN_FONT = "Times New Roman"


def _set_run_font(run, font: tuple[str, str], size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = LATIN_FONT
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), font[0])   # the Chinese text's font: without it Word shows the Latin one
    rfonts.set(qn("w:ascii"), LATIN_FONT)
    rfonts.set(qn("w:hAnsi"), LATIN_FONT)


def _declare_fallbacks(document) -> None:
    """List the Chinese fonts in the font table with a fallback (w:altName) and
    the GB2312 character set, so Word substitutes a Chinese face when the
    official font is not installed."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    part = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
    root = parse_xml(part.blob)
    have = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alt in (TITLE_FONT, HEAD_FONT, BODY_FONT):
        if name in have:
            continue
        root.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
            f'<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'))
        have.add(name)
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_docx(ledger: Ledger, path, *, lang: str = "zh", force: bool = False) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    _check_lang(lang)
    document = docx.Document()
    document.core_properties.title = ledger.title[:255]  # the property holds 255 characters at most
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(20)

    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(10.5)
    normal_rpr = normal.element.get_or_add_rPr()
    normal_rpr.get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT[0])
    lang_el = OxmlElement("w:lang")            # Chinese text is zh-CN: simplified glyphs, Chinese line breaking
    lang_el.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-US")
    lang_el.set(qn("w:eastAsia"), "zh-CN")
    normal_rpr.append(lang_el)
    _declare_fallbacks(document)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    _set_run_font(title.add_run(ledger.title if lang == "zh" else f"Rectification list: {ledger.title}"),
                  TITLE_FONT, 22)

    header, body = table(ledger, lang)
    tbl = document.add_table(rows=1, cols=len(header))
    tbl.style = "Table Grid"
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl._tbl.tblPr.append(layout)
    for col, mm in zip(tbl.columns, DOCX_WIDTHS_MM):
        col.width = Mm(mm)

    head = tbl.rows[0]
    trpr = head._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):   # repeat the header on every page, never split it
        el = OxmlElement(tag)
        el.set(qn("w:val"), "true")
        trpr.append(el)
    for cell, text, mm in zip(head.cells, header, DOCX_WIDTHS_MM):
        cell.width = Mm(mm)
        _shade(cell, "D9D9D9")
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_run_font(p.add_run(text), HEAD_FONT, 11)
    for values in body:
        row = tbl.add_row()
        for j, (cell, value, mm) in enumerate(zip(row.cells, values, DOCX_WIDTHS_MM)):
            cell.width = Mm(mm)
            lines = str(value).split("\n")
            p = cell.paragraphs[0]
            for k, line in enumerate(lines):
                if k:
                    p = cell.add_paragraph()
                if j in (0, 2):
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_after = Pt(0)
                _set_run_font(p.add_run(line), BODY_FONT, 9 if j == 7 else 10.5)
    _page_numbers(section)
    with atomic_write(path, force=force, mode="wb") as fh:
        document.save(fh)


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _page_numbers(section) -> None:
    """`— 1 —` centred in the footer, as official documents number pages."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_run_font(p.add_run("— "), ("宋体", "宋体"), 12)
    run = p.add_run()
    _set_run_font(run, ("宋体", "宋体"), 12)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _set_run_font(p.add_run(" —"), ("宋体", "宋体"), 12)


# --- dispatch -----------------------------------------------------------------

WRITERS: dict[str, Callable] = {
    ".xlsx": write_xlsx,
    ".docx": write_docx,
    ".csv": write_csv,
    ".md": write_markdown,
    ".markdown": write_markdown,
    ".json": write_json,
}


def writer_for(path) -> Callable:
    """The writer for a path's extension, or an OutputError naming the choices."""
    suffix = Path(str(path)).suffix.lower()
    if suffix not in WRITERS:
        shown = suffix or "(none)"
        raise OutputError(f"{path}: unknown output type '{shown}' (use .xlsx, .docx, .csv, .md or .json)")
    return WRITERS[suffix]


def export(ledger: Ledger, path, *, lang: str = "zh", force: bool = False) -> None:
    """Write the list to ``path`` in the format its extension names."""
    writer_for(path)(ledger, path, lang=_check_lang(lang), force=force)
