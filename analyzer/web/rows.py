"""The rectification list as the page edits it: a Ledger to JSON and back.

The page gets the drafted list as JSON (``ledger_payload``: the shape of
``Ledger.to_dict``, without the fields derived from others — a row's
``time_limit`` text and ``link``, the list's ``title``), edits it, and posts it
back to export.  ``ledger_from_payload`` rebuilds a ``Ledger`` of the library's
own classes from it, so the export goes through the same writers as
``analyzer issues``.  The check is strict: an unknown field, a missing one, a
wrong type, a value out of its set, an empty measure, a source naming a
document not in the list, too many items or too long a text is a
``PayloadError`` naming where it is; nothing is guessed or dropped silently.
"""
from __future__ import annotations

import json
import math
from typing import Any, Callable

from ..ledger.build import CATEGORIES, Ledger, Responsible, Row, Source

VERSION = 1
MAX_ROWS = 5000
MAX_ITEMS = 500            # measures, parties, time limits, sources … of one row
MAX_TEXT = 20_000          # characters in one text field
MAX_SHORT = 1_000          # characters in a name, an id, a label
MAX_OFFSET = 2 ** 40
ROLES = ("lead", "support", "supervise")
LINKS = ("frame", "sentence", "section", "none", "manual", "table", "heading", "list")   # heading, list: ledger/problems.py


class PayloadError(ValueError):
    """What is wrong with a posted list: a message code (``i18n`` key ``p_<code>``) and its values."""

    def __init__(self, code: str, **params):
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


# --- Ledger -> JSON ---------------------------------------------------------------

def row_payload(row: Row) -> dict:
    """A row as the page sends it back (the derived fields left out)."""
    data = row.to_dict()
    data.pop("time_limit", None)     # derived from time_limits
    data.pop("link", None)           # derived from the first source
    return data


def ledger_payload(ledger: Ledger) -> dict:
    """A list as the page sends it back."""
    return {"version": VERSION, "documents": [dict(d) for d in ledger.documents],
            "rows": [row_payload(r) for r in ledger.rows], "unaddressed": list(ledger.unaddressed),
            "skipped": list(ledger.skipped), "threshold": ledger.threshold}


# --- checking ---------------------------------------------------------------------

Check = Callable[[Any, str], Any]


def _type_name(v) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer",
            float: "number", type(None): "null"}.get(type(v), type(v).__name__)


def text(limit: int = MAX_TEXT, *, empty: bool = True, null: bool = False) -> Check:
    """A check for a string of at most ``limit`` characters (``empty``, ``null``: allowed or not)."""
    def check(v, where):
        if v is None and null:
            return None
        if not isinstance(v, str):
            raise PayloadError("type", where=where, expected="string" + (" or null" if null else ""))
        if len(v) > limit:
            raise PayloadError("too_long", where=where, limit=limit)
        if not empty and not v.strip():
            raise PayloadError("empty", where=where)
        return v
    return check


def integer(lo: int = 0, hi: int = MAX_OFFSET) -> Check:
    """A check for an integer in [lo, hi]."""
    def check(v, where):
        if isinstance(v, bool) or not isinstance(v, int):
            raise PayloadError("type", where=where, expected="integer")
        if not lo <= v <= hi:
            raise PayloadError("choice", where=where, choices=f"{lo}…{hi}")
        return v
    return check


def number(lo: float, hi: float) -> Check:
    """A check for a finite number in [lo, hi]."""
    def check(v, where):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise PayloadError("type", where=where, expected="number")
        if not lo <= v <= hi:
            raise PayloadError("choice", where=where, choices=f"{lo}…{hi}")
        return float(v)
    return check


def boolean(v, where):
    """Check that ``v`` is a boolean (PayloadError naming ``where`` otherwise)."""
    if not isinstance(v, bool):
        raise PayloadError("type", where=where, expected="boolean")
    return v


def choice(options, *, null: bool = False) -> Check:
    """A check for one of ``options`` (or null when ``null``)."""
    def check(v, where):
        if v is None and null:
            return None
        if v not in options:
            shown = ", ".join(options) + (", null" if null else "")
            raise PayloadError("choice", where=where, choices=shown)
        return v
    return check


