"""The one shape every extraction takes: a frozen span of text with its label.

Offsets are ``[start, end)`` character offsets into the text the span was found
in (for a whole document: ``Document.text``, the normalized text).  ``rule`` names
the rule table row, pattern or model that produced the span, so a wrong answer
can be traced to the data that caused it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A labeled span of the normalized text, with its value and the rule that found it."""
    start: int
    end: int
    text: str
    label: str
    value: Any = None
    rule: str = ""

    def shifted(self, offset: int) -> "Span":
        """The same span, with offsets moved by ``offset`` (clause -> document)."""
        return replace(self, start=self.start + offset, end=self.end + offset)

    def to_dict(self) -> dict:
        """The span as JSON (value and rule when set)."""
        out = {"start": self.start, "end": self.end, "text": self.text, "label": self.label}
        if self.value is not None:
            out["value"] = self.value
        if self.rule:
            out["rule"] = self.rule
        return out


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of the original input that is not in the normalized text.

    ``start``/``end`` locate the removal in the normalized text (both equal: the
    point where the piece was cut out); ``orig_start``/``orig_end`` locate it in
    the original text.  ``kind`` is boilerplate, pinyin, gap, damaged, metadata.
    """

    start: int
    end: int
    kind: str
    text: str
    orig_start: int = -1
    orig_end: int = -1
    detail: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The removed piece as JSON, with its place in the original text."""
        out = {"start": self.start, "end": self.end, "kind": self.kind, "text": self.text,
               "orig_start": self.orig_start, "orig_end": self.orig_end}
        out.update(self.detail)
        return out
