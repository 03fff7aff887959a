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

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import scan
from ..resources import compile_pattern, load_toml, rule_loader
from ..spans import Span
from . import chars, damage, header, metadata, ruby, script, wrapped
from .boilerplate import noise_edits
from .edits import Edit, OffsetChain, apply_edits
from .placeholders import find_placeholders

_BLANK_LINES_RE = re.compile(r"\n{2,}|^\n+|\n+$")
_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_ELLIPSIS_RE = re.compile(r"(?:……|…{1,2}|\.{3,6})")
_ELLIPSIS_STARTS = scan.starts_of(_ELLIPSIS_RE)


@dataclass
class Normalized:
    """The result of ``normalize``: texts, removals, metadata, offset maps."""
    original: str
    text: str
    removed: list[dict] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    placeholders: list[Span] = field(default_factory=list)
    offsets: OffsetChain = field(default_factory=OffsetChain)
    joins: list[int] = field(default_factory=list)  # where texts run together were split

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the raw text that ``text[start:end]`` came from."""
        return self.offsets.to_original(start, end)


@dataclass(frozen=True)
class Formulas:
    """The formulas of corpora/structure/openings.toml, compiled: how a
    speech opens (here an ellipsis before one joins two texts; the outline
    reads the occasion from it) and how it closes (the outline)."""
    openings: tuple[re.Pattern, ...]
    closings: tuple[re.Pattern, ...]


@rule_loader("openings", "structure")
def load_openings(directory: Path) -> Formulas:
    """The openings and closings of ``directory``/openings.toml (corpora/structure
    when called with no argument: loaded once, shared with the outline)."""
    path = directory / "openings.toml"
    data = load_toml(path)
    return Formulas(*(tuple(compile_pattern(p, f"{path}: {key}[{i}]") for i, p in enumerate(data.get(key, [])))
                      for key in ("openings", "closings")))


def join_edits(text: str) -> list[Edit]:
    """An ellipsis that runs one text into the next (`…执行党的路……按照…安排，
    今天我们召开…`) is a cut: it becomes a line break, reported as a gap."""
    edits = []
    for m in scan.finditer(_ELLIPSIS_RE, _ELLIPSIS_STARTS, text):
        after = text[m.end():m.end() + 120]
        if any(p.match(after) for p in load_openings().openings):
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


class _Edited:
    """The text as the edits so far left it, with the offset maps that lead
    back to the raw text and the edits to report (each with how many maps
    came before it)."""

    def __init__(self, raw: str):
        self.text = raw
        self.chain = OffsetChain()
        self.reported: list[tuple[int, Edit]] = []

    def apply(self, edits: list[Edit]) -> None:
        """Apply one stage's edits (all on the current text) at once."""
        if not edits:
            return
        before = len(self.chain)
        new_text, offset_map = apply_edits(self.text, edits)
        self.reported.extend((before, e) for e in edits if e.kind)
        self.chain.append(offset_map)
        self.text = new_text


def normalize(raw: str, *, encoding: str | None = None, markup: str | None = None,
              first: list[Edit] | tuple = ()) -> Normalized:
    """Normalize decoded text: the clean body, what was taken away and where,
    the header's metadata, and the offset maps back to ``raw``; ``markup="md"``
    reduces Markdown first (front matter as metadata), offsets kept into ``raw``;
    ``first``: edits a reader proposes on ``raw`` (a PDF's page furniture and
    layout line breaks), applied before any other."""
    ed = _Edited(raw)
    meta: dict = {}

    ed.apply(list(first))
    ed.apply(chars.newline_edits(ed.text) + chars.invisible_edits(ed.text))
    md_meta: dict = {}
    if markup == "md":
        from ..formats.markdown import markdown_edits

        edits, md_meta = markdown_edits(ed.text)
        ed.apply(edits)
    # Text copied out of a PDF: its lines joined as they were printed, before
    # anything changes their width (pinyin ruby took room on the line, and a
    # ruby cut by the line end, `意识\n(shí)`, is only found once joined).
    edits, wrap_meta = wrapped.wrap_edits(ed.text)
    ed.apply(edits)
    ed.apply(ruby.ruby_edits(ed.text))
    # Cutting damage can leave new damage at the cut (`Â\x80?` -> `?` at a line
    # start): repeat until nothing is left, so normalization stays idempotent.
    for _ in range(4):
        edits = damage.damage_edits(ed.text)
        if not edits:
            break
        ed.apply(edits)

    converted, conv_map = script.convert_with_map(ed.text)
    meta["script"] = script.classify_script(ed.text, converted)
    ed.chain.append(conv_map)
    ed.text = chars.unify_width(converted)

    ed.apply(chars.indent_edits(ed.text))
    edits, noise_meta = noise_edits(ed.text)
    ed.apply(edits)
    # Text copied out of a PDF: the blanks around its digits dropped (after the
    # lines were joined: a join can bring a digit and a character together).
    ed.apply(wrapped.digit_gap_edits(ed.text))
    # Joins before the head: a join makes a new line, and the head must be
    # judged on the lines the text will finally have (idempotence).
    ed.apply(join_edits(ed.text))
    # The red header and closing lines of an official document go before the
    # speech-style head is looked for: a banner is no title.
    edits, official_meta = header.official_edits(ed.text)
    ed.apply(edits)
    edits, head_meta = metadata.header_edits(ed.text)
    ed.apply(edits)
    text = ed.text
    ed.apply([Edit(m.start(), m.end(), "" if m.start() == 0 or m.end() == len(text) else "\n")
              for m in _BLANK_LINES_RE.finditer(text)])
    text, chain, reported = ed.text, ed.chain, ed.reported

    meta.update({k: v for k, v in head_meta.items()})
    meta.update(wrap_meta)
    for key, value in noise_meta.items():
        meta.setdefault(key, value)
    meta.update(md_meta)  # the front matter's date wins over a date of issue
    header.merge_meta(meta, official_meta)
    if "title" in md_meta:
        meta["title"] = md_meta["title"]
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
