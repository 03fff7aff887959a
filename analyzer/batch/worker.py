"""What a batch worker does: warm up once, then turn documents into JSON lines.

A worker process is set up once (``init``: jieba's dictionary and every rule
table and model the pipeline loads lazily) and then analyzes whole chunks of
documents, returning finished JSON lines, so the main process only writes
strings and the pipe carries no document objects.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field, replace

from ..document import Document
from ..pipeline import Options, analyze, analyze_many, guarded
from ..readers import InputError, texts_from_bytes
from ..resources import DataError
from ..terms import top_terms
from .sources import Task

# Analyzed once per process so that everything the steps load on first use is
# loaded before the first real document (and its time is not charged to it).
WARM_TEXT = ("同志们：\n一、压实整改责任\n"
             "各单位主要负责人要在6月底前完成整改，每月至少通报2次；严禁弄虚作假。")


@dataclass(frozen=True)
class WorkOptions:
    """What each worker is told: the analysis options and what goes into each record."""
    analysis: Options = field(default_factory=Options)
    keep_tokens: bool = False     # write the token list (large) besides top_terms


def work_to_json(work: WorkOptions, version: str) -> str:
    """``work`` and the analyzer version as plain JSON, for a process started
    with them in its environment (the Dask fork server): data, not pickle, so
    nothing in that variable is ever executed."""
    a = work.analysis
    return json.dumps({"version": version, "keep_tokens": work.keep_tokens, "tokens": a.tokens,
                       "backend": a.backend, "ref_date": a.ref_date.isoformat() if a.ref_date else None})


def work_from_json(text: str) -> tuple[WorkOptions, str]:
    """The inverse of ``work_to_json``; ValueError/KeyError/TypeError if it is not one."""
    d = json.loads(text)
    ref = dt.date.fromisoformat(d["ref_date"]) if d["ref_date"] is not None else None
    analysis = Options(ref_date=ref, tokens=bool(d["tokens"]), backend=str(d["backend"]))
    return WorkOptions(analysis=analysis, keep_tokens=bool(d["keep_tokens"])), str(d["version"])


class SetupError(DataError):
    """A worker cannot load what the analysis needs (a data file, a backend):
    no document can be analyzed, so the batch stops with this one line."""


_options: WorkOptions | None = None
_setup_error: str | None = None


def init(options: WorkOptions, in_process: bool = False) -> None:
    """Pool initializer: remember the options and load everything, once."""
    global _options, _setup_error
    # Segmentation always runs: top_terms need the tokens even when they are not written.
    _options = options = replace(options, analysis=replace(options.analysis, tokens=True))
    _setup_error = None
    if not in_process:
        import signal

        # Ctrl-C is for the main process, which stops the pool; a worker that
        # also caught it would print a traceback for every chunk it was on.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from ..tokenizer import get_tokenizer

        get_tokenizer(options.analysis.backend).warm()
        analyze(WARM_TEXT, options.analysis)
    except Exception as exc:
        # A pool initializer that raises only breaks the pool, with a traceback
        # per worker: keep the reason and give it back with the first chunk.
        _setup_error = str(exc) if isinstance(exc, DataError) else f"{type(exc).__name__}: {exc}"
        if in_process:
            raise SetupError(_setup_error) from None


def process(tasks: list[Task]) -> list[tuple[str | None, str | None]]:
    """(JSON line, None) or (None, reason) for each task, in order."""
    if _options is None:
        init(WorkOptions(), in_process=True)
    if _setup_error is not None:
        raise SetupError(_setup_error)
    options = _options
    # The chunk's documents are analyzed together (analyze_many: the
    # classifier runs once over all of them), then written one by one.
    items = [guarded(lambda task=task: _input_of(task)) for task in tasks]
    readable = [k for k, item in enumerate(items) if not isinstance(item, Exception)]
    docs = dict(zip(readable, analyze_many([items[k] for k in readable], options.analysis)))
    return [_one(task, options, docs.get(k, items[k])) for k, task in enumerate(tasks)]


def _input_of(task: Task):
    return task.item if task.item is not None else next(iter(texts_from_bytes(task.data, task.path)))


def _one(task: Task, options: WorkOptions, doc: Document | Exception | None = None) -> tuple[str | None, str | None]:
    try:
        return record_line(task, options, doc), None
    except InputError as exc:
        return None, exc.problem
    except Exception as exc:  # one document's bug must not stop the batch; it goes to the errors file
        reason = f"cannot analyze ({type(exc).__name__}: {str(exc)[:200]})"
        if os.environ.get("ANALYZER_DEBUG"):
            import traceback

            reason += "\n" + traceback.format_exc()
        return None, reason


def record_line(task: Task, options: WorkOptions, doc: Document | Exception | None = None) -> str:
    """The output record of one document: SPEC section 8 plus ``top_terms``,
    ``source`` and ``key`` (written last: resuming reads it from the line's end).
    ``doc``: the document already analyzed (``process`` analyzes a chunk
    at once), or the exception its reading or analysis raised; else it is
    read and analyzed here."""
    if isinstance(doc, Exception):
        raise doc
    if doc is None:
        doc = analyze(_input_of(task), options.analysis)
    rec = doc.to_dict(tokens=options.keep_tokens)
    rec["top_terms"] = top_terms(doc.tokens)
    rec["source"] = {"path": task.path, "line": task.line}
    rec["key"] = {"input": task.where, "sha256": task.sha256}
    return json.dumps(rec, ensure_ascii=False)
