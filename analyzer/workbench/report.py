"""The self-contained HTML report of ``analyzer compare``: the figures inlined
as SVG and the groups table, with no script, stylesheet or font fetched from
anywhere, so it opens offline and can be mailed as one file."""
from __future__ import annotations

import html
import re
from pathlib import Path

from .. import __version__
from .tables import model_sha256

STYLE = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}
td.t,th{text-align:left}figure{margin:1em 0}svg{max-width:100%;height:auto}.note{color:#666;font-size:13px}"""
SHOWN = ("documents", "characters", "directives", "directives_per_10k", "share_with_party", "share_with_deadline",
         "deadlines_dated", "median_deadline_days", "problems")


def _svg(path: Path) -> str:
    # Inline SVG: drop the XML prolog and doctype, which are not allowed inside HTML.
    text = path.read_text(encoding="utf-8")
    return re.sub(r"^.*?(?=<svg)", "", text, count=1, flags=re.S)


def _cell(value) -> str:
    if value is None:
        return "<td></td>"
    if isinstance(value, float):
        return f"<td>{value:.4g}</td>"
    cls = "" if isinstance(value, int) or str(value).endswith("%") else ' class="t"'
    return f"<td{cls}>{html.escape(str(value))}</td>"


def _table(rows: list[dict], cols: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(_cell(r.get(c)) for c in cols) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _shares(rows: list[dict], by: str, kind: str) -> str:
    """A group's category shares as percentages, beside the count they are of."""
    from ..stats import CATEGORIES

    pct = [{by: r[by], kind: r[kind], **{c: None if r[f"{kind}_share_{c}"] is None
                                          else f"{100 * r[f'{kind}_share_{c}']:.1f}%" for c in CATEGORIES}}
           for r in rows]
    return _table(pct, [by, kind, *CATEGORIES])


def render(rows: list[dict], by: str, figures: list[Path], inputs, note: str | None = None) -> str:
    """The report's HTML: summary table, category shares, then each figure."""
    svgs = [p for p in figures if p.suffix == ".svg"]
    parts = [f"<h1>Comparison by {html.escape(by)}</h1>",
             f'<p class="note">zh-speech-analyzer {__version__}, model sha256 {model_sha256() or "none"}; '
             f"results: {html.escape(', '.join(map(str, inputs)))}. Shares are of the group's directives "
             "(or problems); n is in the columns beside them.</p>",
             "<h2>Groups</h2>", _table(rows, [by, *SHOWN]),
             "<h2>Category shares of directives</h2>", _shares(rows, by, "directives"),
             "<h2>Category shares of problems</h2>", _shares(rows, by, "problems"),
             "<h2>Top parties and terms</h2>", _table(rows, [by, "top_parties", "top_terms"])]
    if note:
        parts.append(f'<p class="note">{html.escape(note)}</p>')
    for p in svgs:
        parts.append(f"<figure>{_svg(p)}<figcaption>{html.escape(p.stem.replace('_', ' '))}</figcaption></figure>")
    return ("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
            f"<title>Comparison by {html.escape(by)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(parts) + "\n</body></html>\n")
