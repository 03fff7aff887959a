"""Batch records to tidy rows: one row a document, sentence, section,
directive, directive party, time limit, problem and removed span.

Rows are tuples in the order of ``schema.TABLES[name].names``; each list in
a record gives exactly one row per item, so the tables' row counts are the
JSON's counts.  Fields other tools add later (``meta.issuer``,
``meta.doc_number``, ``meta.genre``, a directive's ``issuer``, ``pages``) fill
their columns when present and are null when absent.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from functools import cache
from typing import Iterable, Iterator

from .. import __version__
from ..readers import InputError
from ..stats import CATEGORIES, source_of
from .schema import TABLES

_YEAR_TITLE = re.compile(r"^\s*((?:19|20)\d\d)年")
_YEAR_NAME = re.compile(r"^((?:19|20)\d\d)(?!\d)")
_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d")


@cache
def model_sha256() -> str | None:
    """The installed classifier's weights hash (from its JSON; the weights are
    not loaded), or None when there is no model."""
    from ..resources import model_path

    try:
        return json.loads(model_path("classifier.json").read_text(encoding="utf-8")).get("weights_sha256")
    except (OSError, ValueError):
        return None


def provenance(inputs: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The ``provenance`` table's rows: analyzer version, model hash, when, from what."""
    rows = [("analyzer_version", __version__), ("model_sha256", model_sha256() or ""),
            ("written_at", dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))]
    for k, path in enumerate(inputs, 1):
        rows += [(f"input_{k}", str(path)), (f"input_{k}_sha256", _sha256(path))]
    return rows


def _sha256(path) -> str:
    import hashlib

    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return ""  # read_results has already said why, in one line
    return h.hexdigest()


class DocIds:
    """Unique document ids: the record's id, or ``id#2``, ``id#3`` … on repeats
    (skipping a suffixed id that a record already has as its own)."""

    def __init__(self):
        self.issued: set[str] = set()

    def __call__(self, rec: dict) -> str:
        src = rec.get("source") if isinstance(rec.get("source"), dict) else {}
        base = str(rec.get("id") or src.get("path") or "doc")
        doc_id, n = base, 1
        while doc_id in self.issued:
            n += 1
            doc_id = f"{base}#{n}"
        self.issued.add(doc_id)
        return doc_id


def _text(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (list, tuple)):
        return "；".join(str(v) for v in value) or None
    if isinstance(value, dict):
        return value.get("text") or None
    return str(value)


def _int(value) -> int | None:
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def year_of(meta: dict, doc_id: str, source: str) -> tuple[int | None, str | None]:
    """The document's year and where it came from: its date, a year that
    opens its title (``2006年…``), or one that opens its file name (``2023_…``)."""
    date = str(meta.get("date") or "")
    if _ISO_DATE.match(date):
        return int(date[:4]), "date"
    m = _YEAR_TITLE.match(str(meta.get("title") or ""))
    if m:
        return int(m.group(1)), "title"
    name = (source or doc_id).replace("\\", "/").rsplit("/", 1)[-1]
    m = _YEAR_NAME.match(name) or _YEAR_NAME.match(doc_id)
    if m:
        return int(m.group(1)), "file name"
    return None, None


_INTEGERS = {c for c, t in TABLES["documents"].columns if t == "INTEGER"}


