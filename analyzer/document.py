"""The analyzed document: normalized text with every span found in it.

All offsets are into ``Document.text`` (the normalized text); ``to_original``
maps any span back to the input as it was decoded.  ``to_dict`` gives the JSON
shape of docs/CONTRACT.md §8 (field names fixed; fields may be added, never renamed).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .normalize.edits import OffsetChain
from .spans import Span
from .structure.outline import Outline


@dataclass(frozen=True, slots=True)
class Party:
    """A responsible body or role named in a directive (offsets into the normalized text)."""
    start: int
    end: int
    text: str
    label: str                 # body | role
    value: dict                # {"name": normalized, "role": lead|support|supervise|None}
    rule: str = ""
    inherited: bool = False

    def to_dict(self) -> dict:
        """The party as in the output contract (SPEC section 8)."""
        return {"text": self.text, "role": self.value.get("role"), "inherited": self.inherited,
                "name": self.value.get("name", self.text), "kind": self.label,
                "start": self.start, "end": self.end, "rule": self.rule}


@dataclass(frozen=True, slots=True)
class Directive:
    """A directive clause: its modality, action, parties, time limits and category."""
    start: int
    end: int
    text: str
    label: str                 # modality: obligation | prohibition
    value: dict                # {"trigger": ..., "action": ...}
    rule: str
    parties: tuple[Party, ...] = ()
    time_limits: tuple[Span, ...] = ()
    section: tuple[str, ...] = ()
    category: str = "other"
    scores: dict = field(default_factory=dict)

    @property
    def modality(self) -> str:
        """Obligation or prohibition (the span's label)."""
        return self.label

    def to_dict(self) -> dict:
        """The directive as in the output contract (SPEC section 8)."""
        return {"text": self.text, "start": self.start, "end": self.end,
                "modality": self.label, "trigger": self.value.get("trigger"),
                "action": self.value.get("action"),
                "parties": [p.to_dict() for p in self.parties],
                "time_limits": [time_limit_dict(t) for t in self.time_limits],
                "category": self.category, "scores": self.scores,
                "section": list(self.section), "rule": self.rule}


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem stated in the document, with its category (the span's label)."""
    start: int
    end: int
    text: str
    label: str                 # category
    value: dict                # {"scores": {...}}
    rule: str

    def to_dict(self) -> dict:
        """The problem as in the output contract (SPEC section 8)."""
        return {"text": self.text, "start": self.start, "end": self.end, "category": self.label,
                "scores": self.value.get("scores", {}), "rule": self.rule}


def time_limit_dict(span: Span) -> dict:
    """A time-limit span as in the output contract (SPEC section 8)."""
    return {"text": span.text, "start": span.start, "end": span.end, "type": span.label,
            "value": span.value, "rule": span.rule}


@dataclass
class Document:
    """One analyzed document: original and normalized text, offset map, outline and extractions."""
    id: str
    original: str
    text: str
    meta: dict = field(default_factory=dict)
    removed: list[dict] = field(default_factory=list)
    placeholders: list[Span] = field(default_factory=list)
    offsets: OffsetChain = field(default_factory=OffsetChain)
    joins: list[int] = field(default_factory=list)
    outline: Outline | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    clauses: list[tuple[int, int]] = field(default_factory=list)
    tokens: list[str] | None = None
    directives: list[Directive] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    time_limits: list[Span] = field(default_factory=list)
    parties: list[dict] = field(default_factory=list)
    ref_date: object = None  # datetime.date used to resolve relative deadlines
    source: object = None    # the readers.InputText it was made from (the normalize step reads it)
    # PDF and images: [{"page", "start", "end"(, "lines")}] in normalized offsets
    pages: list[dict] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original (decoded) input that ``text[start:end]`` came from."""
        return self.offsets.to_original(start, end)

    def section_path(self, pos: int) -> tuple[str, ...]:
        """The labels of the outline sections (levels 1-3) holding offset ``pos``."""
        if self.outline is None:
            return ()
        return tuple(s.label for s in self.outline.path_at(pos) if s.level <= 3)

    def to_dict(self, *, tokens: bool = False, original: bool = False) -> dict:
        """The document as the JSON output (SPEC section 8); tokens and the original text on request."""
        out = {
            "id": self.id,
            "meta": self.meta,
            "text": self.text,
            "removed": self.removed,
            "outline": [s.to_dict() for s in self.outline.sections] if self.outline else [],
            "parts": [p.to_dict(self.text) for p in self.outline.parts] if self.outline else [],
            "sentences": [{"start": s, "end": e} for s, e in self.sentences],
            "placeholders": [{"start": p.start, "end": p.end, "text": p.text} for p in self.placeholders],
            "directives": [d.to_dict() for d in self.directives],
            "problems": [p.to_dict() for p in self.problems],
            "time_limits": [time_limit_dict(t) for t in self.time_limits],
            "parties": self.parties,
        }
        if self.pages:  # only for paged inputs, so other outputs stay as they were
            out["pages"] = self.pages
        if tokens and self.tokens is not None:
            out["tokens"] = self.tokens
        if original:
            out["original"] = self.original
        return out
