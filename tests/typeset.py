"""Make test inputs from a text: a PDF typeset like an official document
(running header, page numbers `- 3 -`, lines wrapped by width, paragraphs
indented two characters) and page images rendered with a CJK font.

Used by the PDF/OCR tests and by benchmarks/pdf_check.py; reportlab and
Pillow are test dependencies, imported here only.
"""
from __future__ import annotations

import glob
import os
from pathlib import Path

PAGE_W, PAGE_H = 595.0, 842.0          # A4 in points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 80.0, 100.0, 90.0
FONT_SIZE, LEADING = 15.0, 26.0
CID_FONT = "STSong-Light"              # reportlab's built-in CID font: no font file needed

# Where Debian's fonts-noto-cjk and fonts-wqy-zenhei put their files, when
# fontconfig (fc-list) cannot say.
FONT_GLOBS = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
              "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def cjk_font() -> str | None:
    """A font file with Chinese glyphs that Pillow can render, or None:
    fontconfig's first serif one (official documents are set in serif),
    else any, else a known Debian path."""
    import subprocess

    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file", "style"], capture_output=True, text=True,
                             timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    files = sorted({ln.split(":")[0].strip() for ln in out.splitlines() if "Regular" in ln or "style" not in ln})
    files = sorted(files, key=lambda f: ("Serif" not in f, f))
    for path in list(files) + [p for pattern in FONT_GLOBS for p in sorted(glob.glob(pattern))]:
        if os.path.isfile(path):
            return path
    return None


def wrap(paragraph: str, width: float, measure) -> list[str]:
    """Lines of at most ``width`` as measured by ``measure(str)``, broken as
    Word breaks them: anywhere between Chinese characters, never inside a
    Latin word or number, never before closing punctuation; the first line is
    indented by two ideographic spaces (首行缩进)."""
    import re

    units = re.findall(r"[A-Za-z0-9āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü.%]+[，。、；：！？）》”’,.;:!?)]*|.[，。、；：！？）》”’,.;:!?)]*",
                       paragraph)
    lines, line = [], "\u3000\u3000"
    for unit in units:
        if measure(line + unit) > width and line.strip():
            lines.append(line)
            line = ""
        line += unit
    if line.strip():
        lines.append(line)
    return lines


def _layout(text: str, width: float, measure) -> list[list[str]]:
    """Pages of lines: each non-blank line of ``text`` is a paragraph."""
    per_page = int((PAGE_H - MARGIN_TOP - MARGIN_BOTTOM) // LEADING)
    lines = [ln for para in text.splitlines() if para.strip() for ln in wrap(para.strip(), width, measure)]
    return [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]


def typeset_pdf(text: str, path: str | Path, *, header: str | None = "某市人民政府办公室文件",
                footer: str = "- {page} -", columns: int = 1) -> int:
    """Write ``text`` as a PDF with a text layer; returns the page count.
    ``footer`` is formatted with page and pages (`第{page}页 共{pages}页`)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    gutter = 24.0
    col_w = (PAGE_W - 2 * MARGIN_X - gutter * (columns - 1)) / columns
    measure = lambda s: pdfmetrics.stringWidth(s, CID_FONT, FONT_SIZE)  # noqa: E731
    per_col = int((PAGE_H - MARGIN_TOP - MARGIN_BOTTOM) // LEADING)
    lines = [ln for pages in _layout(text, col_w, measure) for ln in pages]
    per_page = per_col * columns
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    for n, page in enumerate(pages, 1):
        if header:
            c.setFont(CID_FONT, 10)
            c.drawCentredString(PAGE_W / 2, PAGE_H - 50, header)
        c.setFont(CID_FONT, FONT_SIZE)
        for i, line in enumerate(page):
            col, row = divmod(i, per_col)
            c.drawString(MARGIN_X + col * (col_w + gutter), PAGE_H - MARGIN_TOP - row * LEADING, line)
        if footer:
            c.setFont(CID_FONT, 11)
            c.drawCentredString(PAGE_W / 2, 45, footer.format(page=n, pages=len(pages)))
        c.showPage()
    c.save()
    return len(pages)


def _face(font_path: str, size: int):
    """The Simplified Chinese face of a font (a .ttc holds JP, KR, SC, TC …:
    the first, Japanese, draws some characters differently), else its first."""
    from PIL import ImageFont

    for index in range(12):
        try:
            face = ImageFont.truetype(font_path, size, index=index)
        except OSError:
            break
        if any(tag in " ".join(face.getname()) for tag in (" SC", "GB", " CN")):
            return face
    return ImageFont.truetype(font_path, size)


def render_pages(text: str, font_path: str, *, scale: float = 2.0, footer: str = "- {page} -"):
    """``text`` laid out as in ``typeset_pdf`` and drawn as page images
    (Pillow, white paper, black ink) at ``scale`` pixels per point."""
    from PIL import Image, ImageDraw

    font = _face(font_path, int(FONT_SIZE * scale))
    small = _face(font_path, int(11 * scale))
    measure = lambda s: font.getlength(s) / scale  # noqa: E731
    pages = _layout(text, PAGE_W - 2 * MARGIN_X, measure)
    images = []
    for n, page in enumerate(pages, 1):
        img = Image.new("L", (int(PAGE_W * scale), int(PAGE_H * scale)), 255)
        draw = ImageDraw.Draw(img)
        for i, line in enumerate(page):
            draw.text((MARGIN_X * scale, (MARGIN_TOP - FONT_SIZE + i * LEADING) * scale), line, font=font, fill=0)
        if footer:
            label = footer.format(page=n, pages=len(pages))
            draw.text(((PAGE_W / 2) * scale - small.getlength(label) / 2, (PAGE_H - 55) * scale), label,
                      font=small, fill=0)
        images.append(img)
    return images
