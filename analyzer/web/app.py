"""The local web page: upload or paste, read the annotated text, edit and export the list.

Routes (all HTML in Chinese by default; ``?lang=en`` switches and is kept in a
cookie):

- ``GET /`` the upload form; ``POST /analyze`` reads the uploads in memory
  (``readers.texts_from_bytes``), analyzes them (``pipeline.analyze``), drafts the
  list (``ledger.build.build_ledger``), keeps the result in the server-side
  store and redirects to the document view;
- ``GET /a/<id>/doc/<n>`` the annotated text of document ``n``;
- ``GET /a/<id>/list`` the editable list; ``GET /a/<id>/list.json`` its JSON;
  ``GET /a/<id>/export.<fmt>`` the drafted list as a file;
- ``POST /export/<fmt>`` the edited list (JSON) as a file, through the same
  writers as ``analyzer issues``; ``POST /api/merge`` two rows merged.

Safety: documents are escaped (Jinja2 autoescape, ``highlight`` escapes every
slice); uploads are capped (``MAX_CONTENT_LENGTH``) and held in memory; a
client's file name is only a label (its last component, for the id and the
reader's choice by extension), never a path; exports are written into a
private temporary folder the server makes and removes; errors are pages in the
user's language, never a traceback; the page loads nothing from outside (a
Content-Security-Policy of 'self' says so to the browser too); JSON endpoints
take ``application/json`` only, so another site cannot post to them from a
form; when bound to loopback only the loopback host names are answered (no
DNS rebinding).
"""
from __future__ import annotations

import dataclasses
import io
import re
import tempfile
from pathlib import Path
from urllib.parse import quote

from flask import Flask, Request, abort, g, jsonify, redirect, render_template, request, send_file, url_for
from werkzeug.exceptions import HTTPException

from .. import __version__
from ..ledger.build import CATEGORIES, Ledger, build_ledger, merge_pair
from ..ledger.export import COLUMNS, NAME_SEPARATORS, ROLE_MARKS, WRITERS, cells, export
from ..pipeline import Options, analyze, parse_date
from ..readers import SUPPORTED, InputError, InputText, texts_from_bytes
from .highlight import document_html, outline_nav
from .i18n import CATEGORY_LABELS, DEFAULT_LANG, LANGS, input_error_text, payload_text, t, words
from .rows import PayloadError, ledger_from_payload, ledger_payload, parse_json, row_from_payload, row_payload
from .store import Analysis, AnalysisStore

MB = 1024 * 1024
DEFAULT_MAX_UPLOAD_MB = 20
DEFAULT_MAX_JSON_BYTES = 8 * MB
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
EXPORT_FORMATS = ("xlsx", "docx", "csv", "md", "json")
MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class InMemoryRequest(Request):
    """Uploaded files stay in memory (werkzeug would spool large ones to a
    temporary file); the size cap bounds what that costs."""

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        return io.BytesIO()


def create_app(*, max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB, allowed_hosts=LOOPBACK_NAMES,
               store: AnalysisStore | None = None, max_json_bytes: int = DEFAULT_MAX_JSON_BYTES) -> Flask:
    """The app.  ``allowed_hosts``: the host names (without port) it answers
    to, or ``None`` for any (when bound to a non-loopback address)."""
    here = Path(__file__).resolve().parent
    app = Flask(__name__, template_folder=str(here / "templates"), static_folder=str(here / "static"))
    app.request_class = InMemoryRequest
    limit = int(max_upload_mb * MB)
    app.config.update(
        MAX_CONTENT_LENGTH=limit,
        MAX_FORM_MEMORY_SIZE=limit,      # pasted text is a form field (werkzeug's own default is 500 kB)
        ANALYZER_MAX_UPLOAD_MB=max_upload_mb,
        ANALYZER_MAX_JSON_BYTES=max_json_bytes,
        ANALYZER_ALLOWED_HOSTS=None if allowed_hosts is None else {h.lower() for h in allowed_hosts},
        JSON_AS_ASCII=False,
        DEBUG=False,
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
    )
    app.json.ensure_ascii = False
    app.extensions["analyzer_store"] = store or AnalysisStore()

    _register_hooks(app)
    _register_pages(app)
    _register_exports(app)
    _register_errors(app)
    return app


def get_store() -> AnalysisStore:
    """The analyses kept by this app (its AnalysisStore)."""
    from flask import current_app

    return current_app.extensions["analyzer_store"]


# --- language, host check, headers ------------------------------------------------

