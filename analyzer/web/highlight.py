"""The annotated text of a document as HTML, built from offsets.

Every character of the document reaches the page through ``markupsafe.escape``
(one slice at a time, between mark boundaries); tags and attributes are made
here only, with escaped values.  A document holding ``<script>`` shows it as
text.

Marks nest: headings outermost, then directives and problems, then parties,
time limits and placeholders.  Where two marks overlap without nesting (a
problem clause that is also a directive), the inner one is closed and opened
again around the boundary, so the HTML stays well formed; only the first piece
of a mark carries its ``id`` (every piece carries ``data-span``, which the page
script uses to light up the whole mark when a link points at it).  Removed
pieces (page noise, metadata lines, gaps, damaged text) are shown where they
were, as collapsed ``<details>``; at such a point every open mark is closed
and reopened after it.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..document import Document
from .i18n import CATEGORY_LABELS, t, words

RANK = {"heading": 0, "directive": 1, "problem": 1, "party": 2, "time_limit": 2, "placeholder": 3}


@dataclass
class Mark:
    """A span to highlight in the page: its kind, CSS classes and tooltip."""
    start: int
    end: int
    kind: str
    classes: str
    title: str
    id: str | None = None

    @property
    def rank(self) -> int:
        """The kind's nesting rank (marks of a lower rank enclose higher ones)."""
        return RANK[self.kind]


