"""Text-layer PDFs: how fast they are read, and which library reads Chinese
in the right order.

    python benchmarks/pdf.py [--seeds DIR] [--libreoffice] [--compare]

Typesets each seed (../shared/seeds) as a PDF in one column and in two
(tests/typeset.py: reportlab, running header, page numbers), and with
--libreoffice also through `soffice --convert-to pdf` (embedded fonts, as
offices make them).  Prints:

- throughput of the analyzer on those PDFs: reading (pypdfium2 + layout) and
  the whole analysis, in MB of PDF and pages per second, one process;
- with --compare, for pypdfium2, pdfminer.six and pdfplumber: seconds per
  page and the share of the seeds' paragraphs found whole and in order in
  the extracted text (spaces and line breaks ignored).
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from typeset import typeset_pdf  # noqa: E402

from analyzer.cli.evaluate import default_seeds_dir  # noqa: E402

_SPACE = re.compile(r"\s+")


def make_pdfs(seeds: Path, out: Path, libreoffice: bool) -> dict[str, list[tuple[Path, str]]]:
    """{"one column": [(pdf, source text)], "two columns": …, "LibreOffice": …}"""
    sets: dict[str, list[tuple[Path, str]]] = {"one column": [], "two columns": []}
    for seed in sorted(seeds.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for label, cols in (("one column", 1), ("two columns", 2)):
            pdf = out / f"{seed.stem}.{cols}.pdf"
            typeset_pdf(text, pdf, columns=cols)
            sets[label].append((pdf, text))
    if libreoffice and shutil.which("soffice"):
        lo = out / "lo"
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(lo),
                        *map(str, sorted(seeds.glob("*.txt")))], check=True, capture_output=True, timeout=300)
        sets["LibreOffice"] = [(lo / f"{s.stem}.pdf", s.read_text(encoding="utf-8")) for s in sorted(seeds.glob("*.txt"))]
    return sets


def _pdfium(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def _pdfminer(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(str(path))


def _pdfplumber(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


LIBRARIES = {"pypdfium2": _pdfium, "pdfminer.six": _pdfminer, "pdfplumber": _pdfplumber}


def in_order(source: str, extracted: str) -> float:
    """Share of the source's paragraphs (10+ characters) found whole in the
    extracted text, spaces and line breaks ignored on both sides."""
    flat = _SPACE.sub("", extracted)
    paras = [_SPACE.sub("", p) for p in source.splitlines() if len(p.strip()) >= 10]
    return sum(p in flat for p in paras) / max(1, len(paras))


def pages_of(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def throughput(pdfs: list[Path]) -> None:
    from analyzer.pipeline import Options, analyze
    from analyzer.readers import read_path

    size = sum(p.stat().st_size for p in pdfs) / 1e6
    pages = sum(pages_of(p) for p in pdfs)
    analyze(next(read_path(pdfs[0])), Options(tokens=True))       # load the models first
    t = time.perf_counter()
    items = [next(read_path(p)) for p in pdfs]
    read_s = time.perf_counter() - t
    t = time.perf_counter()
    for item in items:
        analyze(item, Options(tokens=True))
    total_s = read_s + time.perf_counter() - t
    print(f"  {len(pdfs)} PDFs, {pages} pages, {size:.2f} MB: reading {read_s:.2f} s "
          f"({size / read_s:.1f} MB/s, {pages / read_s:.0f} pages/s); reading + analysis {total_s:.2f} s "
          f"({size / total_s:.2f} MB/s, {pages / total_s:.1f} pages/s)")


def compare(pairs: list[tuple[Path, str]]) -> None:
    pages = sum(pages_of(p) for p, _ in pairs)
    for name, extract in LIBRARIES.items():
        try:
            extract(pairs[0][0])               # imports and caches out of the timing
        except ImportError:
            print(f"  {name}: not installed")
            continue
        t = time.perf_counter()
        texts = [extract(p) for p, _ in pairs]
        secs = time.perf_counter() - t
        order = sum(in_order(src, txt) for (_, src), txt in zip(pairs, texts)) / len(pairs)
        print(f"  {name:13} {1000 * secs / pages:6.1f} ms/page  paragraphs whole and in order {order:.1%}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=default_seeds_dir(),
                    help="the seed documents (default: ../shared/seeds beside the project)")
    ap.add_argument("--libreoffice", action="store_true", help="also PDFs made by LibreOffice (soffice)")
    ap.add_argument("--compare", action="store_true", help="compare pypdfium2, pdfminer.six and pdfplumber")
    args = ap.parse_args()
    seeds = args.seeds
    if seeds is None or not seeds.is_dir():
        sys.exit(f"no seeds at {seeds or '../shared/seeds'}")
    with tempfile.TemporaryDirectory() as tmp:
        sets = make_pdfs(seeds, Path(tmp), args.libreoffice)
        for label, pairs in sets.items():
            print(f"{label}:")
            throughput([p for p, _ in pairs])
            if args.compare:
                compare(pairs)


if __name__ == "__main__":
    main()
