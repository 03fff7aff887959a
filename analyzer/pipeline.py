"""The analysis pipeline: named steps run in order over a ``Document``.

    normalize -> structure -> tokens -> time_limits -> directives -> problems
              -> classify -> summary

Each step is a function ``(doc, options) -> None`` that fills fields of the
document; ``analyze`` runs them.  Later capabilities add steps here; callers
may run a prefix (``steps=("normalize", "structure")``) when that is all they
need.  Heavy resources (jieba, the model) are loaded once per process by the
steps that need them.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Callable

from .document import Document
from .normalize.pipeline import normalize
from .readers import InputText, scrub
from .structure.outline import build_outline
from .structure.sentences import split_clauses, split_sentences


@dataclass(frozen=True)
class Options:
    ref_date: dt.date | None = None     # resolves relative deadlines; else the document's own date
    tokens: bool = True                  # segment into words (jieba)
    backend: str = "auto"                # word segmenter: auto (rjieba if installed) | jieba | rjieba


Step = Callable[[Document, Options], None]
STEPS: dict[str, Step] = {}
# Steps that also run over many documents at once (``analyze_many``): same
# result per document, less time (the classifier pays numpy's cost per call
# once per batch instead of once per document).
BatchStep = Callable[[list[Document], Options], None]
BATCH_STEPS: dict[str, BatchStep] = {}


def step(name: str) -> Callable[[Step], Step]:
    def register(fn: Step) -> Step:
        STEPS[name] = fn
        return fn
    return register


@step("structure")
def _structure(doc: Document, options: Options) -> None:
    gaps = [r["at"] for r in doc.removed if r["kind"] == "gap"]
    doc.outline = build_outline(doc.text, doc.joins, gaps)
    doc.sentences = split_sentences(doc.text)
    doc.clauses = split_clauses(doc.text)
    parts = doc.outline.parts
    if len(parts) > 1:
        doc.meta["parts"] = len(parts)
        doc.meta["joined_texts"] = True


@step("tokens")
def _tokens(doc: Document, options: Options) -> None:
    if options.tokens:
        from .tokenizer import get_tokenizer

        doc.tokens = get_tokenizer(options.backend).cut(doc.text)


@step("time_limits")
def _time_limits(doc: Document, options: Options) -> None:
    from .extract.timelimits import find_time_limits

    doc.time_limits = find_time_limits(doc.text, doc.ref_date)


@step("directives")
def _directives(doc: Document, options: Options) -> None:
    from .extract.assemble import find_directives

    doc.directives = find_directives(doc)


@step("classify")
def _classify(doc: Document, options: Options) -> None:
    from .classify.apply import classify_document
    from .extract.assemble import heading_spans

    classify_document(doc, heading_spans(doc))


@functools.partial(BATCH_STEPS.__setitem__, "classify")
def _classify_many(docs: list[Document], options: Options) -> None:
    from .classify.apply import classify_documents
    from .extract.assemble import heading_spans

    classify_documents([(doc, heading_spans(doc)) for doc in docs])


@step("summary")
def _summary(doc: Document, options: Options) -> None:
    from .extract.summary import party_counts

    doc.parties = party_counts(doc.directives)


DEFAULT_STEPS = ("structure", "tokens", "time_limits", "directives", "classify", "summary")


def parse_date(value: str | None) -> dt.date | None:
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
    for i, (steps, batch_step) in enumerate(stages):
        live = []
        for k, source in enumerate(sources):
            if i == 0:  # (DEFAULT_STEPS does not start with a batch step: steps is not empty)
                out.append(guarded(lambda: analyze(source, options, steps=steps)))
            elif not isinstance(out[k], Exception):
                out[k] = guarded(lambda doc=out[k]: _run_steps(doc, options, steps))
            if batch_step is not None and not isinstance(out[k], Exception):
                live.append(k)
        if batch_step is None:
            continue
        try:
            BATCH_STEPS[batch_step]([out[k] for k in live], options)
        except Exception:
            for k in live:
                out[k] = guarded(lambda doc=out[k]: _run_steps(doc, options, (batch_step,)))
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


def analyze(source: InputText | str, options: Options | None = None,
            steps: tuple[str, ...] | None = None) -> Document:
    """Analyze one text (an ``InputText`` from a reader, or a plain string)."""
    options = options or Options()
    if isinstance(source, str):
        source = InputText("<text>", source, "<text>", "txt")
    # Lone surrogates cannot be segmented or written: U+FFFD (reported as damage).
    layout = source.layout
    norm = normalize(scrub(source.text), encoding=source.encoding, first=layout.edits if layout else ())
    meta = dict(norm.meta)
    meta["format"] = source.format
    if source.hints:
        for key in ("title",):
            if source.hints.get(key) and not meta.get(key):
                meta[key] = source.hints[key]
    if source.date:
        meta["date"] = source.date
    doc = Document(id=scrub(source.id), original=norm.original, text=norm.text, meta=meta,
                   removed=norm.removed, placeholders=norm.placeholders,
                   offsets=norm.offsets, joins=norm.joins)
    if layout is not None:
        from .formats import page_spans

        doc.pages = page_spans(layout, doc.offsets, len(doc.text))
        if source.hints and source.hints.get("ocr"):
            meta["ocr"] = source.hints["ocr"]
    doc.ref_date = options.ref_date or parse_date(meta.get("date"))
    return _run_steps(doc, options, steps or DEFAULT_STEPS)
