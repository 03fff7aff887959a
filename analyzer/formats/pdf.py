"""PDF with a text layer, read with pypdfium2 (chosen by measurement, see
docs/PDF_OCR.md): the lines of every page with their boxes, for
``layout.assemble``.  A page without text (a scan) is read by OCR when the
``ocr`` extra is installed."""
from __future__ import annotations

import re
import threading

from ..readers import InputError
from .layout import Line, Page

# A page with fewer characters than this in its text layer is taken for a
# scan (a scanned page may carry a stamp or a page number as text).
MIN_PAGE_CHARS = 10
OCR_SCALE = 2.0   # render scale for OCR (72 dpi x 2 = 144 dpi)
# Spaces beside a Chinese character inside a line are the layout's (pdfium
# puts one in a gap: `至少 2 次`, Word's spacing between Chinese and
# Latin), not the author's; the indentation before the text is kept.
_CJK = "\u3000-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")


# pdfium is not thread-safe: the web page may read two uploads at once.
_PDFIUM = threading.Lock()


def pdf_pages(data: bytes, name: str) -> list[Page]:
    """The pages of a PDF's bytes as lines; scanned pages through OCR (one
    page at a time, outside the lock: it takes seconds a page)."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            problem = "is encrypted (remove the password first)" if "password" in str(exc).lower() \
                else f"is not a readable PDF ({str(exc)[:120]})"
            raise InputError(name, problem) from None
        count = len(pdf)
    pages = []
    try:
        for index in range(count):
            with _PDFIUM:
                lines, image, height = _page(pdf, index, name)
            if image is not None:
                from .ocr import image_lines

                lines = image_lines(image, name)
            pages.append(Page(index + 1, lines, height, ocr=image is not None))
    finally:
        with _PDFIUM:
            pdf.close()
    if not any(ln.text.strip() for p in pages for ln in p.lines):
        raise InputError(name, "has no text (empty pages)")
    return pages


def _page(pdf, index: int, name: str) -> tuple[list[Line], object, float]:
    """A page's text lines, or for a scan its image (lines empty); its height."""
    page = pdf[index]
    try:
        lines = _text_lines(page)
        if sum(len(ln.text.strip()) for ln in lines) >= MIN_PAGE_CHARS:
            return lines, None, page.get_height()
        from .ocr import engine

        engine(name)   # the extra is missing: say so before rendering anything
        return [], page.render(scale=OCR_SCALE, grayscale=True).to_pil(), page.get_height() * OCR_SCALE
    finally:
        page.close()


def _text_lines(page) -> list[Line]:
    """The lines of a page's text layer in pdfium's order, each with the box
    from its first to its last character (top-down coordinates)."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        height = page.get_height()
        lines, pos = [], 0
        for raw in text.split("\n"):
            seg = raw.rstrip("\r")
            first = len(seg) - len(seg.lstrip())
            last = len(seg.rstrip()) - 1
            left = right = top = bottom = 0.0
            if last >= first:
                l0, b0, r0, t0 = textpage.get_charbox(pos + first)
                l1, b1, r1, t1 = textpage.get_charbox(pos + last)
                left, right, top, bottom = l0, r1, height - max(t0, t1), height - min(b0, b1)
            body = _CJK_SPACE_RE.sub("", seg[first:].replace("\x00", ""))
            lines.append(Line(seg[:first] + body, left, right, top, bottom))
            pos += len(raw) + 1
        return lines
    finally:
        textpage.close()
