"""Task tables in a PDF with a text layer, through pdfplumber (extra ``pdf-tables``).

pdfplumber finds ruled tables on each page and gives their cells' text and
boxes; a place a merged cell covers comes back empty (None).  Here:

* a None place takes the cell that covers it: the nearest cell to its left
  whose box reaches over the column's middle, else the nearest cell above
  whose box reaches down over the row's middle (``责任单位`` over two columns,
  ``序号`` over two header rows, a problem over three tasks);
* a table that goes on over the next page (the last table of a page, the
  first of the next, the same number of columns, and no header row of its
  own) is one table; a row cut by the page break (its first cell empty on the
  new page) is joined to the row it continues;
* line breaks inside a cell are the layout's and are dropped, except before a
  numbered item (``（2）``, ``2.``, ``②``).

The grids then go through ``tables.find_task_table`` like Word's and Excel's;
a row's source names its page too (``表1 第4行（第2页）``).
"""
from __future__ import annotations

import io
import re

from ..readers import InputError
from .tables import Cell, Grid

INSTALL_HINT = ("task tables in a PDF are read with pdfplumber: pip install '.[pdf-tables]' "
                "from a checkout (or: pip install pdfplumber)")


class NeedsExtra(InputError):
    """The optional library that reads tables in PDFs is not installed."""


_WRAP = re.compile(r"\n(?![（(]?\d{1,2}[)）.、．]|[①-⑳])")


def _join_lines(text: str | None) -> str:
    return _WRAP.sub("", text or "").strip()


def pdf_grids(data: bytes, name: str) -> list[Grid]:
    """The ruled tables of a PDF's pages as grids, tables cut by a page break joined."""
    try:
        import pdfplumber
    except ImportError:
        raise NeedsExtra(name, INSTALL_HINT) from None
    try:
        found = []      # (page number, first on its page, last on its page, rows)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for pageno, page in enumerate(pdf.pages, 1):
                tables = page.find_tables()
                for k, table in enumerate(tables):
                    rows = _cells(table, (pageno, k))
                    if rows:
                        found.append((pageno, k == 0, k == len(tables) - 1, rows))
    except Exception as exc:  # pdfminer raises many types on a broken file
        raise InputError(name, f"is a damaged PDF ({type(exc).__name__}: {str(exc)[:120]})") from None
    return _join_pages(found)


def _cells(table, where) -> list[list[Cell]]:
    """A table's rows of cells, each merged place filled with the cell covering it."""
    texts = table.extract()
    boxes = [row.cells for row in table.rows]
    if not texts or len(texts) != len(boxes):
        return []
    width = max(len(r) for r in boxes)
    col_x = []
    for j in range(width):
        xs = [(b[0] + b[2]) / 2 for r in boxes if j < len(r) and (b := r[j]) is not None]
        col_x.append(sorted(xs)[len(xs) // 2] if xs else None)
    row_y = []
    for r in boxes:
        ys = [(b[1] + b[3]) / 2 for b in r if b is not None]
        row_y.append(min(ys) if ys else None)
    out: list[list[Cell]] = []
    for i, r in enumerate(boxes):
        cells = []
        for j in range(width):
            if j < len(r) and r[j] is not None:
                cells.append(Cell(_join_lines(texts[i][j]), (where, i, j)))
                continue
            cells.append(_covering(out, cells, boxes, i, j, col_x[j], row_y[i]))
        out.append(cells)
    return out


def _covering(done: list[list[Cell]], row: list[Cell], boxes, i: int, j: int, x, y) -> Cell:
    empty = Cell("", ("none", i, j))
    left = next((k for k in range(j - 1, -1, -1) if k < len(boxes[i]) and boxes[i][k] is not None), None)
    if left is not None and x is not None and boxes[i][left][2] > x:
        return row[left]
    up = next((k for k in range(i - 1, -1, -1) if j < len(boxes[k]) and boxes[k][j] is not None), None)
    if up is not None and y is not None and boxes[up][j][3] > y:
        return done[up][j]
    return empty


def _join_pages(found) -> list[Grid]:
    from .tables import find_task_table, load_header_rules

    rules = load_header_rules()
    grids: list[Grid] = []
    last_page_end = False
    for pageno, first, last, rows in found:
        prev = grids[-1] if grids else None
        goes_on = (prev is not None and first and last_page_end and prev.pages[-1] == pageno - 1
                   and len(rows[0]) == len(prev.rows[0])
                   and find_task_table(Grid("", 0, rows[:3]), rules) is None)
        if goes_on:
            if rows and not rows[0][0].text and any(c.text for c in rows[0]):
                prev.rows[-1] = [Cell(a.text + b.text, a.key, a.value) if b.text else a
                                 for a, b in zip(prev.rows[-1], rows[0])]
                rows = rows[1:]
            prev.rows.extend(rows)
            prev.pages.extend([pageno] * len(rows))
        else:
            n = len(grids) + 1
            grids.append(Grid(f"表{n}", n, rows, pages=[pageno] * len(rows)))
        last_page_end = last
    return grids