def value_text(value) -> str:
    """A normalized value as a short line: ``by: 2024-06-30; approx: true``."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_scalar(v)}" for k, v in value.items())
    return _scalar(value)


def _scalar(v) -> str:
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False)


def _scores(scores: dict, lang: str) -> str:
    names = CATEGORY_LABELS[lang]
    shown = sorted(((k, v) for k, v in (scores or {}).items() if isinstance(v, (int, float)) and v > 0.005),
                   key=lambda kv: -kv[1])
    return ", ".join(f"{names.get(k, k)} {v:.2f}" for k, v in shown)


def marks_of(doc: Document, lang: str) -> list[Mark]:
    """Every highlight of a document (outline, directives, parties, time limits, problems) in ``lang``."""
    w = words(lang)
    cats = CATEGORY_LABELS[lang]
    sep = "｜" if lang == "zh" else " | "
    colon = "：" if lang == "zh" else ": "
    out: list[Mark] = []

    for s in (doc.outline.all_sections() if doc.outline else []):
        if s.heading is not None and s.heading_start < s.heading_end:
            out.append(Mark(s.heading_start, s.heading_end, "heading", f"h h{min(s.level, 4)}",
                            f"{w['heading']}{colon}{s.label}", f"s-{s.start}"))

    parties: dict[tuple[int, int], list] = {}
    limits: dict[tuple[int, int], object] = {}
    for d in doc.directives:
        bits = [f"{w['directive']}（{w[d.label]}）" if lang == "zh" else f"{w['directive']} ({w[d.label]})",
                f"{w['category']}{colon}{cats.get(d.category, d.category)}"]
        if d.value.get("trigger"):
            bits.append(f"{w['trigger']}{colon}{d.value['trigger']}")
        if d.parties:
            bits.append(f"{w['party']}{colon}" + "、".join(p.value.get("name") or p.text for p in d.parties))
        if d.time_limits:
            bits.append(f"{w['time_limit']}{colon}" + "、".join(tl.text for tl in d.time_limits))
        if d.scores:
            bits.append(f"{w['scores']}{colon}{_scores(d.scores, lang)}")
        out.append(Mark(d.start, d.end, "directive", f"dir cat-{d.category} mod-{d.label}", sep.join(bits),
                        f"m-{d.start}-{d.end}"))
        for p in d.parties:
            parties.setdefault((p.start, p.end), []).append(p)
        for tl in d.time_limits:
            limits.setdefault((tl.start, tl.end), tl)
    for tl in doc.time_limits:
        limits.setdefault((tl.start, tl.end), tl)

    for p in doc.problems:
        bits = [w["problem"], f"{w['category']}{colon}{cats.get(p.label, p.label)}"]
        scores = p.value.get("scores") if isinstance(p.value, dict) else None
        if scores:
            bits.append(f"{w['scores']}{colon}{_scores(scores, lang)}")
        out.append(Mark(p.start, p.end, "problem", f"prob cat-{p.label}", sep.join(bits), f"p-{p.start}-{p.end}"))

    for (start, end), ps in parties.items():
        first = ps[0]
        kind = w["role_person"] if first.label == "role" else w["body"]
        bits = [kind, f"{w['name']}{colon}{first.value.get('name') or first.text}"]
        roles = sorted({p.value.get("role") for p in ps if p.value.get("role")})
        if roles:
            bits.append(f"{w['task_role']}{colon}" + "、".join(w[f"role_{r}"] for r in roles if f"role_{r}" in w))
        inherited = all(p.inherited for p in ps)
        if inherited:
            bits.append(w["inherited"])
        classes = "party " + ("kind-role" if first.label == "role" else "kind-body")
        classes += "".join(f" role-{r}" for r in roles) + (" inherited" if inherited else "")
        out.append(Mark(start, end, "party", classes, sep.join(bits)))

    for (start, end), tl in limits.items():
        kind = w.get(f"tl_{tl.label}", tl.label)
        bits = [f"{w['time_limit']}{colon}{kind}"]
        shown = value_text(tl.value)
        if shown:
            bits.append(f"{w['value']}{colon}{shown}")
        out.append(Mark(start, end, "time_limit", f"tl tl-{tl.label}", sep.join(bits)))

    for ph in doc.placeholders:
        out.append(Mark(ph.start, ph.end, "placeholder", "ph", w["placeholder"]))
    return out


def removed_blocks(doc: Document, lang: str) -> dict[int, list[Markup]]:
    """Collapsed blocks for what normalization took out, by position in the
    normalized text.  Pinyin ruby is counted in the side panel instead."""
    w = words(lang)
    by_pos: dict[int, list[dict]] = defaultdict(list)
    for r in doc.removed:
        if r.get("kind") in ("boilerplate", "metadata", "gap", "damaged", "page_furniture"):
            by_pos[int(r.get("at", 0))].append(r)
    out: dict[int, list[Markup]] = {}
    for pos, items in by_pos.items():
        blocks = []
        gaps = [r for r in items if r["kind"] == "gap"]
        for g in gaps:
            label = t(lang, "gap_size", size=g["size"]) if g.get("size") else w["gap_unknown"]
            blocks.append(Markup('<details class="removed gap"><summary>{}</summary><pre>{}</pre></details>')
                          .format(label, g.get("text", "")))
        rest = [r for r in items if r["kind"] != "gap"]
        if rest:
            kinds = []
            for r in rest:
                name = w.get(f"rm_{r['kind']}", r["kind"])
                if name not in kinds:
                    kinds.append(name)
            body = Markup("").join(
                Markup('<li><span class="rule">{}</span> {}</li>').format(r.get("rule") or r.get("field") or "",
                                                                          r.get("text", "").rstrip("\n"))
                for r in rest)
            cls = "removed damaged" if any(r["kind"] == "damaged" for r in rest) else "removed"
            blocks.append(Markup('<details class="{}"><summary>{}{} {}</summary><ul>{}</ul></details>')
                          .format(cls, w["removed"], "：" if lang == "zh" else ": ", "、".join(kinds), body))
        out[pos] = blocks
    return out


def _open(m: Mark, first: bool) -> str:
    ident = f' id="{m.id}"' if first and m.id else ""
    span = f' data-span="{m.id}"' if m.id else ""
    return f'<span class="mk {escape(m.classes)}" title="{escape(m.title)}"{ident}{span}>'


def annotate(text: str, marks: list[Mark], inserts: dict[int, list[Markup]] | None = None) -> Markup:
    """``text`` as HTML with ``marks`` as nested ``<span>``s and ``inserts``
    (already safe HTML) placed at their positions."""
    n = len(text)
    inserts = {min(max(p, 0), n): v for p, v in (inserts or {}).items() if v}
    marks = [m for m in marks if 0 <= m.start < m.end <= n]
    starts: dict[int, list[Mark]] = defaultdict(list)
    for m in marks:
        starts[m.start].append(m)
    for lst in starts.values():
        lst.sort(key=lambda m: (-m.end, m.rank))    # the longest (outermost) opens first
    points = sorted({0, n} | {m.start for m in marks} | {m.end for m in marks} | set(inserts))
    out: list[str] = []
    stack: list[Mark] = []
    for i, p in enumerate(points):
        here = inserts.get(p)
        ended = [j for j, m in enumerate(stack) if m.end <= p]
        if ended or here:
            cut = 0 if here else ended[0]
            reopen = [m for m in stack[cut:] if m.end > p]
            out.append("</span>" * (len(stack) - cut))
            del stack[cut:]
            if here:
                out.extend(str(h) for h in here)
            for m in reopen:
                out.append(_open(m, first=False))
                stack.append(m)
        for m in starts.get(p, ()):
            out.append(_open(m, first=True))
            stack.append(m)
        if i + 1 < len(points):
            out.append(str(escape(text[p:points[i + 1]])))
    out.append("</span>" * len(stack))
    return Markup("".join(out))


def document_html(doc: Document, lang: str) -> Markup:
    """The normalized text as HTML, with its highlights, section anchors and removed blocks."""
    inserts = section_anchors(doc)
    for pos, blocks in removed_blocks(doc, lang).items():
        inserts[pos].extend(blocks)
    return annotate(doc.text, marks_of(doc, lang), inserts)


@dataclass
class NavItem:
    """One link of the outline navigation, with its subsections."""
    level: int
    label: str
    anchor: str
    children: list["NavItem"]


def outline_nav(doc: Document, lang: str) -> list[tuple[NavItem | None, list[NavItem]]]:
    """The outline as nested links to the headings' anchors, one group per
    text when the file holds several (the group's head links to where that
    text starts)."""
    if doc.outline is None:
        return []

    def item(s) -> NavItem:
        label = s.label if s.heading is not None else f"{s.marker or ''}{t(lang, 'heading_missing')}"
        if s.task:  # no title: the start of the task itself
            first = s.first_line(doc.text)
            label = f"{s.marker or ''}{first[:24]}{'…' if len(first) > 24 else ''}"
        return NavItem(s.level, label, f"s-{s.start}", [item(c) for c in s.children])

    parts = doc.outline.parts
    if len(parts) <= 1:
        items = [item(s) for s in doc.outline.sections]
        return [(None, items)] if items else []
    groups = []
    for p in parts:
        head = NavItem(0, t(lang, "part_label", n=p.index + 1) + (f"：{p.occasion}" if p.occasion else ""),
                       f"part-{p.index}", [])
        groups.append((head, [item(s) for s in doc.outline.sections if s.part == p.index]))
    return groups


def section_anchors(doc: Document) -> dict[int, list[Markup]]:
    """Anchors for the start of each text of a file holding several, and for
    sections with no heading span to mark (a heading hidden by a gap)."""
    out: dict[int, list[Markup]] = defaultdict(list)
    if doc.outline and len(doc.outline.parts) > 1:
        for p in doc.outline.parts:
            out[p.start].append(Markup('<span class="anchor" id="part-{}"></span>').format(p.index))
    for s in (doc.outline.all_sections() if doc.outline else []):
        if s.heading is None or s.heading_start >= s.heading_end:
            out[s.start].append(Markup('<span class="anchor" id="s-{}"></span>').format(s.start))
    return out
