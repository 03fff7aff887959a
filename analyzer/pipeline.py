"""The analysis pipeline: named steps run in order over a ``Document``.

    normalize -> structure -> tokens -> time_limits -> directives -> classify
              -> summary

Each step is a component in the spirit of spaCy's: a function
``(doc, options) -> None`` registered with ``@step(name, requires=...,
assigns=...)`` (``analyzer.components``), naming the ``Document`` fields it
reads and the ones it fills.  The document-wide steps are here; each
extractor package registers its own (``analyzer/extract/<field>/component.py``,
imported with the package).  The order of a list of steps is checked before it runs
(``check_steps``): a step that reads a field no earlier step assigns is an
error naming both.  ``analyze`` runs the steps; callers may run a prefix
(``steps=("normalize", "structure")``) when that is all they need.  Heavy
resources (jieba, the model) are loaded once per process by the steps that
need them.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from .components import (BATCH_STEPS, COMPONENTS, SOURCE_FIELDS, STEPS, BatchStep, Component,  # noqa: F401
                         Options, PipelineError, Step, batch_step, check_steps, step)
from .document import Document
from .normalize.pipeline import normalize
from .readers import InputText, scrub
from .structure.outline import build_outline
from .structure.sentences import split_clauses, split_sentences


@step("normalize", requires=("original", "source"),
      assigns=("text", "meta", "removed", "placeholders", "offsets", "joins", "pages", "ref_date"))
def _normalize(doc: Document, options: Options) -> None:
    source = doc.source
    layout = getattr(source, "layout", None)
    norm = normalize(doc.original, encoding=source.encoding, markup=source.format,
                     first=layout.edits if layout else ())
    meta = dict(norm.meta)
    meta["format"] = source.format
    if source.hints:
        for key in ("title",):
            if source.hints.get(key) and not meta.get(key):
                meta[key] = source.hints[key]
    if source.date:
        meta["date"] = source.date
    doc.text, doc.meta, doc.removed = norm.text, meta, norm.removed
    doc.placeholders, doc.offsets, doc.joins = norm.placeholders, norm.offsets, norm.joins
    if layout is not None:   # PDF and images: the pages in normalized offsets
        from .formats import page_spans

        doc.pages = page_spans(layout, doc.offsets, len(doc.text))
        if source.hints and source.hints.get("ocr"):
            meta["ocr"] = source.hints["ocr"]
    doc.ref_date = options.ref_date or parse_date(meta.get("date"))


@step("structure", requires=("text", "removed", "joins"),
      assigns=("outline", "sentences", "clauses", "meta"))
def _structure(doc: Document, options: Options) -> None:
    gaps = [r["at"] for r in doc.removed if r["kind"] == "gap"]
    doc.outline = build_outline(doc.text, doc.joins, gaps)
    doc.sentences = split_sentences(doc.text)
    doc.clauses = split_clauses(doc.text)
    parts = doc.outline.parts
    if len(parts) > 1:
        doc.meta["parts"] = len(parts)
        doc.meta["joined_texts"] = True


@step("tokens", requires=("text",), assigns=("tokens",))
def _tokens(doc: Document, options: Options) -> None:
    if options.tokens:
        from .tokenizer import get_tokenizer

        doc.tokens = get_tokenizer(options.backend).cut(doc.text)


@step("classify", requires=("text", "outline", "clauses", "directives"),
      assigns=("problems", "directives"))
def _classify(doc: Document, options: Options) -> None:
    from .classify.apply import classify_document
    from .extract.directives import heading_spans

    classify_document(doc, heading_spans(doc))


@batch_step("classify")
def _classify_many(docs: list[Document], options: Options) -> None:
    from .classify.apply import classify_documents
    from .extract.directives import heading_spans

    classify_documents([(doc, heading_spans(doc)) for doc in docs])


def _register_extractors() -> None:
    """Import every extractor package (analyzer/extract/<field>/): each
    registers its own step in its ``component`` module."""
    from .extract import import_packages

    import_packages()


_register_extractors()
DEFAULT_STEPS = check_steps(("normalize", "structure", "tokens", "time_limits", "directives", "classify", "summary"))


def parse_date(value: str | None) -> dt.date | None:
    """The date at the start of an ISO date string, or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def analyze_many(sources: list[InputText | str], options: Options | None = None) -> list[Document | Exception]:
    """``analyze`` for each source, the steps of BATCH_STEPS run once over all
    the documents that got that far: the same documents as one by one.  A
    source whose analysis raises gives its exception in its place, and the
    others go on (a batch step that raises is run again document by
    document, so only the document at fault fails: a batch step must give
    the same when run again over a document it has done)."""
    options = options or Options()
    out: list[Document | Exception] = []
    stages = _stages(DEFAULT_STEPS)
    for i, (steps, batch_name) in enumerate(stages):
        live = []
        for k, source in enumerate(sources):
            if i == 0:  # (DEFAULT_STEPS does not start with a batch step: steps is not empty)
                out.append(guarded(lambda: analyze(source, options, steps=steps)))
            elif not isinstance(out[k], Exception):
                out[k] = guarded(lambda doc=out[k]: _run_steps(doc, options, steps))
            if batch_name is not None and not isinstance(out[k], Exception):
                live.append(k)
        if batch_name is None:
            continue
        try:
            BATCH_STEPS[batch_name]([out[k] for k in live], options)
        except Exception:
            for k in live:
                out[k] = guarded(lambda doc=out[k]: _run_steps(doc, options, (batch_name,)))
    return out


def _stages(steps: tuple[str, ...]) -> list[tuple[tuple[str, ...], str | None]]:
    """The steps cut after each batch step: [(steps one by one, then the
    batch step or None)]."""
    stages, run = [], []
    for name in steps:
        if name in BATCH_STEPS:
            stages.append((tuple(run), name))
            run = []
        else:
            run.append(name)
    stages.append((tuple(run), None))
    return stages


def _run_steps(doc: Document, options: Options, steps: tuple[str, ...]) -> Document:
    for name in steps:
        STEPS[name](doc, options)
    return doc


def guarded(fn: Callable[[], object]):
    """fn(), or the exception it raised: handed back in place of its result
    (analyze_many and the batch worker report it for that document)."""
    try:
        return fn()
    except Exception as exc:  # any failure belongs to that one document
        return exc


def new_document(source: InputText | str) -> Document:
    """A Document holding only its input (``SOURCE_FIELDS``), for the steps to fill."""
    if isinstance(source, str):
        source = InputText("<text>", source, "<text>", "txt")
    # Lone surrogates cannot be segmented or written: U+FFFD (reported as damage).
    return Document(id=scrub(source.id), original=scrub(source.text), text="", source=source)


def analyze(source: InputText | str, options: Options | None = None,
            steps: tuple[str, ...] | None = None) -> Document:
    """Analyze one text (an ``InputText`` from a reader, or a plain string).

    ``steps`` (default ``DEFAULT_STEPS``) are checked first; a list that does
    not start with ``normalize`` gets it in front (every later step reads the
    normalized text)."""
    options = options or Options()
    steps = tuple(steps or DEFAULT_STEPS)
    if not steps or steps[0] != "normalize":
        steps = ("normalize",) + steps
    return _run_steps(new_document(source), options, check_steps(steps))