def document_row(rec: dict, doc_id: str, user: dict | None = None) -> dict:
    """The ``documents`` row of a record, as a dict by column; ``user``: the
    user's metadata for it, which wins over the record's own where given."""
    meta = rec.get("meta") if isinstance(rec.get("meta"), dict) else {}
    source = source_of(rec)
    year, year_from = year_of(meta, doc_id, source)
    row = {"doc_id": doc_id, "source": source, "year": year, "year_from": year_from,
           "length": len(rec.get("text") or ""), "pages": _int(rec.get("pages", meta.get("pages"))),
           "analyzer_version": __version__, "model_sha256": model_sha256()}
    for key in ("title", "date", "issuer", "doc_number", "speaker", "occasion", "addressees", "genre", "script",
                "encoding"):
        row[key] = _text(meta.get(key))
    for key in ("sentences", "directives", "time_limits", "problems", "removed"):
        row[key] = len(rec.get(key) or [])
    row["sections"] = sum(1 for _ in _walk(rec.get("outline") or []))
    row["parties"] = sum(len(d.get("parties") or []) for d in rec.get("directives") or [])
    for name in ("directives", "problems"):
        counts = Counter(_category(i) for i in rec.get(name) or [])
        row.update({f"{name}_{c}": counts.get(c, 0) for c in CATEGORIES})
    given = {k: v for k, v in (user or {}).items() if v not in (None, "")}
    if row["genre"]:
        # The one exception: a genre the analyzer read from the document itself
        # (meta.genre) is kept over the user's (the lead's rule for issue 19).
        given.pop("genre", None)
    if given:
        row.update(given)
        for key in _INTEGERS & given.keys():
            row[key] = _int(given[key])
        if "year" in given:
            row["year_from"] = "meta"
        elif "date" in given:
            row["year"], row["year_from"] = year_of(given, doc_id, source)
    return row


def _category(item: dict) -> str:
    # As analyzer stats counts them: anything else is "other".
    return item.get("category") if item.get("category") in CATEGORIES else "other"


def _walk(sections: list, parent: int | None = None, path: tuple = ()) -> Iterator[tuple[dict, int | None, tuple]]:
    for s in sections:
        if isinstance(s, dict):
            label = f"{s.get('marker') or ''}{s.get('heading') or ''}"
            yield s, parent, path + (label,)
            yield from _walk(s.get("children") or [], id(s), path + (label,))


def _days(by: str | None, date: str | None) -> int | None:
    if not by or not date:
        return None
    try:
        return (dt.date.fromisoformat(by[:10]) - dt.date.fromisoformat(date[:10])).days
    except ValueError:
        return None


def time_limit_values(tl: dict, doc_date: str | None) -> dict:
    """The normalized value columns of a time limit (SPEC section 8 shapes)."""
    v = tl.get("value") if isinstance(tl.get("value"), dict) else {}
    by = v.get("by") if tl.get("type") == "deadline" else v.get("date")
    by = by if isinstance(by, str) and _ISO_DATE.match(by) else None
    cadence = v.get("cadence") if isinstance(v.get("cadence"), list) else []
    period = v.get("every") or v.get("duration") or v.get("within")
    if not period and cadence:
        period = ";".join(str(c.get("every")) for c in cadence if isinstance(c, dict) and c.get("every"))
    anchor = next((f"{k}:{v[k]}" for k in ("after", "before", "during", "end_of") if v.get(k)), None)
    return {"by_date": by[:10] if by else None, "by_time": by[11:] if by and "T" in by else None,
            "period": period or None, "min_count": _int(v.get("min_count")), "max_count": _int(v.get("max_count")),
            "weekday": _int(v.get("weekday")), "level": v.get("level"),
            "ongoing": 1 if v.get("ongoing") else None, "anchor": anchor,
            "unspecified": 1 if v.get("unspecified") else None, "days_from_doc": _days(by, doc_date),
            "value": json.dumps(v, ensure_ascii=False) if v else None}


def _scores(item: dict) -> dict:
    scores = item.get("scores") if isinstance(item.get("scores"), dict) else {}
    return {f"score_{c}": scores.get(c) for c in CATEGORIES}


def _tuple(table: str, d: dict) -> tuple:
    return tuple(d.get(c) for c in TABLES[table].names)