def array(item: Check, limit: int = MAX_ITEMS) -> Check:
    """A check for a list of at most ``limit`` items, each passing ``item``."""
    def check(v, where):
        if not isinstance(v, list):
            raise PayloadError("type", where=where, expected="array")
        if len(v) > limit:
            raise PayloadError("too_many", where=where, limit=limit)
        return [item(x, f"{where}[{i}]") for i, x in enumerate(v)]
    return check


def obj(required: dict[str, Check], optional: dict[str, Check] | None = None) -> Check:
    """A check for an object with the ``required`` keys, maybe the ``optional`` ones, and no other."""
    optional = optional or {}

    def check(v, where):
        if not isinstance(v, dict):
            raise PayloadError("type", where=where, expected="object")
        for key in v:
            if key not in required and key not in optional:
                raise PayloadError("unknown", where=where, field=json.dumps(key, ensure_ascii=False)[:80])
        for key in required:
            if key not in v:
                raise PayloadError("missing", where=where, field=key)
        return {k: (required.get(k) or optional[k])(x, f"{where}.{k}") for k, x in v.items()}
    return check


def json_object(v, where):
    """A normalized value (a time limit's): an object or null, anything JSON inside."""
    if v is not None and not isinstance(v, dict):
        raise PayloadError("type", where=where, expected="object or null")
    return v


def _span(v, where):
    v = obj({"start": integer(), "end": integer()})(v, where)
    if v["start"] > v["end"]:
        raise PayloadError("offsets", where=where)
    return (v["start"], v["end"])


def _pair(v, where):
    v = array(integer(), 2)(v, where)
    if len(v) != 2 or v[0] > v[1]:
        raise PayloadError("offsets", where=where)
    return v


def _responsible(kind: str) -> Check:
    check = obj({"name": text(MAX_SHORT, empty=False)},
                {"text": text(MAX_SHORT), "kind": choice((kind,)), "role": choice(ROLES, null=True),
                 "inherited": boolean})

    def build(v, where):
        v = check(v, where)
        name = v["name"].strip()
        return Responsible(name, v.get("text") or name, kind, v.get("role"), v.get("inherited", False))
    return build


_time_limit = obj({"text": text(MAX_SHORT, empty=False)},
                  {"type": text(40, null=True), "value": json_object})

_source_fields = obj(
    {"doc": text(MAX_SHORT, empty=False), "section": array(text(MAX_SHORT), 10), "link": choice(LINKS),
     "problems": array(_span), "measures": array(_span), "span": _span},
    {"title": text(MAX_SHORT, null=True),
     "original": obj({}, {"problems": array(_pair), "measures": array(_pair)}),
     # a task-table row's (ledger/taskrows.py TableSource)
     "table": obj({"name": text(MAX_SHORT), "row": integer()},
                  {"columns": json_object, "page": integer()}),
     "cited": text(MAX_TEXT),
     "cite": json_object,       # section title, paragraph, page (ledger/cite.py)
     "page": integer(1, 10 ** 6)})   # PDF/images: the page of the row's first span

_row_fields = obj(
    {"problem": text(), "category": choice(CATEGORIES), "measures": array(text()),
     "bodies": array(_responsible("body")), "roles": array(_responsible("role")),
     "time_limits": array(_time_limit), "sources": array(_source_fields)},
    {"no": integer(0, 10 ** 9), "problem_category": choice(CATEGORIES, null=True),
     "status": text(MAX_SHORT)})

_document = obj({"id": text(MAX_SHORT, empty=False)},
                {"title": text(MAX_SHORT, null=True), "date": text(40, null=True),
                 "text_length": integer(), "rows": integer(), "unaddressed": integer(), "tables": integer()})

_unaddressed = obj({"doc": text(MAX_SHORT, empty=False), "text": text(), "start": integer(), "end": integer()},
                   {"category": choice(CATEGORIES, null=True), "section": array(text(MAX_SHORT), 10),
                    "link": text(40)})

