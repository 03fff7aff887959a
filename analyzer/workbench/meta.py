"""The user's own metadata (``--meta docs.csv``), joined to the documents.

The CSV has a key column, ``id`` (the record's id) or ``file`` (a file name,
matched on the source path's last part, with or without its extension), and
any other columns (region, level, year …).  A value the user gives wins (but
for ``genre``: the one the analyzer read from the document is kept); the
document's own metadata fills what the user leaves empty or does not have.
"""
from __future__ import annotations

import csv
import re

from ..readers import InputError
from .schema import COMPUTED

KEYS = ("id", "file")
_SAFE = re.compile(r"[^0-9A-Za-z_\u4e00-\u9fff]+")


def column_name(name: str) -> str:
    """A header as a column name that SQL, Parquet and pandas all take as is."""
    name = _SAFE.sub("_", name.strip().lstrip("\ufeff")).strip("_").lower()
    return name if name and not name[0].isdigit() else f"c_{name}"


class UserMeta:
    """Rows of the user's CSV, looked up by document id or file name."""

    def __init__(self, path: str):
        self.path = path
        try:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.reader(fh))
        except FileNotFoundError:
            raise InputError(path, "no such file") from None
        except UnicodeDecodeError:
            raise InputError(path, "not UTF-8 text (save the CSV as UTF-8)") from None
        except (OSError, csv.Error) as exc:
            raise InputError(path, f"cannot read ({exc})") from None
        if not rows:
            raise InputError(path, "empty (a header line with an id or file column is needed)")
        header = [column_name(h) for h in rows[0]]
        key = next((k for k in KEYS if k in header), None)
        if key is None:
            raise InputError(path, f"no key column: the header needs 'id' or 'file' (has {', '.join(rows[0])})")
        if len(set(header)) != len(header):
            raise InputError(path, "two columns have the same name")
        computed = [h for h in header if h in COMPUTED and h != key]
        if computed:
            raise InputError(path, f"column {computed[0]} is computed from the results; rename it")
        self.key = key
        self.columns = [h for h in header if h != key]
        self.rows: dict[str, dict] = {}
        for lineno, values in enumerate(rows[1:], 2):
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                raise InputError(f"{path}:{lineno}", f"{len(values)} fields, the header has {len(header)}")
            row = dict(zip(header, (v.strip() for v in values)))
            self.rows[row.pop(key)] = row
        self.used: set[str] = set()

    def lookup(self, doc_id: str, path: str) -> dict:
        """The user's values for a document ({} when the CSV has no row for it);
        ``path``: the file the record came from."""
        if self.key == "id":
            names = [doc_id]
        else:
            name = (path or doc_id).replace("\\", "/").rsplit("/", 1)[-1]
            names = [name, name.rsplit(".", 1)[0]]
        for name in names:
            if name in self.rows:
                self.used.add(name)
                return self.rows[name]
        return {}

    def unused(self) -> list[str]:
        """Keys of the CSV that matched no document (a typo the user should see)."""
        return [k for k in self.rows if k not in self.used]
