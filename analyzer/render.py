"""A readable text view of an analyzed document (``--format text``).

Chinese by default, as the documents are (category names 思想认识, 制度机制 …,
the words of the rectification list); ``lang="en"`` gives English labels and
the category codes of the JSON.
"""
from __future__ import annotations

from .document import Document
from .ledger.export import CATEGORY_NAMES  # the list's words: 思想认识 …, or the codes

LABELS = {
    "zh": {"title": "标题", "issuer": "发文机关", "doc_number": "发文字号", "addressees": "主送",
           "speaker": "讲话人", "occasion": "场合", "date": "日期", "source": "来源",
           "encoding": "编码", "script": "字形", "length": "长度",
           "length_value": "{chars} 字，{sentences} 句", "tokens": "，{n} 词",
           "parts": "拼接", "parts_value": "本文件包含 {n} 篇拼接在一起的文本",
           "outline": "提纲", "part": "[第 {n} 篇] {occasion}（{reason}）", "hidden": "（标题缺失，在缺失内容中）", "task": "（任务）",
           "removed": "已移除", "gap": "缺失 于 {at}：{size} — {text}", "gap_size": "{n} 字", "gap_unknown": "字数不详",
           "pinyin": "拼音注音：删除 {n} 处", "directives": "要求", "problems": "问题", "who": "责任方", "when": "时限",
           "sep": "：", "kinds": {"boilerplate": "网页杂质", "damaged": "损坏的文字", "metadata": "元数据"},
           "rule": "（{rule}）", "values": {"simplified": "简体", "traditional": "繁体（已转为简体）",
                                           "mixed": "繁简混合（已转为简体）"}},
    "en": {"title": "title", "issuer": "issuer", "doc_number": "doc_number", "addressees": "addressees",
           "speaker": "speaker", "occasion": "occasion", "date": "date", "source": "source",
           "encoding": "encoding", "script": "script", "length": "length",
           "length_value": "{chars} characters, {sentences} sentences", "tokens": ", {n} tokens",
           "parts": "parts", "parts_value": "{n} texts run together in this file",
           "outline": "Outline", "part": "[part {n}] {occasion} ({reason})", "hidden": "(hidden behind a gap)", "task": "(task) ",
           "removed": "Removed", "gap": "gap at {at}: {size} — {text}", "gap_size": "{n} characters",
           "gap_unknown": "size unknown", "pinyin": "pinyin ruby: {n} removed", "directives": "Directives",
           "problems": "Problems", "who": "who", "when": "when", "sep": ": ",
           "kinds": {"boilerplate": "boilerplate", "damaged": "damaged", "metadata": "metadata"},
           "rule": " ({rule})", "values": {}},
}


def _clip(s: str, n: int = 60) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def render_text(doc: Document, lang: str = "zh") -> str:
    """The readable view of ``doc`` in ``lang`` (``zh`` or ``en``)."""
    w = LABELS[lang]
    cats = CATEGORY_NAMES[lang]
    width = 9 if lang == "en" else 4  # a Chinese label is two columns a character
    lines = [f"# {doc.id}"]
    meta = doc.meta
    for key in ("title", "issuer", "doc_number", "addressees", "speaker", "occasion", "date", "source",
                "encoding", "script"):
        if meta.get(key):
            value = w["values"].get(meta[key], meta[key]) if key == "script" else meta[key]
            if isinstance(value, list):   # addressees: shown as the document writes them
                value = "，".join(value)
            lines.append(f"{w[key]:>{width}}{w['sep']}{value}")
    length = w["length_value"].format(chars=len(doc.text), sentences=len(doc.sentences))
    if doc.tokens is not None:
        length += w["tokens"].format(n=len(doc.tokens))
    lines.append(f"{w['length']:>{width}}{w['sep']}{length}")
    if doc.outline and len(doc.outline.parts) > 1:
        lines.append(f"{w['parts']:>{width}}{w['sep']}"
                     + w["parts_value"].format(n=len(doc.outline.parts)))
    if doc.outline and doc.outline.sections:
        lines.append(f"\n## {w['outline']}")
        for part in doc.outline.parts:
            if len(doc.outline.parts) > 1:
                lines.append(w["part"].format(n=part.index + 1, occasion=part.occasion or "", reason=part.reason))
            for top in doc.outline.sections:
                if top.part != part.index:
                    continue
                for s in top.walk():
                    heading = s.heading if s.heading is not None else w["hidden"]
                    if s.task:  # no title: show the start of the task itself
                        heading = w["task"] + s.first_line(doc.text)
                    lines.append(f"{'  ' * (s.level - 1)}{s.marker or ''}{_clip(heading)}")
    gaps = [r for r in doc.removed if r["kind"] == "gap"]
    other = [r for r in doc.removed if r["kind"] in ("boilerplate", "damaged", "metadata", "page_furniture")]
    if gaps or other:
        lines.append(f"\n## {w['removed']}")
        for r in gaps:
            size = w["gap_size"].format(n=r["size"]) if r.get("size") else w["gap_unknown"]
            lines.append(w["gap"].format(at=r["at"], size=size, text=_clip(r["text"], 40)))
        for r in other:
            rule = w["rule"].format(rule=r.get("rule") or r.get("field") or "")
            lines.append(f"{w['kinds'][r['kind']]}{rule}{w['sep']}{_clip(r['text'], 50)}")
        pinyin = sum(1 for r in doc.removed if r["kind"] == "pinyin")
        if pinyin:
            lines.append(w["pinyin"].format(n=pinyin))
    if doc.directives:
        lines.append(f"\n## {w['directives']}")
        for d in doc.directives:
            who = "、".join(p.text + ("*" if p.inherited else "") for p in d.parties) or "—"
            when = "、".join(t.text for t in d.time_limits) or "—"
            lines.append(f"- [{cats.get(d.category, d.category)}] {_clip(d.text, 70)}\n"
                         f"    {w['who']}{w['sep']}{who}   {w['when']}{w['sep']}{when}")
    if doc.problems:
        lines.append(f"\n## {w['problems']}")
        for p in doc.problems:
            lines.append(f"- [{cats.get(p.label, p.label)}] {_clip(p.text, 70)}")
    return "\n".join(lines) + "\n"
