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


def analyze(source: InputText | str, options: Options | None = None,
            steps: tuple[str, ...] | None = None) -> Document:
    """Analyze one text (an ``InputText`` from a reader, or a plain string)."""
    options = options or Options()
    if isinstance(source, str):
        source = InputText("<text>", source, "<text>", "txt")
    # Lone surrogates cannot be segmented or written: U+FFFD (reported as damage).
    norm = normalize(scrub(source.text), encoding=source.encoding)
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
    doc.ref_date = options.ref_date or parse_date(meta.get("date"))
    for name in steps or DEFAULT_STEPS:
        STEPS[name](doc, options)
    return doc