def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _register_hooks(app: Flask) -> None:
    @app.before_request
    def _before():
        asked = request.args.get("lang")
        cookie = request.cookies.get("lang")
        g.lang = asked if asked in LANGS else cookie if cookie in LANGS else DEFAULT_LANG
        g.set_lang = asked if asked in LANGS and asked != cookie else None
        allowed = app.config["ANALYZER_ALLOWED_HOSTS"]
        if allowed is not None and _host_name(request.host) not in allowed:
            g.error_text = t(g.lang, "e400_text")
            abort(400)

    @app.after_request
    def _after(response):
        if getattr(g, "set_lang", None):
            response.set_cookie("lang", g.set_lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
        h = response.headers
        h["Content-Security-Policy"] = CSP
        h["X-Content-Type-Options"] = "nosniff"
        h["X-Frame-Options"] = "DENY"
        h["Referrer-Policy"] = "no-referrer"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        h["Cross-Origin-Resource-Policy"] = "same-origin"
        if not request.path.startswith("/static/"):
            h["Cache-Control"] = "no-store"     # pages hold document text
        return response

    @app.context_processor
    def _globals():
        lang = getattr(g, "lang", DEFAULT_LANG)
        other = "en" if lang == "zh" else "zh"
        args = request.args.to_dict()
        args["lang"] = other
        return {"lang": lang, "T": lambda key, **kw: t(lang, key, **kw), "W": words(lang),
                "other_lang": other, "other_lang_url": request.path + "?" + _query(args),
                "version": __version__, "categories": CATEGORIES, "category_labels": CATEGORY_LABELS[lang],
                "max_upload_mb": app.config["ANALYZER_MAX_UPLOAD_MB"], "accept": _ACCEPT}


def _query(args: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(args)


# The upload form offers every suffix the readers take (readers.FORMATS).
_ACCEPT = ",".join(sorted(s for s in SUPPORTED if s))


# --- pages --------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def client_name(filename: str | None, fallback: str = "upload.txt") -> str:
    """A client's file name as a label: its last component (either slash),
    without control characters, at most 120 characters (the extension kept).
    It is never used as a path."""
    name = _CONTROL.sub("", (filename or "").replace("\\", "/")).rsplit("/", 1)[-1].strip()
    if name in ("", ".", ".."):
        return fallback
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:110] + dot + ext[:9]) if dot and len(ext) <= 9 else name[:120]
    return name


def _unique_ids(items: list[InputText]) -> list[InputText]:
    seen: dict[str, int] = {}
    out = []
    for item in items:
        n = seen.get(item.id, 0) + 1
        seen[item.id] = n
        out.append(item if n == 1 else dataclasses.replace(item, id=f"{item.id} ({n})"))
    return out


def _task_tables(data: bytes, name: str) -> list:
    """The task tables of an uploaded .docx, .pdf or .xlsx (ledger/taskrows.py):
    added to the list where the text readers read that file too; a file they
    cannot be read from is reported by the text reader, not here."""
    from ..ledger.onelist import DocTables
    from ..ledger.tables import read_task_tables
    from ..readers import scrub

    if not name.lower().endswith((".docx", ".pdf", ".xlsx")):
        return []
    try:
        return [DocTables(scrub(Path(name).name), read_task_tables(data, name))]
    except InputError:
        return []


def _with_tables(ledger: Ledger, tables: list, docs: list, ref_date) -> Ledger:
    """The drafted list with the rows of the documents' task tables (one list),
    finished as `analyzer issues` finishes it (ledger/finish.py)."""
    from ..ledger.finish import finish
    from ..ledger.onelist import combine, fill_rows

    ids = {d.id for d in docs}
    tables = [t for t in tables if t.tables and t.doc_id in ids]
    if not tables:
        return finish(ledger, docs)
    fill_rows(tables, docs, ref_date)
    return finish(combine(ledger, tables), docs)


def _analysis(aid: str) -> Analysis:
    found = get_store().get(aid) if len(aid) <= 64 else None
    if found is None:
        abort(404)
    return found


