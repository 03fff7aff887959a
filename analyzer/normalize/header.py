"""The red header (红头) and closing lines of an official document, as metadata.

An official document opens with its issuing body (`〇〇市人民政府文件`), its
number (`国办发〔2020〕27号`), its title and its addressees
(`各省、自治区、直辖市人民政府，国务院各部委、各直属机构：`), and closes with
the issuing body again, the date of issue (成文日期), and the 版记: 抄送 and
印发 lines.  None of it is body text: the lines leave the body as metadata
edits, the way the title of a speech does (see metadata.py), whatever format
the text was read from.  The rules are data (corpora/normalize/official_header.toml).

Precedence of ``meta.date``: a date the text or its container states
(`时间:…`, a JSON Lines "date", Markdown front matter) wins; else the date of
issue; else the 印发 date.  ``meta.issuer``: the banner, else the signature,
else the title's prefix before 关于 when the document has a number (the
title's prefix first when the document forwards another: 转发, 批转).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..extract.numerals import parse_int, parse_year
from ..resources import DataError, compile_pattern, load_toml, rule_loader
from .boilerplate import _lines
from .edits import Edit
from .metadata import is_body_line

RULES_FILE = ("normalize", "official_header.toml")
WHERES = {"head", "tail"}
HEAD_LINES = 16   # the header of a document is in its first lines
TAIL_LINES = 12   # and the closing block in its last ones
MAX_LINE = 400    # a longer line is body text (a text that lost its line breaks)
_DATE_PARTS_RE = re.compile(r"(\S{4})\s*年\s*(\S{1,3}?)\s*月\s*(\S{1,3}?)\s*日")
_TITLE_ISSUER_RE = re.compile(r"^(?P<issuer>[^，。：]{2,40}?)(?P<verb>关于|转发|批转|印发)")


@dataclass(frozen=True, slots=True)
class HeaderRule:
    """One kind of header or closing line: its pattern, and for lists and
    names the check each item must pass."""
    id: str
    where: str
    field: str
    regex: re.Pattern
    list_sep: str = ""
    org: re.Pattern | None = None     # every list item must contain this
    item: re.Pattern | None = None    # every blank/、-separated name must match this

    def match(self, line: str) -> re.Match | None:
        """The rule's match of the whole ``line`` (each listed name checked too), or None."""
        m = self.regex.match(line)
        if m is None:
            return None
        value = m.groupdict().get("value") or line
        if self.org is not None and not all(self.org.search(x) for x in self.items(value)):
            return None
        if self.item is not None and not all(self.item.search(x) for x in re.split(r"[ 、]+", value) if x):
            return None
        return m

    def items(self, value: str) -> list[str]:
        """The value split on ``list_sep`` (empty pieces dropped)."""
        if not self.list_sep:
            return [value]
        return [x.strip() for x in re.split(f"[{re.escape(self.list_sep)}]", value) if x.strip()]


def parse_rules(data: dict, path: object = "official_header.toml") -> tuple[HeaderRule, ...]:
    """Validate and compile the rules; every example must match and every
    counter-example must not, else a DataError naming the file and rule."""
    if set(data) - {"rule"}:
        raise DataError(f"{path}: unknown table(s) {sorted(set(data) - {'rule'})}")
    rules, seen = [], set()
    for entry in data.get("rule", []):
        rule_id = entry.get("id")
        if not isinstance(rule_id, str) or not rule_id or rule_id in seen:
            raise DataError(f"{path}: a [[rule]] has no id or a duplicate one ({rule_id!r})")
        seen.add(rule_id)
        where = f"{path}: rule '{rule_id}'"
        if entry.get("where") not in WHERES:
            raise DataError(f"{where}: where must be one of {sorted(WHERES)}")
        if not isinstance(entry.get("field"), str):
            raise DataError(f"{where}: needs a field (\"\" for lines that carry nothing)")
        extra = {k: compile_pattern(entry[k], f"{where} {k}") for k in ("org", "item") if k in entry}
        rule = HeaderRule(rule_id, entry["where"], entry["field"], compile_pattern(entry.get("pattern"), where),
                          str(entry.get("list_sep", "")), **extra)
        examples, counter = entry.get("examples") or [], entry.get("counter") or []
        if not examples:
            raise DataError(f"{where}: give at least one example line")
        for line in examples:
            if not rule.match(line):
                raise DataError(f"{where}: example {line!r} does not match")
        for line in counter:
            if rule.match(line):
                raise DataError(f"{where}: counter-example {line!r} matches")
        rules.append(rule)
    return tuple(rules)


@rule_loader("official_header", "normalize")
def load_rules(directory: Path) -> tuple[HeaderRule, ...]:
    """The red-header rules of ``directory`` (corpora/normalize when called
    with no argument: loaded once, shared)."""
    path = directory / RULES_FILE[1]
    return parse_rules(load_toml(path), path)


