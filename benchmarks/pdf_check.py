"""Held-out check of PDF and OCR input: each seed (../shared/seeds) is
typeset as a PDF (running header, `- n -` page numbers) and rendered as page
images (one multi-page TIFF), then analyzed; the directive texts must be
those of the .txt.

    python benchmarks/pdf_check.py [--ocr] [--as-printed] [--seeds DIR] [--pages N] [--only GLOB]

Prints, per seed and in total, the share of the .txt's directive texts found
again (exactly, and for OCR also within a 0.9 similarity).  Needs reportlab
(PDF), Pillow and a CJK font (images) and the `ocr` extra.
"""
from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from typeset import cjk_font, render_pages, typeset_pdf  # noqa: E402

from analyzer.cli.evaluate import default_seeds_dir  # noqa: E402
from analyzer.pipeline import Options, analyze  # noqa: E402
from analyzer.readers import read_path  # noqa: E402


def directive_texts(path: Path) -> list[str]:
    doc = analyze(next(read_path(path)), Options(tokens=False))
    return [d.text for d in doc.directives]


def found(expected: list[str], got: list[str], fuzzy: float | None = None) -> int:
    """How many of ``expected`` are in ``got`` (as a multiset); with
    ``fuzzy``, a text within that similarity of one not yet taken counts."""
    left = Counter(got)
    n = 0
    misses = []
    for t in expected:
        if left[t] > 0:
            left[t] -= 1
            n += 1
        else:
            misses.append(t)
    if fuzzy:
        pool = list(left.elements())
        for t in misses:
            best = max(pool, key=lambda g: difflib.SequenceMatcher(None, t, g).ratio(), default=None)
            if best is not None and difflib.SequenceMatcher(None, t, best).ratio() >= fuzzy:
                pool.remove(best)
                n += 1
    return n


def as_printed(text: str) -> str:
    """``text`` as a printed page carries it: without the pinyin a web page
    put after its characters (`紀(jì)委` -> `紀委`), which no paper has."""
    from analyzer.normalize.edits import apply_edits
    from analyzer.normalize.ruby import ruby_edits

    return apply_edits(text, ruby_edits(text))[0]


def check(seeds: Path, ocr: bool, pages: int | None, pattern: str = "*.txt", printed: bool = False) -> dict:
    """Run every seed (matching ``pattern``) through PDF (and page images); the totals.
    ``printed``: the images show the text as printed (``as_printed``)."""
    totals = Counter()
    font = cjk_font() if ocr else None
    if ocr and font is None:
        sys.exit("no CJK font found for page images (apt-get install fonts-noto-cjk)")
    with tempfile.TemporaryDirectory() as tmp:
        for seed in sorted(seeds.glob(pattern)):
            text = seed.read_text(encoding="utf-8")
            if pages:  # a prefix of about that many pages, for a quicker OCR run
                text = text[:pages * 500]
                cut = Path(tmp) / seed.name
                cut.write_text(text, encoding="utf-8")
                seed = cut
            want = directive_texts(seed)
            pdf = Path(tmp) / (seed.stem + ".pdf")
            n_pages = typeset_pdf(text, pdf)
            t = time.perf_counter()
            got = directive_texts(pdf)
            row = {"pages": n_pages, "directives": len(want), "pdf": found(want, got),
                   "pdf_s": time.perf_counter() - t}
            if ocr:
                images = render_pages(as_printed(text) if printed else text, font)
                tif = Path(tmp) / (seed.stem + ".tif")
                images[0].save(tif, save_all=True, append_images=images[1:], compression="tiff_deflate")
                t = time.perf_counter()
                got = directive_texts(tif)
                row.update(ocr=found(want, got), ocr_fuzzy=found(want, got, 0.9), ocr_s=time.perf_counter() - t)
            print(seed.name, " ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}"
                                      for k, v in row.items()), flush=True)
            totals.update(row)
    d = totals["directives"] or 1
    print(f"total: {totals['directives']} directives, {totals['pages']} pages; "
          f"PDF {totals['pdf'] / d:.1%} ({totals['pdf_s']:.1f} s)"
          + (f"; OCR {totals['ocr'] / d:.1%} exact, {totals['ocr_fuzzy'] / d:.1%} within 0.9 "
             f"({totals['ocr_s']:.1f} s)" if ocr else ""))
    return dict(totals)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=default_seeds_dir(),
                    help="the seed documents (default: ../shared/seeds beside the project)")
    ap.add_argument("--ocr", action="store_true", help="also through page images and OCR")
    ap.add_argument("--pages", type=int, default=None, help="only about the first N pages of each seed")
    ap.add_argument("--only", default="*.txt", metavar="GLOB", help="the seeds to run (default: all)")
    ap.add_argument("--as-printed", action="store_true",
                    help="page images of the text as printed: without a web page's pinyin ruby")
    args = ap.parse_args()
    seeds = args.seeds
    if seeds is None or not seeds.is_dir():
        sys.exit(f"no seeds at {seeds or '../shared/seeds'}")
    check(seeds, args.ocr, args.pages, args.only, args.as_printed)


if __name__ == "__main__":
    main()