def _register_pages(app: Flask) -> None:
    @app.get("/")
    def index():
        return render_template("index.html", errors=[], paste="", ref_date="")

    @app.post("/analyze")
    def analyze_upload():
        lang = g.lang
        files = [f for f in request.files.getlist("files") if f and f.filename]
        paste = request.form.get("text", "")
        ref_raw = request.form.get("ref_date", "").strip()

        def again(errors, status=400):
            return render_template("index.html", errors=errors, paste=paste, ref_date=ref_raw), status

        if not files and not paste.strip():
            return again([t(lang, "no_input")])
        ref_date = parse_date(ref_raw) if ref_raw else None
        if ref_raw and (ref_date is None or len(ref_raw) != 10):
            return again([t(lang, "bad_date")])

        inputs: list[InputText] = []
        errors: list[str] = []
        tables = []
        for f in files:
            name = client_name(f.filename)
            data = f.read()
            tables += _task_tables(data, name)
            try:
                for item in texts_from_bytes(data, name):
                    (errors.append(_unreadable(lang, item)) if isinstance(item, InputError) else inputs.append(item))
            except InputError as exc:
                errors.append(_unreadable(lang, exc))
        empty = [i for i in inputs if not i.text.strip()]
        errors += [t(lang, "empty_file", name=i.id) for i in empty]
        inputs = [i for i in inputs if i.text.strip()]
        if paste.strip():
            inputs.append(InputText(t(lang, "pasted_name"), paste, "<paste>", "txt"))
        docs = []
        options = Options(ref_date=ref_date, tokens=False)
        for item in _unique_ids(inputs):
            try:
                docs.append(analyze(item, options))
            except Exception as exc:  # one document that fails never stops the others
                app.logger.exception("cannot analyze %s", item.id)
                errors.append(t(lang, "cannot_analyze", name=item.id, kind=type(exc).__name__))
        if not docs:
            return again([t(lang, "none_readable")] + errors)
        aid = get_store().put(Analysis(docs, _with_tables(build_ledger(docs), tables, docs, ref_date), errors))
        return redirect(url_for("document_view", aid=aid, n=0), code=303)

    @app.get("/a/<aid>/")
    def analysis_home(aid):
        _analysis(aid)
        return redirect(url_for("document_view", aid=aid, n=0))

    @app.get("/a/<aid>/doc/<int:n>")
    def document_view(aid, n):
        a = _analysis(aid)
        if n >= len(a.docs):
            abort(404)
        doc = a.docs[n]
        lang = g.lang
        counts = {"d": len(doc.directives), "p": len(doc.problems),
                  "b": len({(p.start, p.end) for d in doc.directives for p in d.parties}),
                  "t": len({(x.start, x.end) for x in doc.time_limits}
                           | {(x.start, x.end) for d in doc.directives for x in d.time_limits})}
        pinyin = sum(1 for r in doc.removed if r.get("kind") == "pinyin")
        parts = len(doc.outline.parts) if doc.outline else 1
        return render_template("document.html", a=a, doc=doc, n=n, text_html=document_html(doc, lang),
                               nav=outline_nav(doc, lang), counts=counts, pinyin=pinyin, parts=parts)

    @app.get("/a/<aid>/list")
    def list_view(aid):
        a = _analysis(aid)
        lang = g.lang
        payload = ledger_payload(a.ledger)
        config = {
            "aid": aid, "lang": lang, "listKey": list_key(payload),
            "docIndex": a.doc_index(),
            "docUrl": url_for("document_view", aid=aid, n=0)[:-1],
            "exportUrl": url_for("export_edited", fmt="FMT")[: -len("FMT")],
            "mergeUrl": url_for("merge_rows"),
            "roleMarks": ROLE_MARKS, "nameSep": NAME_SEPARATORS[lang],
            "categories": list(CATEGORIES),
            "words": {k: words(lang)[k] for k in (
                "confirm_delete", "confirm_reset", "restored", "exporting", "exported", "export_failed",
                "merge_failed", "view_in_text", "added_by_hand", "rows_count", "p_empty_measures",
                "server_failed", "network_failed")},
            "downloadName": "整改台账" if lang == "zh" else "rectification-list",
        }
        rows = [(r, cells(r, _table_lang(lang))) for r in a.ledger.rows]
        return render_template("list.html", a=a, rows=rows, payload=payload, config=config,
                               columns=COLUMNS[lang], doc_index=a.doc_index())

    @app.get("/a/<aid>/list.json")
    def list_json(aid):
        return jsonify(ledger_payload(_analysis(aid).ledger))


def _unreadable(lang: str, exc: InputError) -> str:
    """Why an upload could not be read, in the page's language; a reason the
    page cannot say in it is logged to the console and said generically."""
    from flask import current_app

    text = input_error_text(lang, exc.source, exc.problem)
    if text is None:
        current_app.logger.warning("cannot read %s", exc)
        text = t(lang, "unreadable", name=exc.source, problem=exc.problem)
    return text


def list_key(payload: dict) -> str:
    """The key the page keeps a list's edits under in the browser: a digest
    of the drafted list, so the same documents analyzed again (another id,
    even after a restart) find their edits, and a different draft never does."""
    import hashlib
    import json

    data = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:32]


def _table_lang(lang: str) -> str:
    return lang if lang in COLUMNS else "zh"


# --- exports and row operations ---------------------------------------------------