def iso_date(value: str) -> str | None:
    """`2020年5月6日` or `二〇二〇年五月六日` as `2020-05-06`; None if not a date."""
    m = _DATE_PARTS_RE.search(value)
    if not m:
        return None
    y, mo, d = parse_year(m.group(1)), parse_int(m.group(2)), parse_int(m.group(3))
    if y is None or mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _first(rules, where: str, line: str):
    for rule in rules:
        if rule.where == where:
            m = rule.match(line)
            if m:
                return rule, m
    return None, None


def _edit(start: int, end_nl: int, rule: HeaderRule, value) -> Edit:
    return Edit(start, end_nl, "", kind="metadata",
                detail={"field": rule.field or "closing", "rule": rule.id, "value": value})


def _head(text: str, lines: list, rules) -> tuple[list[Edit], dict, list]:
    """Header lines at the top: banner, number, addressees (the addressees end
    the header); other lines before the body are the title's."""
    edits, meta, others = [], {}, []
    for start, end, end_nl in lines[:HEAD_LINES]:
        if end - start > MAX_LINE:
            break
        line = text[start:end].strip()
        if not line:
            continue
        rule, m = _first(rules, "head", line)
        if rule is None:
            if is_body_line(line):
                break
            others.append((start, end_nl, line))
            continue
        value = (m.groupdict().get("value") or line).strip()
        if rule.list_sep:
            value = rule.items(value)
        elif rule.field == "doc_number":
            value = re.sub(r"\s+", "", value)
            if m.groupdict().get("signer"):
                meta["signer"] = m.group("signer")
        meta.setdefault(rule.field, value)
        edits.append(_edit(start, end_nl, rule, value))
        if rule.field == "addressees":
            break
    return edits, meta, others


def _tail(text: str, lines: list, rules) -> tuple[list[Edit], dict]:
    """Closing lines at the end, read upwards: 印发, 抄送, release note, the
    date of issue and the issuing body right above it."""
    edits, meta = [], {}
    seen = 0
    after_date = False
    for start, end, end_nl in reversed(lines):
        if end - start > MAX_LINE:
            break
        line = text[start:end].strip()
        if not line:
            continue
        seen += 1
        if seen > TAIL_LINES:
            break
        rule, m = _first(rules, "tail", line)
        if rule is None or (rule.field == "issuer" and not after_date):
            break  # a signature counts only right above the date
        value = (m.groupdict().get("value") or line).strip()
        if rule.field == "issued":
            if "issued" in meta:
                break
            after_date = True
        elif rule.field == "issuer":
            value = "、".join(x for x in re.split(r"[ 、]+", value) if x)
            meta["issuer"] = value if "issuer" not in meta else f"{value}、{meta['issuer']}"
            edits.append(_edit(start, end_nl, rule, value))
            continue
        elif after_date:
            break  # above the signature block there is only body
        if rule.field == "printed_by":
            meta["printed_date"] = iso_date(m.group("date"))
        if rule.list_sep:
            value = rule.items(value)
        if rule.field:
            meta.setdefault(rule.field, value)
        edits.append(_edit(start, end_nl, rule, value))
    return edits, meta


def official_edits(text: str, rules: tuple[HeaderRule, ...] | None = None) -> tuple[list[Edit], dict]:
    """Edits taking the red header and the closing lines out of the body, and
    the metadata they carry (issuer, doc_number, addressees, issued, cc,
    printed_by, printed_date, release, signer; title when the header holds it)."""
    rules = rules or load_rules()
    lines = list(_lines(text))
    head_edits, head_meta, others = _head(text, lines, rules)
    tail_edits, tail_meta = _tail(text, lines, rules)
    official = bool(head_meta.get("doc_number") or head_meta.get("issuer") or tail_meta.get("cc")
                    or tail_meta.get("printed_by") or (tail_meta.get("issued") and tail_meta.get("issuer")))
    if not official:
        # A lone addressee line or a date at the end of a speech is not a header.
        return [], {}
    if tail_meta.get("issued"):
        tail_meta["issued"] = iso_date(tail_meta["issued"]) or tail_meta["issued"]
    meta = {**tail_meta, **head_meta}
    if "issuer" in head_meta and "issuer" in tail_meta:
        meta["issuer"] = head_meta["issuer"]
    edits = head_edits + tail_edits
    if head_meta.get("doc_number") and len(others) >= 2:
        # A title set over several lines is one title.
        title = "".join(line for _, _, line in others)
        meta["title"] = title
        edits += [Edit(s, e, "", kind="metadata", detail={"field": "title", "value": title}) for s, e, _ in others]
    return edits, meta


def merge_meta(meta: dict, official: dict) -> None:
    """Put the header's metadata into ``meta`` with the precedence above."""
    for key, value in official.items():
        if key == "title":
            meta[key] = value
        else:
            meta.setdefault(key, value)
    if "date" not in meta:
        date = official.get("issued") or official.get("printed_date")
        if date:
            meta["date"] = date
    m = _TITLE_ISSUER_RE.match(meta.get("title", "")) if official.get("doc_number") else None
    # A document that forwards another (转发, 批转) closes with the other's
    # signature: its own issuer is the one its title names.
    if m and ("issuer" not in meta or m.group("verb") in ("转发", "批转")):
        meta["issuer"] = m.group("issuer")
