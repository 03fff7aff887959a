"""`analyzer analyze`: one JSON object per document, or a readable view."""
from __future__ import annotations

import json
import sys

import click

from . import main
from .common import (EXIT_FAILED_INPUTS, error, guarded, input_options, output_options, refuse_terminal_stdin,
                     unreadable, warn_if_empty)


def sample_path() -> str:
    """The path of the sample speech bundled with the package (``--sample``)."""
    from ..resources import _HERE

    return str(_HERE / "samples" / "speech_sample.txt")


@main.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True,
              help="JSON (docs/CONTRACT.md §8; one object per line) or a readable text view.")
@click.option("--pretty", is_flag=True, help="Indent the JSON (one document per block instead of per line).")
@click.option("--tokens/--no-tokens", default=True, show_default=True, help="Segment into words and include the tokens.")
@click.option("--original", is_flag=True, help="Include the original decoded text (for mapping offsets back).")
@click.option("--backend", type=click.Choice(["auto", "jieba", "rjieba"]), default="auto", show_default=True,
              help="Word segmenter: auto = rjieba (a Rust port of jieba, ~30x faster) when installed, else jieba.")
@click.option("--sample", is_flag=True, help="Analyze the sample speech bundled with the package.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of the text view (default zh: Chinese labels and category names; en: English "
                   "labels and category codes) and of the messages (default: ANALYZER_LANG, else the locale).")
@input_options
@output_options
@guarded
def analyze(files, fmt, pretty, tokens, original, backend, sample, lang, ref_date, max_bytes, output, force):
    """Analyze FILES (.txt in any encoding, .html, .docx, .jsonl, .pdf, images; `-` or none: stdin).

    Prints one JSON object per document (JSON Lines for many, in input order).
    A file that cannot be read gets a one-line error on stderr; the others are
    still analyzed, and the exit code is 1.
    """
    from ..messages import use_lang
    from ..output import atomic_write
    from ..pipeline import Options, analyze as run
    from ..readers import InputError, iter_inputs

    use_lang(lang)
    paths = list(files) + ([sample_path()] if sample else [])
    refuse_terminal_stdin(paths, "analyze")
    options = Options(ref_date=ref_date, tokens=tokens, backend=backend)
    failed = 0

    def emit(out) -> None:
        nonlocal failed
        for item in iter_inputs(paths, max_bytes=max_bytes):
            if isinstance(item, InputError):
                unreadable(item)
                failed += 1
                continue
            warn_if_empty(item)
            try:
                doc = run(item, options)
            except Exception as exc:  # one bad document never stops the others
                import os
                if os.environ.get("ANALYZER_DEBUG"):
                    raise
                error(f"{item.source}: cannot analyze ({type(exc).__name__}: {exc})")
                failed += 1
                continue
            if fmt == "text":
                from ..render import render_text
                out.write(render_text(doc, lang or "zh"))
            else:
                data = doc.to_dict(tokens=tokens, original=original)
                out.write(json.dumps(data, ensure_ascii=False, indent=2 if pretty else None))
                out.write("\n")
            out.flush()

    if output:
        with atomic_write(output, force=force) as fh:
            emit(fh)
    else:
        emit(sys.stdout)
    if failed:
        sys.exit(EXIT_FAILED_INPUTS)
