"""Find task tables (SPEC section 7) in a .docx or an .xlsx and read their rows.

A task table is a table whose header row names a measure column and at least
one other field (problem, bodies, persons, time limit …); the header synonyms
are data in ``corpora/ledger/table_headers.toml``.  Every table is first made
a grid of cells (a merged cell repeats its text in every place it covers, with
one ``key`` for all of them), then:

* the header row is the first row that maps a measure and another field; the
  rows above it (a title, a note) are not read;
* the rows below it that only hold headers (or repeat the merged cell above)
  are header rows too and refine their columns (``责任单位`` over
  ``牵头单位 | 配合单位``);
* blank rows, a row that is one merged cell across the table (a group title
  such as ``一、思想认识方面``) and a repeated header row are skipped; a row
  with no measure is skipped with the reason kept.

This module only reads: ``taskrows.py`` turns the rows into ledger rows.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..readers import MAX_DOCX_INFLATED, InputError
from ..resources import DataError, load_toml, rule_loader

HEADERS_FILE = ("ledger", "table_headers.toml")
FIELDS = ("no", "problem", "category", "measure", "body", "person", "time_limit", "status", "source")
ROLES = ("lead", "support", "supervise")
HEADER_SCAN = 10          # rows searched for the header row (a title and notes come first)
TABLE_SUFFIXES = (".docx", ".xlsx", ".pdf")
MAX_COLUMNS = 64          # of a sheet: a task table has a dozen
MAX_BLANK_ROWS = 1000     # blank rows in a row that end a sheet's reading


# --- header rules -------------------------------------------------------------

_CLEAN = re.compile(r"[\s\W_]+")
_NOTE = re.compile(r"[（(][^（()）]*[)）]$")


def clean_header(text: str) -> str:
    """A header cell as compared: its trailing bracketed note, spaces and
    punctuation dropped, Latin letters lower-cased."""
    text = _NOTE.sub("", str(text).strip())
    return _CLEAN.sub("", text).lower()


@dataclass(frozen=True)
class HeaderRules:
    """Header words per field, headers to ignore, role words, and the share
    of bigrams by which prose repeats a task table (``onelist.py``)."""
    exact: dict           # cleaned header -> field
    ordered: tuple        # (header, field), longest first: for prefix/suffix matches
    ignore: frozenset
    roles: dict           # role -> words
    table_overlap: float  # [prose] table_overlap, in (0, 1]

    def field_of(self, header: str) -> str | None:
        """The field a header cell names, or None."""
        key = clean_header(header)
        if not key or key in self.ignore:
            return None
        if key in self.exact:
            return self.exact[key]
        # suffix before prefix at equal length: the head of a Chinese noun
        # phrase is its end (任务来源 is a source, not a task)
        best = None
        for word, fld in self.ordered:
            if best is not None and len(word) < best[0]:
                break
            if key.endswith(word):
                return fld
            if best is None and key.startswith(word):
                best = (len(word), fld)
        return best[1] if best else None

    def role_of(self, text: str) -> str | None:
        """The role a header or a mark names (牵头 -> lead), or None."""
        for role, words in self.roles.items():
            if any(w in text.lower() for w in words):
                return role
        return None


@rule_loader("ledger_table_headers", "ledger")
def load_header_rules(directory: Path) -> HeaderRules:
    """The rules of ``directory``/table_headers.toml (corpora/ledger when
    called with no argument: loaded once, shared), validated (a DataError
    names the file and the fault); its examples must hold."""
    where = directory / HEADERS_FILE[1]
    data = load_toml(where)
    exact: dict[str, str] = {}
    try:
        for fld, spec in data["fields"].items():
            if fld not in FIELDS:
                raise DataError(f"{where}: unknown field '{fld}' (fields: {', '.join(FIELDS)})")
            for h in spec["headers"]:
                key = clean_header(h)
                if not key:
                    raise DataError(f"{where}: [fields.{fld}] header {h!r} is empty once cleaned")
                if exact.get(key, fld) != fld:
                    raise DataError(f"{where}: header {h!r} is under both {exact[key]} and {fld}")
                exact[key] = fld
        if "measure" not in data["fields"]:
            raise DataError(f"{where}: [fields.measure] is required (a task table has measures)")
        ignore = frozenset(clean_header(h) for h in data["ignore"]["headers"])
        roles = {r: tuple(w.lower() for w in words) for r, words in data["roles"].items()}
        examples = data.get("examples", [])
    except (KeyError, TypeError, AttributeError) as exc:
        raise DataError(f"{where}: {type(exc).__name__}: {exc}") from exc
    if set(roles) - set(ROLES) or not all(roles.values()):
        raise DataError(f"{where}: [roles] takes non-empty word lists for {', '.join(ROLES)}")
    ordered = tuple(sorted(exact.items(), key=lambda kv: -len(kv[0])))
    rules = HeaderRules(exact, ordered, ignore, roles, _table_overlap(data, where))
    for ex in examples:
        got = rules.field_of(ex.get("header", "")) or ""
        role = rules.role_of(ex.get("header", "")) if got == "body" else None
        if got != ex.get("field") or role != ex.get("role"):
            raise DataError(f"{where}: example {ex.get('header')!r} maps to {got or 'nothing'}"
                            f"{' (' + role + ')' if role else ''}, not {ex.get('field') or 'nothing'}"
                            f"{' (' + ex['role'] + ')' if ex.get('role') else ''}")
    return rules


def _table_overlap(data: dict, where: Path) -> float:
    """``[prose] table_overlap``, a number in (0, 1]."""
    try:
        value = float(data["prose"]["table_overlap"])
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{where}: [prose] table_overlap: {exc}", path=where) from exc
    if not 0 < value <= 1:
        raise DataError(f"{where}: [prose] table_overlap must be in (0, 1]", path=where)
    return value


# --- grids --------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    """One place of a grid: its text, and the key of the cell that fills it."""
    text: str
    key: object           # the same for every place one merged cell covers
    value: object = None  # the raw value of an Excel cell (a date stays a date)


@dataclass
class Grid:
    """One table as rows of cells; ``label`` names it as a clerk would (表1, or a sheet)."""
    label: str
    index: int
    rows: list[list[Cell]]
    excel: bool = False   # row numbers are the sheet's, columns letters
    pages: list[int] | None = None   # a PDF's: the page of each row
    follows_table: bool = False      # a Word table right after another (one table cut in two)


def docx_grids(data: bytes, name: str) -> list[Grid]:
    """The top-level tables of a .docx, as grids (cell text as the reader gives it)."""
    _check_zip(data, name)
    try:
        import docx
        from docx.table import Table

        from ..readers import _blocks

        document = docx.Document(io.BytesIO(data))
        grids = []
        for i, tbl in enumerate(document.element.body.iterchildren(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl"), 1):
            rows = [[Cell("\n".join(_blocks(c._tc, document)).strip(), c._tc) for c in r.cells]
                    for r in Table(tbl, document).rows]
            grids.append(Grid(f"表{i}", i, rows, follows_table=_follows_table(tbl)))
        return grids
    except InputError:
        raise
    except Exception as exc:  # python-docx raises many types on broken parts
        raise InputError(name, f"is a damaged .docx ({type(exc).__name__}: {str(exc)[:120]})") from None


def _follows_table(tbl) -> bool:
    """Whether only empty paragraphs stand between this table and the one before."""
    prev = tbl.getprevious()
    while prev is not None and prev.tag.endswith("}p") and not "".join(prev.itertext()).strip():
        prev = prev.getprevious()
    return prev is not None and prev.tag.endswith("}tbl")


def xlsx_grids(data: bytes, name: str) -> list[Grid]:
    """The sheets of an .xlsx, as grids (merged ranges filled with their top-left value)."""
    _check_zip(data, name)
    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), data_only=True)   # values, never formulas run
        grids = []
        for i, ws in enumerate(wb.worksheets, 1):
            cells = {}
            for rng in ws.merged_cells.ranges:
                top = ws.cell(rng.min_row, rng.min_col).value
                for r in range(rng.min_row, rng.max_row + 1):
                    for c in range(rng.min_col, rng.max_col + 1):
                        cells[r, c] = Cell(_cell_text(top), str(rng), top)
            rows, blank = [], 0
            # a sheet formatted down to row 1,048,576 (or across 16,384
            # columns) reports that size: read what a task table can use
            for r, row in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row,
                                                 max_col=min(ws.max_column, MAX_COLUMNS)), 1):
                rows.append([cells.get((r, c)) or Cell(_cell_text(x.value), (r, c), x.value)
                             for c, x in enumerate(row, 1)])
                blank = 0 if any(c.text for c in rows[-1]) else blank + 1
                if blank > MAX_BLANK_ROWS:
                    break
            grids.append(Grid(ws.title, i, rows, excel=True))
        return grids
    except Exception as exc:  # openpyxl raises many types on broken parts
        raise InputError(name, f"is a damaged .xlsx ({type(exc).__name__}: {str(exc)[:120]})") from None


def _cell_text(value) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime) and not (value.hour or value.minute):
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.year}年{value.month}月{value.day}日"   # as the time-limit rules read dates
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_zip(data: bytes, name: str) -> None:
    """Refuse what is not a zip, and a zip bomb, before a library inflates it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(i.file_size for i in zf.infolist())
    except Exception:
        raise InputError(name, "is not a Word or Excel file (not a zip archive)") from None
    if total > MAX_DOCX_INFLATED:
        raise InputError(name, f"refused: would inflate to {total:,} bytes (possible zip bomb)")


