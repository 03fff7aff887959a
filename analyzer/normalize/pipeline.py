"""The normalization pipeline: raw decoded text -> clean simplified body text.

Steps run in a fixed order, each a named function proposing edits on the
current text (the order matters: ruby and damage are found before conversion
and width unification touch the characters they look for; page noise is
matched on simplified text so its rules are written once).  Every edit that
takes away something the user gave is reported in ``removed`` with its place
in the original text; every offset of the result maps back to the original
through ``offsets``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .. import scan
from ..resources import load_toml
from ..spans import Span
from . import chars, damage, metadata, ruby, script
from .boilerplate import noise_edits
from .edits import Edit, OffsetChain, apply_edits
from .placeholders import find_placeholders

_BLANK_LINES_RE = re.compile(r"\n{2,}|^\n+|\n+$")
_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_ELLIPSIS_RE = re.compile(r"(?:……|…{1,2}|\.{3,6})")
_ELLIPSIS_STARTS = re.compile(r"[….]")  # see scan.py


@dataclass
class Normalized:
    original: str
    text: str
    removed: list[dict] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    placeholders: list[Span] = field(default_factory=list)
    offsets: OffsetChain = field(default_factory=OffsetChain)
    joins: list[int] = field(default_factory=list)  # where texts run together were split

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.to_original(start, end)


@functools.cache
def _openings() -> tuple[re.Pattern, ...]:
    data = load_toml("structure", "openings.toml")
    return tuple(re.compile(p) for p in data.get("openings", []))


def join_edits(text: str) -> list[Edit]:
    """An ellipsis that runs one text into the next (`…执行党的路……按照…安排，
    今天我们召开…`) is a cut: it becomes a line break, reported as a gap."""
    edits = []
    for m in scan.finditer(_ELLIPSIS_RE, _ELLIPSIS_STARTS, text):
        after = text[m.end():m.end() + 120]
        if any(p.match(after) for p in _openings()):
            edits.append(Edit(m.start(), m.end(), "\n", kind="gap",
                              detail={"rule": "texts-joined", "size": None}))
    return edits


def _iso_date(value: str) -> str | None:
    m = _DATE_RE.search(value)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def normalize(raw: str, *, encoding: str | None = None, first: list[Edit] | tuple = ()) -> Normalized:
    """Normalize ``raw``; ``first``: edits a reader proposes on ``raw`` (a
    PDF's page furniture and layout line breaks), applied before any other."""
    chain = OffsetChain()
    reported: list[tuple[int, Edit]] = []  # (maps applied before the edit, edit)
    meta: dict = {}
    text = raw

    def step(edits: list[Edit]) -> None:
        nonlocal text
        if not edits:
            return
        before = len(chain)
        new_text, offset_map = apply_edits(text, edits)
        reported.extend((before, e) for e in edits if e.kind)
        chain.append(offset_map)
        text = new_text

    step(list(first))
    step(chars.newline_edits(text) + chars.invisible_edits(text))
    step(ruby.ruby_edits(text))
    # Cutting damage can leave new damage at the cut (`Â\x80?` -> `?` at a line
    # start): repeat until nothing is left, so normalization stays idempotent.
    for _ in range(4):
        edits = damage.damage_edits(text)
        if not edits:
            break
        step(edits)

    converted, conv_map = script.convert_with_map(text)
    meta["script"] = script.classify_script(text, converted)
    chain.append(conv_map)
    text = chars.unify_width(converted)

    step(chars.indent_edits(text))
    edits, noise_meta = noise_edits(text)
    step(edits)
    # Joins before the head: a join makes a new line, and the head must be
    # judged on the lines the text will finally have (idempotence).
    step(join_edits(text))
    edits, head_meta = metadata.header_edits(text)
    step(edits)
    step([Edit(m.start(), m.end(), "" if m.start() == 0 or m.end() == len(text) else "\n")
          for m in _BLANK_LINES_RE.finditer(text)])

    meta.update({k: v for k, v in head_meta.items()})
    for key, value in noise_meta.items():
        meta.setdefault(key, value)
    if "occasion" in meta and "speaker" not in meta:
        speaker = metadata.infer_speaker(text)
        if speaker:
            meta["speaker"] = speaker
            meta["speaker_inferred"] = True
    if "date" in meta:
        meta["date"] = _iso_date(meta["date"]) or meta["date"]
    if encoding:
        meta["encoding"] = encoding

    removed = []
    joins = []
    # Map every reported edit back to the original and forward to the final
    # text, a step's edits at a time (vectorized: pages with thousands of ruby
    # annotations stay cheap).
    by_step: dict[int, list[Edit]] = {}
    for before, e in reported:
        by_step.setdefault(before, []).append(e)
    for before, edits in by_step.items():
        o_starts, o_ends = chain.to_original_many([e.start for e in edits], [e.end for e in edits], upto=before)
        ats = chain.forward_many(chain.maps[before].forward_many([e.start for e in edits]), after=before + 1)
        for e, o_start, o_end, at in zip(edits, o_starts.tolist(), o_ends.tolist(), ats.tolist()):
            item = {"start": o_start, "end": o_end, "kind": e.kind, "text": raw[o_start:o_end], "at": at}
            if e.detail:
                item.update({k: v for k, v in e.detail.items() if k != "value" or e.kind == "metadata"})
            removed.append(item)
            if e.detail and e.detail.get("rule") == "texts-joined":
                joins.append(at + len(e.replacement))
    removed.sort(key=lambda r: r["start"])
    return Normalized(original=raw, text=text, removed=removed, meta=meta,
                      placeholders=find_placeholders(text), offsets=chain, joins=joins)


def normalize_text(raw: str) -> str:
    """The normalized body text alone (a pure ``str -> str`` normalizer)."""
    return normalize(raw).text