_skipped = obj({"doc": text(MAX_SHORT, empty=False), "text": text(), "start": integer(), "end": integer()},
               {"reason": text(40)})

_ledger_fields = obj(
    {"documents": array(_document, 1000), "rows": array(lambda v, where: v, MAX_ROWS)},
    {"version": choice((VERSION,)), "unaddressed": array(_unaddressed, 100_000),
     "skipped": array(_skipped, 100_000), "threshold": number(0.0, 1.0)})


def row_from_payload(data, where: str = "row", doc_ids: set[str] | None = None, number: int = 1) -> Row:
    """One posted row as a ``Row``; ``doc_ids`` (when given) are the documents
    its sources may name; ``number`` is the row's place, for messages."""
    v = _row_fields(data, where)
    measures = [m.strip() for m in v["measures"] if m.strip()]
    if not measures:
        raise PayloadError("empty_measures", row=number)
    sources = []
    for i, s in enumerate(v["sources"]):
        if doc_ids is not None and s["doc"] not in doc_ids:
            raise PayloadError("unknown_doc", where=f"{where}.sources[{i}].doc", doc=s["doc"])
        args = (s["doc"], s.get("title"), tuple(s["section"]), tuple(s["problems"]),
                tuple(s["measures"]), s["span"], s["link"], s.get("original") or {}, s.get("cite") or {})
        sources.append(Source(*args, page=s.get("page")) if "table" not in s else _table_source(args, s))
    limits = [{"text": tl["text"].strip(), "type": tl.get("type"), "value": tl.get("value")}
              for tl in v["time_limits"]]
    args = (v["problem"].strip(), v["category"], measures, v["bodies"], v["roles"], limits, sources,
            v.get("problem_category"), v.get("no", number))
    if "status" in v:   # a row read from a task table keeps its status (ledger/taskrows.py)
        from ..ledger.taskrows import TaskRow

        return TaskRow(*args, status=v["status"])
    return Row(*args)


def _table_source(args: tuple, s: dict) -> Source:
    from ..ledger.taskrows import TableSource

    t = s["table"]
    return TableSource(*args, table=t["name"], row=t["row"], columns=tuple((t.get("columns") or {}).items()),
                       page=t.get("page", 0), cited=s.get("cited", ""))


def ledger_from_payload(data) -> Ledger:
    """The posted list as a ``Ledger`` (rows renumbered, counts redone)."""
    v = _ledger_fields(data, "list")
    ids: set[str] = set()
    for i, d in enumerate(v["documents"]):
        if d["id"] in ids:
            raise PayloadError("duplicate_doc", where=f"list.documents[{i}].id", doc=d["id"])
        ids.add(d["id"])
    rows = [row_from_payload(r, f"list.rows[{i}]", ids, i + 1) for i, r in enumerate(v["rows"])]
    for name in ("unaddressed", "skipped"):
        for i, item in enumerate(v.get(name, [])):
            if item["doc"] not in ids:
                raise PayloadError("unknown_doc", where=f"list.{name}[{i}].doc", doc=item["doc"])
    documents = [{"id": d["id"], "title": d.get("title"), "date": d.get("date"),
                  "text_length": d.get("text_length", 0)} for d in v["documents"]]
    ledger = Ledger(rows, documents, v.get("unaddressed", []), v.get("skipped", []), v.get("threshold", 0.0))
    ledger.renumber()
    return ledger


def parse_json(data: bytes):
    """Bytes to JSON, refusing NaN/Infinity and anything that is not UTF-8 JSON."""
    def no_constants(name):
        raise ValueError(f"{name} is not allowed")
    try:
        return json.loads(data.decode("utf-8"), parse_constant=no_constants)
    except UnicodeDecodeError:
        raise PayloadError("json", detail="not UTF-8") from None
    except RecursionError:
        raise PayloadError("json", detail="nested too deeply") from None
    except ValueError as exc:
        raise PayloadError("json", detail=str(exc)[:200]) from None
