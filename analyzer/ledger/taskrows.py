"""Task-table rows as rectification-list rows.

A row of a task table (``tables.py``) becomes a ``TaskRow``: its cells
normalized character by character; a time-limit cell read by ``find_time_limits``
with the document's reference date; a body cell split at ``、，；`` and line
breaks, each body with its column's role (a ``（牵头）`` mark after a name wins);
the problem (else the measures) given a category by the classifier, as prose
problems are, unless a 类别 cell names one.  Its source is a ``TableSource``:
the table, the row and the columns (``表1 第3行``).

``onelist.py`` puts them in one list with the rows drafted from prose.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .build import Responsible, Row, Source, normalize_name
from .missing import is_mark
from .tables import TaskTable, load_header_rules, own_text


@dataclass(frozen=True)
class TableSource(Source):
    """Where a row came from in a task table: table, row and columns."""
    table: str = ""                    # 表1, or the sheet's name
    row: int = 0                       # 1-based: in the Word table, or the sheet's row number
    columns: tuple = ()                # ((field, "D列"), …)
    page: int = 0                      # a PDF's page, else 0
    cited: str = ""                    # the 出处 cell of a list this tool exported, kept as written

    def describe(self, lang: str = "zh") -> str:
        """The 出处 cell: what the read list cited, else ``file\\n表1 第3行``
        (``file\\n表1, row 3`` in English)."""
        if self.cited:
            return self.cited
        if lang == "zh":
            return f"{self.doc}\n{self.table} 第{self.row}行" + (f"（第{self.page}页）" if self.page else "")
        return f"{self.doc}\n{self.table}, row {self.row}" + (f", p. {self.page}" if self.page else "")

    def to_dict(self) -> dict:
        """The row's source as JSON, with its table, row, columns and page."""
        out = super().to_dict()
        out["table"] = {"name": self.table, "row": self.row, "columns": dict(self.columns)}
        if self.page:
            out["table"]["page"] = self.page
        if self.cited:
            out["cited"] = self.cited
        return out


@dataclass
class TaskRow(Row):
    """A ledger row with the status an office keeps (进展/完成情况, or 新增)."""
    status: str = ""

    def to_dict(self) -> dict:
        """The row as JSON, with its status."""
        out = super().to_dict()
        out["status"] = self.status
        return out


_SPLIT_GROUPS = re.compile(r"[，,；;\n]+")
_MARK = re.compile(r"[（(]([^（()）]{1,6})[)）]$")
_LABEL = re.compile(r"^([^：:，,]{1,6})[：:]")      # 牵头：县财政局 / 配合单位：县审计局
_ITEM = re.compile(r"^[（(](\d{1,3})[)）]\s*")


def split_names(cell: str, kind: str, role: str | None) -> list[Responsible]:
    """The bodies (or persons) of a cell, each with the column's role unless
    the cell says another: a mark after a name (``县财政局（牵头）``), a role
    word closing a run of names (``县审计局、县档案馆配合``: both), or a label
    before names (``牵头：县财政局；配合：县审计局、县档案馆``: the names after it)."""
    if is_mark(cell):       # `待补` in a list this program exported: nothing named yet
        return []
    rules = load_header_rules()
    out: dict[str, Responsible] = {}
    for group in _SPLIT_GROUPS.split(cell):
        group = group.strip()
        label = _LABEL.match(group)
        if label and rules.role_of(label.group(1)):
            role, group = rules.role_of(label.group(1)), group[label.end():].strip()
        tail = next((w for w in _role_words(rules) if group.endswith(w) and len(group) > len(w) + 1), None)
        run_role = rules.role_of(tail) if tail else None
        if tail:
            group = group[:-len(tail)]
        for piece in group.split("、"):
            piece = piece.strip()
            mark = _MARK.search(piece)
            own = rules.role_of(mark.group(1)) if mark else None
            if own:
                piece = piece[:mark.start()].strip()
            name = normalize_name(piece)
            if name and name not in out:
                out[name] = Responsible(name, piece, kind, own or run_role or role)
    return list(out.values())


def _role_words(rules) -> list[str]:
    """The Chinese role words, longest first (a name never ends with one)."""
    return sorted((w for ws in rules.roles.values() for w in ws if not w.isascii()), key=len, reverse=True)


def split_measures(cell: str) -> list[str]:
    """A measure cell: one measure, or several when every line is numbered
    ``（1）…（2）…`` in order (as the rectification list exports them)."""
    lines = [ln.strip() for ln in cell.split("\n") if ln.strip()]
    if len(lines) > 1:
        found = [_ITEM.match(ln) for ln in lines]
        if all(m and int(m.group(1)) == i for i, m in enumerate(found, 1)):
            return [ln[m.end():] for ln, m in zip(lines, found)]
    return [cell.strip()] if cell.strip() else []


_DOTTED = re.compile(r"(?<!\d)(20\d{2})[.．](\d{1,2})(?:[.．](\d{1,2}))?(?!\d)")


