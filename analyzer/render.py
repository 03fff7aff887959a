"""A readable text view of an analyzed document (``--format text``)."""
from __future__ import annotations

from .document import Document


def _clip(s: str, n: int = 60) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def render_text(doc: Document) -> str:
    lines = [f"# {doc.id}"]
    meta = doc.meta
    for key in ("title", "speaker", "occasion", "date", "source", "encoding", "script"):
        if meta.get(key):
            lines.append(f"{key:>9}: {meta[key]}")
    lines.append(f"{'length':>9}: {len(doc.text)} characters, {len(doc.sentences)} sentences"
                 + (f", {len(doc.tokens)} tokens" if doc.tokens is not None else ""))
    if doc.outline and len(doc.outline.parts) > 1:
        lines.append(f"{'parts':>9}: {len(doc.outline.parts)} texts run together in this file")
    if doc.outline and doc.outline.sections:
        lines.append("\n## Outline")
        for part in doc.outline.parts:
            if len(doc.outline.parts) > 1:
                lines.append(f"[part {part.index + 1}] {part.occasion or ''} ({part.reason})")
            for top in doc.outline.sections:
                if top.part != part.index:
                    continue
                for s in top.walk():
                    heading = s.heading if s.heading is not None else "(hidden behind a gap)"
                    if s.task:  # no title: show the start of the task itself
                        heading = "(task) " + s.first_line(doc.text)
                    lines.append(f"{'  ' * (s.level - 1)}{s.marker or ''}{_clip(heading)}")
    gaps = [r for r in doc.removed if r["kind"] == "gap"]
    other = [r for r in doc.removed if r["kind"] in ("boilerplate", "damaged", "metadata")]
    if gaps or other:
        lines.append("\n## Removed")
        for r in gaps:
            size = f"{r['size']} characters" if r.get("size") else "size unknown"
            lines.append(f"gap at {r['at']}: {size} — {_clip(r['text'], 40)}")
        for r in other:
            lines.append(f"{r['kind']} ({r.get('rule') or r.get('field') or ''}): {_clip(r['text'], 50)}")
        pinyin = sum(1 for r in doc.removed if r["kind"] == "pinyin")
        if pinyin:
            lines.append(f"pinyin ruby: {pinyin} removed")
    if doc.directives:
        lines.append("\n## Directives")
        for d in doc.directives:
            who = "、".join(p.text + ("*" if p.inherited else "") for p in d.parties) or "—"
            when = "、".join(t.text for t in d.time_limits) or "—"
            lines.append(f"- [{d.category}] {_clip(d.text, 70)}\n    who: {who}   when: {when}")
    if doc.problems:
        lines.append("\n## Problems")
        for p in doc.problems:
            lines.append(f"- [{p.label}] {_clip(p.text, 70)}")
    return "\n".join(lines) + "\n"