# --- task tables --------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """A mapped column of a task table: its field, the role a body column gives, its header."""
    index: int            # 0-based in the grid
    field: str
    role: str | None
    header: str


@dataclass
class TaskTable:
    """A task table: its grid, mapped columns, the data rows and what was skipped."""
    grid: Grid
    columns: list[Column]
    header_rows: int                      # 1-based number of the last header row
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)   # (1-based row number, cells)
    skipped: list[tuple[int, str]] = field(default_factory=list)       # (row number, reason)

    def where(self, row: int) -> str:
        """``表1 第3行`` (Word: the row within the table), ``Sheet1 第3行``, or
        in a PDF ``表1 第3行（第2页）``."""
        if self.grid.pages:
            return f"{self.grid.label} 第{row}行（第{self.grid.pages[row - 1]}页）"
        return f"{self.grid.label} 第{row}行"

    def column_label(self, col: int) -> str:
        """``D列`` in a sheet, ``第4列`` in a Word table."""
        if self.grid.excel:
            from openpyxl.utils import get_column_letter

            return f"{get_column_letter(col + 1)}列"
        return f"第{col + 1}列"


def _map_row(cells: list[Cell], rules: HeaderRules) -> dict[int, str]:
    return {j: f for j, c in enumerate(cells) if c.text and (f := rules.field_of(c.text))}