def _chinese_date(m: re.Match) -> str:
    return f"{m.group(1)}年{int(m.group(2))}月" + (f"{int(m.group(3))}日" if m.group(3) else "")


def time_limits(cell: str, ref_date: dt.date | None) -> list[dict]:
    """The time limits of a cell (``find_time_limits``).  A bare date in a
    time-limit column is the date the task is due by (``2025年8月31日`` reads
    as ``…日前``: in prose a bare date is no deadline, here the column says it
    is), and so is a dotted one as spreadsheets hold them (``2025.8.31``,
    ``2025.08``); a cell still not read (``按照进度推进``) is kept as written,
    with type ``text``."""
    from ..extract.timelimits import find_time_limits

    cell = cell.strip()
    if not cell or is_mark(cell):
        return []
    found = [{"text": s.text, "type": s.label, "value": s.value} for s in find_time_limits(cell, ref_date)]
    if found:
        return found
    for variant in dict.fromkeys((cell, _DOTTED.sub(_chinese_date, cell))):
        due = find_time_limits(variant + "前", ref_date)
        if len(due) == 1 and due[0].start == 0 and due[0].end == len(variant) + 1:
            return [{"text": cell, "type": due[0].label, "value": due[0].value}]
    return [{"text": cell, "type": "text", "value": None}]


def _categorize(texts: list[str]) -> list[str]:
    """The category of each text, as the classifier gives a prose clause's."""
    from ..classify.apply import stated_category
    from ..classify.features import CATEGORIES
    from ..classify.model import get_classifier

    if not texts:
        return []
    cats, _ = get_classifier().predict(texts)
    return [stated_category(t) or CATEGORIES[int(row.argmax())] for t, row in zip(texts, cats)]


def _category_code(cell: str) -> str | None:
    from .export import CATEGORY_NAMES

    for names in CATEGORY_NAMES.values():
        for code, name in names.items():
            if cell.strip() in (name, code):
                return code
    return None


def _int(text: str) -> int:
    return int(text) if text.strip().isdigit() else 0


def normalize_cell(text: str) -> str:
    """A cell's text as the drafter's texts are normalized, character by
    character: simplified script, half-width digits and letters, no invisible
    characters.  Not the whole ``normalize``: on a cell it would take a first
    line for the document's title and drop it."""
    from ..normalize import chars, script

    text = chars._INVISIBLE_RE.sub("", chars._NEWLINES_RE.sub("\n", text))
    return chars.unify_width(script.convert_with_map(text)[0]).strip()


_RAW_FIELDS = ("no", "status", "source")   # kept exactly as written


def table_rows(table: TaskTable, doc_id: str, title: str | None = None,
               ref_date: dt.date | None = None) -> list[TaskRow]:
    """The ledger rows of one task table (``no`` is the 序号 cell, else 0)."""
    drafts = []
    for number, cells in table.rows:
        got: dict[str, list[tuple[str, object, str]]] = {}
        for col in table.columns:
            text = own_text(cells, col.index)
            if text:
                text = text if col.field in _RAW_FIELDS else normalize_cell(text)
                got.setdefault(col.field, []).append((text, col, table.column_label(col.index)))
        drafts.append((number, got))
    problems = ["；".join(t for t, _, _ in got.get("problem", [])) for _, got in drafts]
    measures = [[m for t, _, _ in got.get("measure", []) for m in split_measures(t)] for _, got in drafts]
    # one classifier call: the problems, then every row's measures (a row whose
    # problem is `other`, or has none, takes its measures' category, as in prose)
    cats = iter(_categorize([p for p in problems if p] + ["".join(ms) for ms in measures]))
    pcats = {i: next(cats) for i, p in enumerate(problems) if p}
    mcats = [next(cats) for _ in measures]
    rows = []
    for i, (number, got) in enumerate(drafts):
        one = lambda f: "\n".join(t for t, _, _ in got.get(f, []))  # noqa: E731
        bodies = [b for t, col, _ in got.get("body", []) for b in split_names(t, "body", col.role)]
        persons = [p for t, col, _ in got.get("person", []) for p in split_names(t, "role", None)]
        limits = [lim for t, _, _ in got.get("time_limit", []) for lim in time_limits(t, ref_date)]
        stated = _category_code(one("category"))
        category = stated or (pcats[i] if i in pcats and pcats[i] != "other" else None)
        category = category or mcats[i]
        source = TableSource(doc_id, title, (table.where(number),), (), (), (0, 0), "table",
                             table=table.grid.label, row=number,
                             page=table.grid.pages[number - 1] if table.grid.pages else 0,
                             columns=tuple((f, lab) for f, items in got.items() for _, _, lab in items[:1]),
                             cited=one("source"))
        rows.append(TaskRow(problems[i], category, measures[i], _dedupe(bodies), _dedupe(persons), limits,
                            [source], pcats.get(i), _int(one("no")), status=one("status")))
    return rows


def _dedupe(items: list[Responsible]) -> list[Responsible]:
    out: dict[str, Responsible] = {}
    for r in items:
        out.setdefault(r.name, r)
    return list(out.values())
