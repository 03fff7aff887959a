"""Excel workbooks, and Word 97-2003 / WPS files through a converter.

``xlsx_rows`` gives each sheet's rows as lists of cell strings (the task-table
reader builds on it); ``xlsx_text`` reads a workbook as a document, sheet by
sheet and row by row, cells joined by tabs as Word table rows are.

``.doc`` and ``.wps`` are binary formats no Python library reads well: they
are converted by LibreOffice (``soffice --headless --convert-to docx``, in a
private temporary folder with its own profile, so conversions running side by
side do not share one, and a time limit), or for ``.doc`` by antiword when
LibreOffice is absent.  Without either, the message says what to install.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
from typing import Iterator

from ..readers import InputError, checked_zip, docx_text

CONVERT_TIMEOUT = 120  # seconds; a conversion that takes longer is given up
LABELS = {".doc": "Word 97-2003 .doc", ".wps": "WPS .wps"}


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def xlsx_rows(data: bytes, name: str) -> Iterator[tuple[str, list[list[str]]]]:
    """(sheet title, rows of cell strings) for every sheet of an .xlsx, in
    order; trailing empty cells and empty rows are dropped.  Formulas give
    the values Excel saved with them."""
    checked_zip(data, name, "xl/workbook.xml", "an Excel .xlsx workbook", ".xlsx")
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on broken parts
        raise InputError(name, f"is a damaged .xlsx ({type(exc).__name__}: {str(exc)[:120]})") from None
    try:
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows(values_only=True):
                cells = [_cell_text(v) for v in row]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    rows.append(cells)
            yield sheet.title, rows
    finally:
        book.close()


def xlsx_text(data: bytes, name: str) -> str:
    """The cell text of a workbook as a document: one line a row (cells
    joined by tabs), a blank line between sheets."""
    sheets = []
    for _, rows in xlsx_rows(data, name):
        lines = ["\t".join(c for c in row if c) for row in rows]
        if any(lines):
            sheets.append("\n".join(line for line in lines if line))
    if not sheets:
        raise InputError(name, "is an empty workbook (no cell holds text)")
    return "\n\n".join(sheets)


def converter() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def converted_text(data: bytes, name: str, suffix: str) -> str:
    """The text of a .doc or .wps file, through LibreOffice, else antiword
    (.doc only); an InputError when neither is installed or conversion fails."""
    label = LABELS[suffix]
    soffice = converter()
    antiword = shutil.which("antiword") if suffix == ".doc" else None
    if soffice is None and antiword is None:
        need = "LibreOffice (soffice) or antiword" if suffix == ".doc" else "LibreOffice (soffice)"
        raise InputError(name, f"cannot read {label} files: no converter is installed (install {need}, "
                               "or save the file as .docx)")
    with tempfile.TemporaryDirectory(prefix="analyzer-convert-") as tmp:
        src = os.path.join(tmp, "input" + suffix)  # never the user's file name on a command line
        with open(src, "wb") as fh:
            fh.write(data)
        if soffice is not None:
            return docx_text(_soffice_docx(soffice, src, tmp, name, label), name)
        return _run(name, label, "antiword", [antiword, "-m", "UTF-8.txt", "-w", "0", src])


def _soffice_docx(soffice: str, src: str, tmp: str, name: str, label: str) -> bytes:
    out = os.path.join(tmp, "out")
    profile = "file://" + os.path.join(tmp, "profile")
    _run(name, label, "LibreOffice", [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                                      "--convert-to", "docx", "--outdir", out, src])
    result = os.path.join(out, "input.docx")
    if not os.path.exists(result):
        raise InputError(name, f"LibreOffice could not convert this {label} file (damaged or not a {label} file?)")
    with open(result, "rb") as fh:
        return fh.read()


def _run(name: str, label: str, tool: str, cmd: list[str]) -> str:
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=CONVERT_TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise InputError(name, f"{tool} took more than {CONVERT_TIMEOUT} s to convert it; given up") from None
    except OSError as exc:
        raise InputError(name, f"cannot run {tool} ({exc.strerror or exc})") from None
    if proc.returncode != 0:
        why = (proc.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[0][:160]
        raise InputError(name, f"{tool} could not read this {label} file ({why})")
    return proc.stdout.decode("utf-8", "replace")