def _json_body() -> object:
    """The request's JSON, within the size limit; only application/json."""
    from flask import current_app

    if request.mimetype != "application/json":
        abort(415)
    limit = current_app.config["ANALYZER_MAX_JSON_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        g.error_text = t(g.lang, "p_too_large", limit=limit)
        abort(413)
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        g.error_text = t(g.lang, "p_too_large", limit=limit)
        abort(413)
    return parse_json(data)


def send_ledger(ledger: Ledger, fmt: str, lang: str):
    """The list as a file of format ``fmt``, written by the exporter into a
    private temporary folder (removed at once) and sent from memory."""
    with tempfile.TemporaryDirectory(prefix="analyzer-web-") as tmp:   # mode 0700
        path = Path(tmp) / f"list.{fmt}"
        export(ledger, path, lang=lang)
        data = path.read_bytes()
    name = ("整改台账" if lang == "zh" else "rectification-list") + f".{fmt}"
    response = send_file(io.BytesIO(data), mimetype=MIMETYPES[fmt], max_age=0)
    # an ASCII name for old clients, the Chinese one (RFC 6266/5987) for the rest
    response.headers["Content-Disposition"] = (f'attachment; filename="rectification-list.{fmt}"; '
                                               f"filename*=UTF-8''{quote(name)}")
    return response


def _check_format(fmt: str) -> str:
    if fmt not in EXPORT_FORMATS or f".{fmt}" not in WRITERS:
        raise PayloadError("format", fmt=fmt[:20], choices=", ".join(EXPORT_FORMATS))
    return fmt


def _export_lang() -> str:
    asked = request.args.get("table")
    return asked if asked in COLUMNS else _table_lang(g.lang)


def _register_exports(app: Flask) -> None:
    @app.get("/a/<aid>/export.<fmt>")
    def export_drafted(aid, fmt):
        a = _analysis(aid)
        return send_ledger(a.ledger, _check_format(fmt), _export_lang())

    @app.post("/export/<fmt>")
    def export_edited(fmt):
        _check_format(fmt)
        ledger = ledger_from_payload(_json_body())
        return send_ledger(ledger, fmt, _export_lang())

    @app.post("/api/merge")
    def merge_rows():
        from .rows import array, obj

        body = obj({"rows": array(lambda v, where: v, 2)})(_json_body(), "merge")
        if len(body["rows"]) != 2:
            raise PayloadError("type", where="merge.rows", expected="array of 2 rows")
        first, second = (row_from_payload(r, f"merge.rows[{i}]", None, i + 1) for i, r in enumerate(body["rows"]))
        return jsonify({"row": row_payload(merge_pair(first, second))})

    @app.errorhandler(PayloadError)
    def _payload_error(exc: PayloadError):
        return jsonify({"error": payload_text(g.lang, exc.code, exc.params), "code": exc.code}), 400


# --- errors -----------------------------------------------------------------------

def _wants_json() -> bool:
    p = request.path
    return p.startswith(("/export/", "/api/")) or p.endswith(".json")


def _register_errors(app: Flask) -> None:
    def page(status: int, title: str, text: str, original=None):
        if _wants_json():
            return jsonify({"error": text or title}), status
        if status == 413 and request.path == "/analyze":
            _drain()
            return render_template("index.html", errors=[text], paste="", ref_date=""), 413
        return render_template("error.html", status=status, title=title, text=text), status

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        lang = getattr(g, "lang", DEFAULT_LANG)
        status = exc.code or 500
        key = f"e{status}"
        title = t(lang, key) if key in words(lang) else t(lang, "e_other", status=status)
        text = getattr(g, "error_text", None)
        if text is None:
            if status == 413:
                text = t(lang, "too_large", mb=_mb(app.config["ANALYZER_MAX_UPLOAD_MB"]))
            elif f"{key}_text" in words(lang):
                text = t(lang, f"{key}_text")
            else:
                text = t(lang, "e_other_text")
        return page(status, title, text)

    @app.errorhandler(Exception)
    def _internal(exc: Exception):
        if isinstance(exc, HTTPException):   # pragma: no cover - handled above
            return _http(exc)
        app.logger.exception("internal error on %s", request.path)   # to the console, never the page
        lang = getattr(g, "lang", DEFAULT_LANG)
        return page(500, t(lang, "e500"), t(lang, "e500_text"))


def _mb(value: float) -> str:
    return f"{value:g}"


def _drain(limit: int = 256 * MB) -> None:
    """Read what is left of a refused upload, so that the browser, still
    sending, gets the page instead of a reset connection."""
    n = request.content_length or 0
    if not 0 < n <= limit:
        return
    stream = request.environ.get("wsgi.input")
    try:
        while n > 0:
            chunk = stream.read(min(n, 1 << 16))
            if not chunk:
                break
            n -= len(chunk)
    except Exception:  # the client went away: nothing to answer
        pass

