"""Pipeline components: how a step registers itself and declares what it
reads and fills (spaCy-style ``requires``/``assigns``), and the check of an
order of steps.

Kept apart from ``analyzer.pipeline`` so that an extractor package can
register its own step (``analyzer/extract/<field>/component.py``) without
importing the pipeline that imports it.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Callable

from .document import Document


@dataclass(frozen=True)
class Options:
    """What the caller chooses for a run (the same for every document)."""
    ref_date: dt.date | None = None     # resolves relative deadlines; else the document's own date
    tokens: bool = True                  # segment into words (jieba)
    backend: str = "auto"                # word segmenter: auto (rjieba if installed) | jieba | rjieba


class PipelineError(ValueError):
    """A list of steps that cannot run: an unknown step, or one that reads a
    field no earlier step assigns."""


@dataclass(frozen=True)
class Component:
    """What a step declares: the ``Document`` fields it reads and fills."""
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


Step = Callable[[Document, Options], None]
# name -> function (tests swap one for another here); name -> declaration.
STEPS: dict[str, Step] = {}
COMPONENTS: dict[str, Component] = {}
# Steps that also run over many documents at once (``analyze_many``): same
# result per document, less time (the classifier pays numpy's cost per call
# once per batch instead of once per document).
BatchStep = Callable[[list[Document], Options], None]
BATCH_STEPS: dict[str, BatchStep] = {}
# Fields a new Document has before any step (see ``new_document``).
SOURCE_FIELDS = ("id", "original", "source")


def step(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()) -> Callable[[Step], Step]:
    """Register ``fn`` as the step ``name`` reading ``requires`` and filling
    ``assigns`` (``Document`` field names, checked here)."""
    fields = set(Document.__dataclass_fields__)
    unknown = [f for f in requires + assigns if f not in fields]
    if unknown:
        raise PipelineError(f"step {name!r}: unknown Document field(s) {unknown}")

    def register(fn: Step) -> Step:
        STEPS[name] = fn
        COMPONENTS[name] = Component(name, tuple(requires), tuple(assigns))
        return fn
    return register


def batch_step(name: str) -> Callable[[BatchStep], BatchStep]:
    """Register ``fn`` as the many-documents form of the step ``name`` (same
    declaration, same result per document)."""
    if name not in COMPONENTS:
        raise PipelineError(f"batch step {name!r}: no step of that name")

    def register(fn: BatchStep) -> BatchStep:
        BATCH_STEPS[name] = fn
        return fn
    return register


@functools.cache
def check_steps(steps: tuple[str, ...]) -> tuple[str, ...]:
    """``steps`` if they can run in that order, else a PipelineError naming
    the step and the field it misses."""
    have = set(SOURCE_FIELDS)
    for name in steps:
        comp = COMPONENTS.get(name)
        if comp is None:
            raise PipelineError(f"unknown step {name!r} (known: {', '.join(COMPONENTS)})")
        missing = [f for f in comp.requires if f not in have]
        if missing:
            raise PipelineError(f"step {name!r} requires {', '.join(missing)}, "
                                f"which no step before it assigns (steps: {', '.join(steps)})")
        have.update(comp.assigns)
    return steps
