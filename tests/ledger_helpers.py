"""Build small analyzed documents by hand for the ledger tests: the text runs
through normalization and structure only, and the directives, problems,
parties and time limits are placed on it by substring, so the linking logic is
tested whatever the extractors on this branch find.  Every sentence here was
written for these tests."""
from __future__ import annotations

from analyzer.document import Directive, Party, Problem
from analyzer.pipeline import analyze
from analyzer.spans import Span


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    i = text.find(needle, after)
    assert i >= 0, f"{needle!r} not in text"
    return i, i + len(needle)


def party(doc_text: str, within: tuple[int, int], text: str, label: str = "body", role=None,
          inherited: bool = False, name: str | None = None) -> Party:
    s, e = _find(doc_text, text)
    if not inherited:
        s, e = _find(doc_text[:within[1]], text, within[0])
    return Party(s, e, text, label, {"name": name or text, "role": role}, "test", inherited)


def make_doc(text: str, directives=(), problems=(), doc_id: str = "t.txt", title: str | None = None):
    """``directives``: clause texts, or dicts {text, parties: [dict], limits: [(text, type, value)],
    category, scores}; ``problems``: clause texts or (text, category)."""
    doc = analyze(text, steps=("structure",))
    assert doc.text == text, "test text must be normalized already"
    doc.id = doc_id
    if title:
        doc.meta["title"] = title
    ds = []
    for spec in directives:
        spec = {"text": spec} if isinstance(spec, str) else dict(spec)
        s, e = _find(text, spec["text"])
        parties = tuple(party(text, (s, e), **p) for p in spec.get("parties", ()))
        limits = tuple(Span(*_find(text, t, s), t, typ, value, "test") for t, typ, value in spec.get("limits", ()))
        ds.append(Directive(s, e, spec["text"], spec.get("modality", "obligation"),
                            {"trigger": "要", "action": spec.get("action", spec["text"])}, "test",
                            parties, limits, doc.section_path(s), spec.get("category", "other"),
                            spec.get("scores", {})))
    doc.directives = ds
    ps = []
    for spec in problems:
        t, cat = (spec, "other") if isinstance(spec, str) else spec
        s, e = _find(text, t)
        ps.append(Problem(s, e, t, cat, {"scores": {}}, "test"))
    doc.problems = ps
    return doc
