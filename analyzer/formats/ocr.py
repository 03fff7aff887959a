"""Page images to lines by OCR: rapidocr-onnxruntime, whose detection and
recognition models ship inside its wheel (no download at run time).  An
optional extra: ``pip install '.[ocr]'``."""
from __future__ import annotations

import dataclasses
import functools
import io
import re

from ..readers import InputError
from .layout import Line, Page

_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
EXTRA_HINT = "pip install '.[ocr]' from a checkout (rapidocr-onnxruntime)"


@functools.cache
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def engine(name: str):
    """The OCR engine (loaded once per process), or an InputError naming the
    extra that provides it."""
    try:
        return _engine()
    except ImportError:
        raise InputError(name, f"needs OCR, which is not installed: {EXTRA_HINT}") from None


def _on_paper(image):
    """The image as RGB the way it is seen: turned as the camera's EXIF tag
    says, and transparency on white (not on the black converting gives)."""
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return image.convert("RGB")


def image_lines(image, name: str) -> list[Line]:
    """The text lines of a page image (a PIL image), top to bottom; boxes
    the OCR found side by side on one line are one line, left to right."""
    import numpy as np

    ocr = engine(name)
    # Pages are upright: the angle classifier only turns good lines upside
    # down (and its garbage is then dropped).  Every line is kept, however
    # unsure: layout.assemble reports the unsure ones as damage.
    result, _ = ocr(np.asarray(_on_paper(image)), use_cls=False, text_score=0.0)
    boxes = []
    for box, text, score in result or []:
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        boxes.append((min(ys), max(ys), min(xs), max(xs), text, float(score)))
    boxes.sort()
    rows: list[list[tuple]] = []
    for b in boxes:
        if rows:
            top, bottom = min(x[0] for x in rows[-1]), max(x[1] for x in rows[-1])
            overlap = min(bottom, b[1]) - max(top, b[0])
            if overlap > 0.5 * min(bottom - top, b[1] - b[0]):
                rows[-1].append(b)
                continue
        rows.append([b])
    lines = []
    for row in rows:
        row.sort(key=lambda b: b[2])
        text = "".join(b[4] for b in row)
        # The line's confidence is its characters': a mean weighted by length.
        conf = sum(b[5] * len(b[4]) for b in row) / max(1, sum(len(b[4]) for b in row))
        lines.append(Line(text, row[0][2], row[-1][3], min(b[0] for b in row), max(b[1] for b in row), conf))
    texts = chinese_quotes([ln.text for ln in lines])
    return [dataclasses.replace(ln, text=t) for ln, t in zip(lines, texts)]


# Pinyin ruby (`紀(jì)委`) read by the OCR loses its tone marks (`紀(ji)委`),
# and the normalizer knows ruby by its marks.  On an OCR'd text with several
# of them, a lower-case syllable or two in parentheses after a character is
# ruby.
_BARE_RUBY_RE = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zü]{1,6}(?: ?[a-zü]{1,6})?[)）]")
MIN_BARE_RUBY = 3


def ruby_edits(text: str):
    """Edits cutting toneless pinyin ruby from an OCR'd text (kind
    ``pinyin``, as the normalizer reports ruby), when there are at least
    ``MIN_BARE_RUBY`` of them: one `(who)` is not a page of ruby."""
    from ..normalize.edits import Edit

    found = list(_BARE_RUBY_RE.finditer(text))
    if len(found) < MIN_BARE_RUBY:
        return []
    return [Edit(m.start(), m.end(), "", kind="pinyin", detail={"rule": "ocr-toneless-ruby"}) for m in found]


def chinese_quotes(lines: list[str]) -> list[str]:
    """The lines of a page with their double quotes put right: the OCR reads
    “ and ” as ASCII `"`, and sometimes ” as “.  Chinese quotes do not nest
    (a quote inside one is ‘…’), so a quote mark while one is open closes
    it, else it opens one; a quote may run on to the next line."""
    out, depth = [], 0
    for text in lines:
        if not ('"' in text or "“" in text or "”" in text) or not _CJK_RE.search(text):
            out.append(text)
            continue
        chars = []
        for ch in text:
            if ch in '"“':
                ch = "”" if depth else "“"
            depth = 1 if ch == "“" else 0 if ch == "”" else depth
            chars.append(ch)
        out.append("".join(chars))
    return out


def image_pages(data: bytes, name: str) -> list[Page]:
    """The pages of an image file (a .tif may hold several) as OCR lines."""
    try:
        from PIL import Image, ImageSequence
    except ImportError:
        raise InputError(name, f"needs OCR, which is not installed: {EXTRA_HINT}") from None
    try:
        img = Image.open(io.BytesIO(data))
        frames = [f.copy() for f in ImageSequence.Iterator(img)]
    except Exception as exc:  # Pillow raises many types for a broken image
        raise InputError(name, f"is not a readable image ({type(exc).__name__}: {str(exc)[:120]})") from None
    pages = [Page(n, image_lines(frame, name), float(frame.height), ocr=True) for n, frame in enumerate(frames, 1)]
    if not any(ln.text.strip() for p in pages for ln in p.lines):
        raise InputError(name, "has no text the OCR could read")
    return pages