def explode(rec: dict, doc_id: str, user=None) -> dict[str, list]:
    """Every table's rows for one record: ``documents`` has one row, a dict
    (the user's metadata, ``meta.UserMeta``, may add columns), the others tuples."""
    text = rec.get("text") or ""
    src = rec.get("source") if isinstance(rec.get("source"), dict) else {}
    doc = document_row(rec, doc_id, user.lookup(doc_id, src.get("path") or "") if user else None)
    out: dict[str, list] = {"documents": [doc]}
    out["sentences"] = [(doc_id, k, s.get("start"), s.get("end"), text[s.get("start") or 0:s.get("end") or 0])
                        for k, s in enumerate(rec.get("sentences") or [], 1)]
    numbers: dict[int, int] = {}
    sections = []
    for k, (s, parent, path) in enumerate(_walk(rec.get("outline") or []), 1):
        numbers[id(s)] = k
        sections.append((doc_id, k, numbers.get(parent), s.get("level"), s.get("marker"), s.get("heading"),
                         s.get("start"), s.get("end"), " > ".join(path)))
    out["sections"] = sections
    directives, parties, where = [], [], {}
    for k, d in enumerate(rec.get("directives") or [], 1):
        tls = d.get("time_limits") or []
        for t in tls:
            where.setdefault((t.get("start"), t.get("end")), k)
        start = d.get("start") or 0
        # Sections come in document order, parents first: the last one that holds the start is the deepest.
        inside = [s[1] for s in sections if (s[6] or 0) <= start < (s[7] or 0)]
        directives.append(_tuple("directives", {
            "doc_id": doc_id, "directive_no": k, "start": d.get("start"), "end": d.get("end"), "text": d.get("text"),
            "modality": d.get("modality"), "trigger": d.get("trigger"), "action": d.get("action"),
            "issuer": _text(d.get("issuer")), "category": d.get("category"), **_scores(d),
            "section_no": inside[-1] if inside else None, "section_path": " > ".join(d.get("section") or []) or None,
            "parties": len(d.get("parties") or []), "time_limits": len(tls),
            "has_deadline": int(any(t.get("type") == "deadline" for t in tls))}))
        for j, p in enumerate(d.get("parties") or [], 1):
            parties.append((doc_id, k, j, p.get("text"), p.get("name") or p.get("text"), p.get("kind"),
                            p.get("role"), int(bool(p.get("inherited"))), p.get("start"), p.get("end")))
    out["directives"], out["parties"] = directives, parties
    out["time_limits"] = [_tuple("time_limits", {
        "doc_id": doc_id, "time_limit_no": k, "directive_no": where.get((t.get("start"), t.get("end"))),
        "start": t.get("start"), "end": t.get("end"), "text": t.get("text"), "type": t.get("type"),
        **time_limit_values(t, doc["date"])}) for k, t in enumerate(rec.get("time_limits") or [], 1)]
    out["problems"] = [_tuple("problems", {"doc_id": doc_id, "problem_no": k, "start": p.get("start"),
                                           "end": p.get("end"), "text": p.get("text"),
                                           "category": p.get("category"), **_scores(p)})
                       for k, p in enumerate(rec.get("problems") or [], 1)]
    out["removed"] = [(doc_id, k, r.get("start"), r.get("end"), r.get("kind"), r.get("text"))
                      for k, r in enumerate(rec.get("removed") or [], 1)]
    return out


def read_all(paths) -> Iterator[dict | InputError]:
    """The records of several results files, one after the other; every file
    is opened first, so a missing one is an error before anything is written."""
    from ..stats import read_results

    opened = [read_results(path) for path in paths]

    def chained():
        for recs in opened:
            yield from recs
    return chained()


def exploded(records, user=None, on_error=None) -> Iterator[tuple[dict, dict[str, list]]]:
    """(record, ``explode``'s rows) over a stream of records
    (``stats.read_results``), with unique ids.  An unreadable line, or a
    record whose fields have the wrong shapes, goes to ``on_error`` as an
    InputError naming it and is skipped; the others go on."""
    ids = DocIds()
    for rec in records:
        if not isinstance(rec, InputError):
            doc_id = ids(rec)
            try:
                yield rec, explode(rec, doc_id, user)
                continue
            except (AttributeError, TypeError, ValueError, KeyError) as exc:
                rec = InputError(doc_id, f"not an analyzer record ({type(exc).__name__}: {exc})"[:200])
        if on_error:
            on_error(rec)