def _is_task_header(mapped: dict[int, str]) -> bool:
    fields = set(mapped.values())
    return "measure" in fields and len(fields) >= 2


def find_task_table(grid: Grid, rules: HeaderRules | None = None) -> TaskTable | None:
    """The task table in a grid, or None when no row there is a task header."""
    rules = rules or load_header_rules()
    for h, cells in enumerate(grid.rows[:HEADER_SCAN]):
        mapped = _map_row(cells, rules)
        if _is_task_header(mapped):
            break
    else:
        return None
    headers = {j: cells[j].text for j in mapped}
    last = h
    # further header rows: every non-empty cell names a field or repeats the merged cell above
    while last + 1 < len(grid.rows):
        below, above = grid.rows[last + 1], grid.rows[last]
        sub = _map_row(below, rules)
        own = [j for j, c in enumerate(below) if c.text and not (j < len(above) and above[j].key == c.key)]
        if not sub or any(j not in sub for j in own):
            break
        for j in own:
            mapped[j], headers[j] = sub[j], below[j].text
        last += 1
    columns = [Column(j, f, rules.role_of(headers[j]) if f == "body" else None, headers[j])
               for j, f in sorted(mapped.items())]
    return read_rows(TaskTable(grid, columns, last + 1), rules)


def read_rows(table: TaskTable, rules: HeaderRules) -> TaskTable:
    """Fill ``table.rows`` (and ``skipped``) from its grid's rows below the header."""
    grid = table.grid
    measure_cols = [c.index for c in table.columns if c.field == "measure"]
    for r in range(table.header_rows, len(grid.rows)):
        cells, number = grid.rows[r], r + 1
        texts = [c.text for c in cells if c.text]
        if not texts:
            continue
        if len(cells) > 2 and len({c.key for c in cells}) == 1:
            table.skipped.append((number, "group title"))
            continue
        if _is_task_header(_map_row(cells, rules)) and all(rules.field_of(t) for t in texts):
            table.skipped.append((number, "repeated header"))
            continue
        if not any(own_text(cells, j) for j in measure_cols):
            table.skipped.append((number, "no measure"))
            continue
        table.rows.append((number, cells))
    return table


def own_text(cells: list[Cell], j: int) -> str:
    """The text of column ``j`` in a data row; empty where the cell is the
    same merged cell as its left neighbour's (read once, at its left edge)."""
    if j >= len(cells):
        return ""
    if j and cells[j - 1].key == cells[j].key:
        return ""
    return cells[j].text


def read_task_tables(data: bytes, name: str) -> list[TaskTable]:
    """The task tables of a .docx, .xlsx or .pdf file's bytes (none: an empty
    list).  A PDF needs the extra ``pdf-tables`` (``pdftables.NeedsExtra``)."""
    suffix = name.lower().rsplit(".", 1)[-1]
    if suffix == "pdf":
        from .pdftables import pdf_grids

        grids = pdf_grids(data, name)
    else:
        grids = docx_grids(data, name) if suffix == "docx" else xlsx_grids(data, name)
    rules = load_header_rules()
    out: list[TaskTable] = []
    for g in grids:
        t = find_task_table(g, rules)
        if t is None and g.follows_table and out and out[-1].grid.index == g.index - 1 \
                and len(g.rows[0]) == len(out[-1].grid.rows[0]):
            # a table cut in two in Word (a page break, an edit): the header
            # stands above the first part only
            t = read_rows(TaskTable(g, out[-1].columns, 0), rules)
        if t is not None:
            out.append(t)
    return out
