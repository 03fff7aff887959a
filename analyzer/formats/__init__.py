"""Readers of the file formats offices exchange beyond text, HTML and .docx:
PDF (text layer, or scanned) and page images through OCR (docs/PDF_OCR.md);
Markdown with front matter, Excel workbooks, Word 97-2003 and WPS files
through a converter (docs/FORMATS.md).  Each turns its format into text (or
edits of the text) and raises ``readers.InputError`` with one line naming
the file."""

from __future__ import annotations

from pathlib import Path

PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def layout_input(data: bytes, path: str | Path, suffix: str):
    """The ``InputText`` of a PDF or an image file: its lines as found, with
    the layout's edits and pages (``layout.Assembled``) for the pipeline."""
    from ..readers import InputText, scrub
    from .layout import assemble

    name = str(path)
    if suffix in PDF_SUFFIXES:
        from .pdf import pdf_pages

        pages = pdf_pages(data, name)
    else:
        from .ocr import image_pages

        pages = image_pages(data, name)
    ocr = any(p.ocr for p in pages)
    fmt = "pdf" if suffix in PDF_SUFFIXES else "image"
    layout = assemble(pages)
    if ocr:
        from .layout import merge_edits
        from .ocr import ruby_edits

        layout.edits = merge_edits(layout.edits + ruby_edits(layout.text))
    return InputText(scrub(Path(name).name), scrub(layout.text), name, fmt, layout=layout,
                     hints={"ocr": "rapidocr-onnxruntime"} if ocr else None)


def page_spans(layout, offsets, text_len: int) -> list[dict]:
    """The pages of a document in normalized-text offsets, ``{"page", "start",
    "end"}``, with ``"lines"`` (start, end, confidence) for OCR'd pages.  A
    page left empty by normalization is kept with ``start == end``."""
    out = []
    for number, start, end in layout.pages:
        s = min(offsets.forward(start), text_len)
        e = max(s, min(offsets.forward(end), text_len))
        out.append({"page": number, "start": s, "end": e})
    by_page: dict[int, list] = {}
    for number, start, end, conf in layout.lines:
        s, e = offsets.forward(start), offsets.forward(end)
        if s < e:
            by_page.setdefault(number, []).append({"start": s, "end": e, "confidence": round(conf, 3)})
    for page in out:
        if page["page"] in by_page:
            page["lines"] = by_page[page["page"]]
    return out


def page_at(pages: list[dict], pos: int) -> int | None:
    """The number of the page holding normalized offset ``pos``, if known."""
    for page in pages:
        if page["start"] <= pos < page["end"]:
            return page["page"]
    return None
