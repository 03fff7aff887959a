"""Read inputs into texts: .txt in any common Chinese encoding, .html, .docx,
JSON Lines of {"id", "text", "date"?}, PDF and page images (analyzer.formats),
and standard input.

Every failure is an ``InputError`` whose message names the file and the
problem in one line; callers print it and go on (a batch records it).  Nothing
here executes anything from a file: HTML scripts are dropped unread, Word
files are read as XML inside a size-checked zip.
"""
from __future__ import annotations

import codecs
import io
import json
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

from .encoding import DecodeError, decode
from .formats import IMAGE_SUFFIXES, PDF_SUFFIXES
from .limits import DEFAULT_MAX_BYTES  # noqa: F401  (re-exported: readers.DEFAULT_MAX_BYTES)
# A .docx is a zip; its XML may not inflate beyond this (zip bombs).
MAX_DOCX_INFLATED = 256 * 1024 * 1024
MAX_DOCX_RATIO = 200

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
DOCX_SUFFIXES = {".docx"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# analyzer/formats: Markdown (front matter), Excel, Word 97-2003/WPS by a converter
MD_SUFFIXES = {".md", ".markdown"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CONVERTED_SUFFIXES = {".doc", ".wps"}
# The one table of readable files: the CLI, `analyzer batch` (its default
# globs) and the web upload all take what is listed here.  Suffix -> format.
FORMATS = {**{s: "txt" for s in TEXT_SUFFIXES}, **{s: "html" for s in HTML_SUFFIXES},
           **{s: "docx" for s in DOCX_SUFFIXES}, **{s: "jsonl" for s in JSONL_SUFFIXES},
           **{s: "pdf" for s in PDF_SUFFIXES}, **{s: "image" for s in IMAGE_SUFFIXES},
           **{s: "md" for s in MD_SUFFIXES}, **{s: "xlsx" for s in XLSX_SUFFIXES},
           **{s: s[1:] for s in CONVERTED_SUFFIXES}}
SUPPORTED = set(FORMATS)


def shown_suffixes() -> str:
    """The readable suffixes as a user reads them: `.txt, .html, …`."""
    return ", ".join(sorted(s for s in SUPPORTED if s))


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def scrub(s: str) -> str:
    """Lone surrogates (a JSON "\\ud800" escape, the undecodable bytes of a file
    name) become U+FFFD: no encoder can write them, and the normalizer reports
    U+FFFD as damage."""
    return _SURROGATE_RE.sub("\ufffd", s) if _SURROGATE_RE.search(s) else s


class InputError(Exception):
    """An input that cannot be read; the message names it and says why."""

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


@dataclass(frozen=True)
class InputText:
    """One input document as read: id, decoded text, where it came from and its format."""
    id: str
    text: str
    source: str            # path, or "<stdin>", with ":line" for JSON Lines records
    format: str            # txt | html | docx | jsonl | pdf | image | md | xlsx | doc | wps
    encoding: str | None = None
    date: str | None = None
    hints: dict | None = None  # metadata the container gave (HTML <title> …)
    layout: object = None      # PDF/images: formats.layout.Assembled (edits applied first, pages)


def read_bytes(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file, refused above ``max_bytes``."""
    name = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(name, "broken symbolic link") from None
        raise InputError(name, "no such file") from None
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(name, "is a directory (use `analyzer batch` for folders)")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(name, "is not a regular file")
    if st.st_size > max_bytes:
        raise InputError(name, f"is {st.st_size:,} bytes, above the limit of {max_bytes:,} (raise it with --max-bytes)")
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputError(name, f"is above the limit of {max_bytes:,} bytes (raise it with --max-bytes)")
    return data


def _decode(data: bytes, name: str) -> tuple[str, str]:
    try:
        return decode(data)
    except DecodeError as exc:
        raise InputError(name, str(exc)) from None


def check_suffix(path: str | os.PathLike) -> str:
    """The lower-case suffix of a supported file, else an InputError."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(str(path), f"unsupported file type '{suffix}' (supported: {shown_suffixes()})")
    return suffix


def read_path(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[InputText]:
    """The text(s) of one file: one for documents, one per record for JSON Lines."""
    check_suffix(path)
    yield from texts_from_bytes(read_bytes(path, max_bytes), path)


def texts_from_bytes(data: bytes, path: str | os.PathLike) -> Iterator[InputText]:
    """The text(s) of a file's bytes already read (a batch reads in one process
    and decodes in another); the suffix of ``path`` says how to read them."""
    path = Path(path)
    name = str(path)
    suffix = check_suffix(path)
    doc_id = scrub(path.name)
    if suffix in PDF_SUFFIXES or suffix in IMAGE_SUFFIXES:
        from .formats import layout_input

        yield layout_input(data, path, suffix)
    elif suffix in DOCX_SUFFIXES:
        yield InputText(doc_id, docx_text(data, name), name, "docx")
    elif suffix in HTML_SUFFIXES:
        text, encoding = _decode_html(data, name)
        body, hints = html_text(text)
        yield InputText(doc_id, body, name, "html", encoding, hints=hints)
    elif suffix in JSONL_SUFFIXES:
        text, _ = _decode(data, name)
        yield from jsonl_records(text, name)
    elif suffix in MD_SUFFIXES:
        text, encoding = _decode(data, name)
        yield InputText(doc_id, text, name, "md", encoding)
    elif suffix in XLSX_SUFFIXES | CONVERTED_SUFFIXES:
        from .formats import office

        if suffix in XLSX_SUFFIXES:
            yield InputText(doc_id, office.xlsx_text(data, name), name, "xlsx")
        else:
            yield InputText(doc_id, office.converted_text(data, name, suffix), name, suffix[1:])
    else:
        text, encoding = _decode(data, name)
        yield InputText(doc_id, text, name, "txt", encoding)


def read_stdin(stream=None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[InputText]:
    """Standard input: JSON Lines when every non-blank line is a JSON object
    with a "text", else one plain text."""
    import sys

    stream = stream if stream is not None else sys.stdin.buffer
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError("<stdin>", f"is above the limit of {max_bytes:,} bytes (raise it with --max-bytes)")
    text, encoding = _decode(data, "<stdin>")
    if looks_like_jsonl(text):
        yield from jsonl_records(text, "<stdin>")
    else:
        yield InputText("<stdin>", text, "<stdin>", "txt", encoding)


def looks_like_jsonl(text: str) -> bool:
    """Whether a text is JSON Lines (its first lines are JSON objects), whatever its file name."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines or not all(ln.lstrip().startswith("{") for ln in lines[:50]):
        return False
    try:
        first = json.loads(lines[0])
    except json.JSONDecodeError:
        return False
    return isinstance(first, dict) and "text" in first


def jsonl_records(text: str, name: str) -> Iterator[InputText | InputError]:
    """One InputText per record; a bad record yields an InputError in its
    place (not raised), so the records after it are still read."""
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield jsonl_record(line, name, lineno)


def _int_or_digits(digits: str) -> int | str:
    """A JSON integer; one too long for Python to convert (over 4,300 digits)
    stays a string of digits (it can only be an id)."""
    try:
        return int(digits)
    except ValueError:
        return digits


def jsonl_record(line: str, name: str, lineno: int) -> InputText | InputError:
    """One JSON Lines record (line ``lineno`` of ``name``), or the InputError
    saying what is wrong with it."""
    where = f"{name}:{lineno}"
    try:
        rec = json.loads(line, parse_int=_int_or_digits)
    except json.JSONDecodeError as exc:
        return InputError(where, f"not valid JSON ({exc.msg})")
    except RecursionError:
        return InputError(where, "not valid JSON (nested too deeply)")
    except ValueError as exc:
        return InputError(where, f"not valid JSON ({str(exc)[:120]})")
    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
        return InputError(where, 'a record must be an object with a string "text"')
    rec_id = rec.get("id")
    if rec_id is None:
        rec_id = f"{Path(name).name}:{lineno}"
    elif not isinstance(rec_id, str):
        rec_id = json.dumps(rec_id, ensure_ascii=False) if isinstance(rec_id, (dict, list)) else str(rec_id)
    date = rec.get("date")
    if date is not None and not isinstance(date, str):
        return InputError(where, '"date" must be a string YYYY-MM-DD')
    return InputText(scrub(rec_id), scrub(rec["text"]), where, "jsonl", None,
                     None if date is None else scrub(date))


# --- HTML -----------------------------------------------------------------

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "head"}
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
               "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre", "hr",
               "dd", "dt", "dl", "figure", "figcaption", "td", "th", "main", "form"}


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.title_parts: list[str] = []
        self.in_title = False
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag == "meta":
            a = {k.lower(): (v or "") for k, v in attrs if k}
            key = (a.get("name") or a.get("property") or "").lower()
            if key in {"description", "keywords", "author", "publishdate", "pubdate", "article:published_time",
                       "og:title", "source"} and a.get("content"):
                self.meta[key] = a["content"][:500]
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skip_depth:
            self.parts.append(data)


def html_text(html: str) -> tuple[str, dict]:
    """Visible text of an HTML page, one block per line, and its <title>/<meta>."""
    parser = _TextExtractor()
    try:
        parser.feed(html)
        if parser.rawdata.lstrip().startswith("<"):
            # A tag, comment or declaration never closed at the end of the page
            # (`<a href="…`, `<!--…`): browsers show none of it; html.parser
            # would give it back as text.
            parser.rawdata = ""
        parser.close()
    except Exception:  # html.parser is lenient; anything it raises is a bad page, keep what we have
        pass
    raw = "".join(parser.parts)
    lines = [" ".join(ln.split()) for ln in raw.split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    hints = dict(parser.meta)
    title = " ".join("".join(parser.title_parts).split())
    if title:
        hints["title"] = title
    return text, hints


_NOT_CHARSETS = {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "utf-7", "undefined", "palmos",
                 "mbcs", "oem"}


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    import re

    head = data[:4096].decode("ascii", errors="ignore")
    m = re.search(r"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", head, re.I)
    if m:
        declared = m.group(1).lower()
        declared = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}.get(declared, declared)
        try:
            # Python codecs that are not page charsets (unicode_escape turns
            # `\ud800` into a lone surrogate, idna and punycode are for names)
            # are not taken at the page's word.
            if codecs.lookup(declared).name not in _NOT_CHARSETS:
                return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass  # the page lies about its charset: detect instead
    return _decode(data, name)


# --- Word -----------------------------------------------------------------

def checked_zip(data: bytes, name: str, member: str, kind: str = "a Word .docx file", ext: str = ".docx") -> None:
    """Refuse what is not a zip holding ``member``, or would inflate too far
    (an Office file is a zip of XML: .docx, .xlsx)."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(name, f"is not {kind} (not a zip archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if member not in {i.filename for i in infos}:
                raise InputError(name, f"is not {kind} (no {member} inside)")
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_DOCX_INFLATED or total / packed > MAX_DOCX_RATIO and total > 10 * 1024 * 1024:
                raise InputError(name, f"refused: would inflate to {total:,} bytes (possible zip bomb)")
    except InputError:
        raise
    except Exception as exc:  # BadZipFile, and NotImplementedError for a zip version or method it lacks …
        raise InputError(name, f"is a damaged {ext} ({type(exc).__name__}: {str(exc)[:120]})") from None


def docx_text(data: bytes, name: str) -> str:
    """Paragraphs and table cells of a .docx, in document order."""
    checked_zip(data, name, "word/document.xml")
    try:
        import docx  # python-docx: reads the XML parts, never macros

        document = docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except Exception as exc:  # python-docx raises many types on broken parts
        raise InputError(name, f"is a damaged .docx ({type(exc).__name__}: {str(exc)[:120]})") from None
    return "\n".join(_docx_blocks(document))


def _docx_blocks(document) -> Iterator[str]:
    yield from _blocks(document.element.body, document)


def _blocks(parent, document) -> Iterator[str]:
    """Paragraphs and table rows (cells joined by tabs) under a body, a cell or
    a content control, in order; tables inside cells are read too."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in parent.iterchildren():
        if not isinstance(child.tag, str):
            continue  # comments, processing instructions, unresolved entities
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document).text
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = []
                for cell in row.cells:
                    t = "\n".join(_blocks(cell._tc, document)).strip()
                    if t and (not cells or cells[-1] != t):  # merged cells repeat
                        cells.append(t)
                yield "\t".join(cells)
        elif tag == "sdt":  # a content control: its content is ordinary blocks
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content, document)


def iter_inputs(paths: list[str], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin=None) -> Iterator[InputText | InputError]:
    """Texts of the given paths in order (``-`` is standard input); a path that
    cannot be read yields its InputError in place, and reading goes on."""
    for p in paths or ["-"]:
        try:
            if p == "-":
                yield from read_stdin(stdin, max_bytes=max_bytes)
            else:
                yield from read_path(p, max_bytes=max_bytes)
        except InputError as exc:
            yield exc
