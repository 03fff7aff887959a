"""Draft the rectification list (整改台账, SPEC section 7) from analyzed documents.

One row per task: the problem (or none), its category, the measures aimed at it
(directive texts, never none), the responsible bodies and roles, the time
limits, and where every piece came from (document, outline path, offsets into
the normalized text).  Linking, in this order, within each document:

1. explicit frames: ``针对…问题，要…`` / ``对…的，要…`` / ``对…的单位和个人要…``
   — the named problem and the directives of that sentence from the frame on;
   a frame pointing back (``针对上述问题，要…``) takes the problems stated
   before it in the same section that have no measure yet;
2. same sentence: a problem and the directives of its sentence (of its
   passage, when a sentence runs several class labels together:
   ``对思想认识方面的问题，要…；对制度机制方面的问题，要…``);
3. same section: the nearest following directives in the same lowest outline
   section, up to the next problem — the rest of the problem's paragraph, or
   else the next paragraph that has directives; problems in a row with no
   directive between them share those measures;
4. the directives left over are rows with no problem: one per sentence (or
   passage), a new row where a clause names parties of its own different from
   the row's.

A problem no measure answers is not a row; it is kept in ``Ledger.unaddressed``.
Headings are never measures (a heading frame still names a problem), and a
generic exhortation (``统一思想、提高认识``) is never a row on its own
(``Ledger.skipped``); the rules are data in ``corpora/ledger/linking.toml``.
Rows from different documents whose texts are near-duplicates (character-bigram
Jaccard at or above ``[merge] threshold``) are merged, keeping every source.
"""
from __future__ import annotations

import bisect
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from ..document import Directive, Document
from ..resources import DataError, load_toml

CATEGORIES = ("ideology", "system", "work_style", "discipline", "other")
LINKING_FILE = ("ledger", "linking.toml")


# --- rules ------------------------------------------------------------------

@dataclass(frozen=True)
class Rules:
    frame: re.Pattern
    class_label: re.Pattern
    anaphora: re.Pattern
    fillers: re.Pattern
    generic: re.Pattern
    threshold: float


_MARKER = r"(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])?"


@functools.cache
def load_rules() -> Rules:
    data = load_toml(*LINKING_FILE)
    try:
        fr, gen, merge = data["frame"], data["generic"], data["merge"]
        tails = sorted(fr["tails"], key=len, reverse=True)
        targets = sorted(fr["targets"], key=len, reverse=True)
        tgt = "|".join(map(re.escape, targets))
        tail = "|".join(map(re.escape, tails)) + f"|的(?=(?:{tgt})|[，,])"
        frame = re.compile(
            rf"(?:^|(?<=[，,；;：:]))\s*{_MARKER}\s*{fr['opener']}[，,]?\s*(?P<lead>{fr['lead']})"
            rf"(?P<obj>[^，,。；;：:！？!?\n]{{2,60}}?)(?P<tail>{tail})(?:{tgt})?[，,]?"
            rf"(?={fr['measure_ahead']})")
        rules = Rules(
            frame=frame,
            class_label=re.compile(fr["class_label"]),
            anaphora=re.compile(fr["anaphora"]),
            fillers=re.compile(gen["fillers"]),
            generic=re.compile("(?:" + "|".join(gen["phrases"]) + ")"),
            threshold=float(merge["threshold"]),
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise DataError(f"corpora/ledger/linking.toml: {type(exc).__name__}: {exc}") from exc
    if not 0 < rules.threshold <= 1:
        raise DataError("corpora/ledger/linking.toml: [merge] threshold must be in (0, 1]")
    return rules


# --- the list ---------------------------------------------------------------

@dataclass(frozen=True)
class Responsible:
    """A body or role named responsible in a row (``name`` normalized)."""
    name: str
    text: str                  # as first written
    kind: str                  # body | role
    role: str | None = None    # lead | support | supervise
    inherited: bool = False    # only ever named earlier in the paragraph

    def to_dict(self) -> dict:
        return {"name": self.name, "text": self.text, "kind": self.kind, "role": self.role,
                "inherited": self.inherited}


@dataclass(frozen=True)
class Source:
    """Where a row came from in one document; offsets into its normalized text."""
    doc: str
    title: str | None
    section: tuple[str, ...]
    problems: tuple[tuple[int, int], ...]
    measures: tuple[tuple[int, int], ...]
    span: tuple[int, int]      # the passage holding the problem, the measures and every party named
    link: str                  # frame | sentence | section | none | manual (a row added by hand)
    original: dict = field(default_factory=dict, compare=False)  # the same spans in the original input

    def to_dict(self) -> dict:
        out = {"doc": self.doc, "title": self.title, "section": list(self.section), "link": self.link,
               "problems": [{"start": s, "end": e} for s, e in self.problems],
               "measures": [{"start": s, "end": e} for s, e in self.measures],
               "span": {"start": self.span[0], "end": self.span[1]}}
        if self.original:
            out["original"] = self.original
        return out


@dataclass
class Row:
    problem: str                       # "" when the task states no problem
    category: str
    measures: list[str]
    bodies: list[Responsible]
    roles: list[Responsible]
    time_limits: list[dict]            # {"text", "type", "value"}
    sources: list[Source]
    problem_category: str | None = None
    no: int = 0

    @property
    def time_limit(self) -> str:
        return "；".join(t["text"] for t in self.time_limits)

    @property
    def link(self) -> str:
        return self.sources[0].link if self.sources else "none"

    def to_dict(self) -> dict:
        return {"no": self.no, "problem": self.problem, "category": self.category,
                "problem_category": self.problem_category, "measures": list(self.measures),
                "bodies": [b.to_dict() for b in self.bodies], "roles": [r.to_dict() for r in self.roles],
                "time_limit": self.time_limit, "time_limits": list(self.time_limits), "link": self.link,
                "sources": [s.to_dict() for s in self.sources]}


@dataclass
class Ledger:
    rows: list[Row]
    documents: list[dict]              # {"id", "title", "rows", "unaddressed"}
    unaddressed: list[dict] = field(default_factory=list)   # problems with no measure (never rows)
    skipped: list[dict] = field(default_factory=list)       # directives not made rows, with the reason
    threshold: float = 0.0

    @property
    def title(self) -> str:
        names = [d.get("title") or d["id"] for d in self.documents]
        if not names:
            return "整改台账"
        if len(names) == 1:
            return f"《{names[0]}》整改台账"
        return f"《{names[0]}》等{len(names)}份材料整改台账"

    def renumber(self) -> None:
        """Number the rows 1, 2, … in list order and count each document's rows
        and problems with no measure (after building, or after rows were edited)."""
        for i, row in enumerate(self.rows, 1):
            row.no = i
        rows = Counter(doc for r in self.rows for doc in {s.doc for s in r.sources})
        unaddressed = Counter(u["doc"] for u in self.unaddressed)
        for d in self.documents:
            d["rows"] = rows[d["id"]]
            d["unaddressed"] = unaddressed[d["id"]]

    def rows_of(self, doc_id: str) -> list[Row]:
        return [r for r in self.rows if any(s.doc == doc_id for s in r.sources)]

    def to_dict(self) -> dict:
        return {"title": self.title, "documents": self.documents, "rows": [r.to_dict() for r in self.rows],
                "unaddressed": self.unaddressed, "skipped": self.skipped,
                "merge": {"method": "character-bigram Jaccard", "threshold": self.threshold}}


# --- linking within one document --------------------------------------------

@dataclass
class _Problem:
    start: int
    end: int
    text: str
    category: str | None
    link: str                  # frame | detected


@dataclass
class _Group:
    problems: list[_Problem]
    measures: list[Directive]
    link: str


class _DocLinker:
    def __init__(self, doc: Document, rules: Rules):
        self.doc = doc
        self.rules = rules
        self.text = doc.text
        self.sentences = sorted(doc.sentences) or [(0, len(doc.text))]
        self._sent_starts = [s for s, _ in self.sentences]
        self.sections = [s for s in (doc.outline.all_sections() if doc.outline else [])
                         if s.level <= 3 and not s.inferred]
        self.headings = [(s.start, s.heading_end) for s in self.sections]
        self.directives = sorted(doc.directives, key=lambda d: (d.start, d.end))
        self.is_heading = self._heading_directives()
        self.claimed: set[int] = set()
        self.groups: list[_Group] = []
        self.unaddressed: list[_Problem] = []
        self.skipped: list[dict] = []
        self.label_starts: list[int] = []  # class-label frames (对X方面的问题，), filled by frames()

    # positions
    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        if i >= 0 and self.sentences[i][0] <= pos < max(self.sentences[i][1], self.sentences[i][0] + 1):
            return self.sentences[i]
        return (pos, pos)

    def paragraph_of(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos)

    def section_key(self, pos: int) -> tuple:
        outline = self.doc.outline
        if outline is None:
            return (0, None)
        part = next((p.index for p in outline.parts if p.start <= pos < p.end), 0)
        path = [s for s in outline.path_at(pos) if s.level <= 3]
        return (part, path[-1].start if path else None)

    def _heading_directives(self) -> dict[int, bool]:
        """A directive in a section heading is the section's title, not a
        measure, when the section holds directives of its own that it sums up
        (`（一）针对…问题，要建章立制` over the measures below it).  A numbered
        item that is itself the task (`1.县财政局要…。` with nothing under it)
        stays a measure."""
        out = {}
        for d in self.directives:
            # a numbered task item (`（一）X要…，6月底前完成。`) has no title to sum up with
            sec = next((s for s in reversed(self.sections) if not s.task and s.start <= d.start < s.heading_end), None)
            out[id(d)] = sec is not None and any(
                sec.heading_end <= o.start < sec.end
                and not any(t.start <= o.start < t.heading_end for t in self.sections)
                for o in self.directives if o is not d)
        return out

    def passage_of(self, pos: int) -> tuple[int, int]:
        """The sentence of ``pos``, cut at the class-label frames inside it
        (``label_starts`` is ascending: frames() walks sentences in order)."""
        ss, se = self.sentence_of(pos)
        cuts = self.label_starts
        i = bisect.bisect_right(cuts, pos)
        start = cuts[i - 1] if i and cuts[i - 1] > ss else ss
        end = cuts[i] if i < len(cuts) and cuts[i] < se else se
        return start, end

    def usable(self, d: Directive) -> bool:
        return id(d) not in self.claimed and not self.is_heading[id(d)]

    # rules
    def frames(self) -> tuple[list[tuple[_Problem, tuple[int, int]]], list[tuple[int, int, tuple[int, int]]]]:
        """Frame problems (with their sentence) and anaphoric frames (start, end, sentence)."""
        found, back = [], []
        # sentences with a directive, and headings (a heading frame names the
        # problem its section answers)
        seen_sentences = sorted({self.sentence_of(d.start) for d in self.directives}
                                | {self.sentence_of(a) for a, _b in self.headings})
        for ss, se in seen_sentences:
            sentence = self.text[ss:se]
            for m in self.rules.frame.finditer(sentence):
                obj = m.group("obj")
                os_, oe = ss + m.start("obj"), ss + m.end("obj")
                if self.rules.anaphora.match(obj):
                    back.append((ss + m.start("lead"), oe, (ss, se)))
                elif self.rules.class_label.search(obj):
                    # 对思想认识方面的问题，要…；对制度机制方面的问题，要…: each class
                    # label opens its own passage within the sentence
                    self.label_starts.append(ss + m.start())
                    continue
                else:
                    found.append((_Problem(os_, oe, obj, None, "frame"), (ss, se)))
        return found, back

    def link(self) -> None:
        detected = [_Problem(p.start, p.end, p.text, p.label, "detected")
                    for p in sorted(self.doc.problems, key=lambda p: (p.start, p.end))]
        found, back = self.frames()
        # Problems come from the problem detector (SPEC 7): a frame links the
        # detected problem clause that holds it, and narrows its text to the
        # frame's object (对整改不力、敷衍塞责的，要… -> 整改不力、敷衍塞责).  A
        # frame in no detected problem names a class of problems
        # (对能够立即解决的问题，…) or one the detector missed: no row of its own.
        frames = []
        for fp, sent in found:
            host = next((p for p in detected if p.start <= fp.start and fp.end <= p.end), None)
            if host is None:
                continue
            fp.category = host.category
            host.link = "consumed"
            frames.append((fp, sent))
        detected = [p for p in detected if p.link != "consumed"]

        # 1. frames: the directives of the sentence from the frame on.
        by_sentence: dict[tuple[int, int], list[_Problem]] = {}
        for fp, sent in frames:
            by_sentence.setdefault(sent, []).append(fp)
        pool: list[_Problem] = []
        for sent, fps in sorted(by_sentence.items()):
            fps.sort(key=lambda p: p.start)
            ds = [d for d in self.directives if sent[0] <= d.start < sent[1] and self.usable(d)]
            assigned: dict[int, list[Directive]] = {}
            for d in ds:
                owner = max((i for i, p in enumerate(fps) if p.start < d.end), default=None)
                if owner is not None:
                    assigned.setdefault(owner, []).append(d)
            orphans: list[_Problem] = []
            last_group = None
            for i, fp in enumerate(fps):
                if i in assigned:
                    last_group = _Group(orphans + [fp], assigned[i], "frame")
                    orphans = []
                    self.groups.append(last_group)
                    self.claimed.update(id(d) for d in assigned[i])
                else:
                    orphans.append(fp)
            for fp in orphans:
                # a frame inside a heading, or one whose directive another frame took
                inside = next((g for g in self.groups[::-1] if g.link == "frame" and any(
                    d.start <= fp.start < d.end for d in g.measures)), None)
                if inside is not None:
                    inside.problems.append(fp)
                    inside.problems.sort(key=lambda p: p.start)
                else:
                    pool.append(fp)

        # 2. anaphoric frames: problems stated earlier in the section with no measure yet.
        pending_back = sorted(back)
        # 3. same sentence (the passage of it a class label opens, when the
        # sentence runs several class labels together).
        sentence_groups: dict[tuple[int, int], list[_Problem]] = {}
        for p in detected:
            sentence_groups.setdefault(self.passage_of(p.start), []).append(p)
        for sent, ps in sorted(sentence_groups.items()):
            ds = [d for d in self.directives if sent[0] <= d.start < sent[1] and self.usable(d)]
            if ds:
                self.groups.append(_Group(ps, ds, "sentence"))
                self.claimed.update(id(d) for d in ds)
            else:
                pool.extend(ps)
        pool.sort(key=lambda p: (p.start, p.end))
        self._anaphora(pending_back, pool)
        # 4. same section.
        self._section(pool, frames, detected)
        # 5. leftovers.
        self._leftovers()

    def _anaphora(self, back, pool: list[_Problem]) -> None:
        for bstart, _bend, sent in back:
            ds = [d for d in self.directives if sent[0] <= d.start < sent[1] and d.end > bstart and self.usable(d)]
            if not ds:
                continue
            key = self.section_key(bstart)
            earlier = [p for p in pool if p.end <= sent[0] and self.section_key(p.start) == key]
            # only the problems after the last measure in the section: those stated for this frame
            last_measure = max((d.end for g in self.groups for d in g.measures
                                if d.end <= sent[0] and self.section_key(d.start) == key), default=-1)
            earlier = [p for p in earlier if p.start >= last_measure]
            if not earlier:
                continue
            self.groups.append(_Group(earlier, ds, "frame"))
            self.claimed.update(id(d) for d in ds)
            for p in earlier:
                pool.remove(p)

    def _section(self, pool: list[_Problem], frames, detected) -> None:
        barriers = sorted({p.start for p in detected} | {fp.start for fp, _ in frames} | {p.start for p in pool})
        pending: list[_Problem] = []
        for i, p in enumerate(pool):
            key = self.section_key(p.start)
            if pending and self.section_key(pending[0].start) != key:
                self.unaddressed.extend(pending)
                pending = []
            pending.append(p)
            j = bisect.bisect_right(barriers, p.start)
            barrier = barriers[j] if j < len(barriers) else len(self.text)
            cands = [d for d in self.directives if p.end <= d.start < barrier and self.usable(d)
                     and self.section_key(d.start) == key]
            if cands:
                para = self.paragraph_of(cands[0].start)
                measures = [d for d in cands if self.paragraph_of(d.start) == para]
                self.groups.append(_Group(pending, measures, "section"))
                self.claimed.update(id(d) for d in measures)
                pending = []
                continue
            # Nothing before the next problem: the problems share what follows,
            # unless a measure taken by another row lies between them.
            nxt = pool[i + 1] if i + 1 < len(pool) else None
            between = nxt is not None and any(p.end <= d.start < nxt.start for d in self.directives
                                              if not self.is_heading[id(d)])
            if nxt is None or between or self.section_key(nxt.start) != key:
                self.unaddressed.extend(pending)
                pending = []
        self.unaddressed.extend(pending)

    def _leftovers(self) -> None:
        rest = [d for d in self.directives if id(d) not in self.claimed]
        current: _Group | None = None
        current_sent = None
        current_parties: frozenset = frozenset()
        for d in rest:
            if self.is_heading[id(d)]:
                self.skipped.append(_skip(self.doc, d, "heading"))
                current = None
                continue
            sent = self.passage_of(d.start)
            own = frozenset(_name(p) for p in d.parties if not p.inherited)
            if current is None or sent != current_sent or (own and current_parties and own != current_parties):
                current = _Group([], [], "none")
                self.groups.append(current)
                current_sent = sent
                current_parties = own
            elif own and not current_parties:
                current_parties = own
            current.measures.append(d)
        kept = []
        for g in self.groups:
            if g.link == "none" and all(is_generic(d, self.rules) for d in g.measures):
                self.skipped.extend(_skip(self.doc, d, "generic") for d in g.measures)
                continue
            kept.append(g)
        self.groups = kept


def _skip(doc: Document, d: Directive, reason: str) -> dict:
    return {"doc": doc.id, "text": d.text, "start": d.start, "end": d.end, "reason": reason}


def is_generic(d: Directive, rules: Rules | None = None) -> bool:
    """A pure exhortation with no object of its own (``统一思想、提高认识``)."""
    rules = rules or load_rules()
    action = d.value.get("action") or d.text
    pieces = [p for p in re.split(r"[，,、；;。！!：:\s]+", action) if p]
    if not pieces:
        return False
    for piece in pieces:
        piece = rules.fillers.sub("", piece)
        piece = re.sub(r"^(?:和|与|及|并|并且|而且|同时)", "", piece)
        if piece and not rules.generic.fullmatch(piece):
            return False
    return True


def _name(p) -> str:
    return normalize_name(p.value.get("name") or p.text)


def normalize_name(name: str) -> str:
    name = name.strip().replace("（", "(").replace("）", ")")
    return re.sub(r"(?<=[\u4e00-\u9fff)])的(?=(?:主要|分管|第一|直接)?(?:负责人|责任人|领导|班子成员|书记))", "", name)


# --- rows -------------------------------------------------------------------

def _category(problems: list[_Problem], measures: list[Directive]) -> tuple[str, str | None]:
    pcats = [p.category for p in problems if p.category]
    pcat = Counter(pcats).most_common(1)[0][0] if pcats else None
    if pcat and pcat != "other":
        return pcat, pcat
    votes = Counter(d.category for d in measures if d.category and d.category != "other")
    if not votes:
        return "other", pcat
    weight = Counter()
    for d in measures:
        for k, v in (d.scores or {}).items():
            if isinstance(v, (int, float)):
                weight[k] += v
    order: dict[str, int] = {}
    for i, d in enumerate(measures):
        order.setdefault(d.category, i)
    best = max(votes, key=lambda c: (votes[c], weight[c], -order.get(c, 0)))
    return best, pcat


def _responsible(measures: list[Directive]) -> tuple[list[Responsible], list[Responsible]]:
    out: dict[tuple[str, str], Responsible] = {}
    for d in measures:
        for p in d.parties:
            kind = "role" if p.label == "role" else "body"
            name = _name(p)
            if not name:
                continue
            key = (kind, name)
            role = p.value.get("role")
            old = out.get(key)
            if old is None:
                out[key] = Responsible(name, p.text, kind, role, p.inherited)
            else:
                out[key] = Responsible(name, old.text, kind, old.role or role, old.inherited and p.inherited)
    items = list(out.values())
    return [r for r in items if r.kind == "body"], [r for r in items if r.kind == "role"]


def _time_limits(measures: list[Directive]) -> list[dict]:
    out, seen = [], set()
    for d in measures:
        for t in d.time_limits:
            key = (t.text, t.label)
            if key in seen:
                continue
            seen.add(key)
            out.append({"text": t.text, "type": t.label, "value": t.value})
    return out


def _row(doc: Document, g: _Group) -> Row:
    measures = sorted(g.measures, key=lambda d: d.start)
    problems = sorted(g.problems, key=lambda p: p.start)
    category, pcat = _category(problems, measures)
    bodies, roles = _responsible(measures)
    spans = [(p.start, p.end) for p in problems] + [(d.start, d.end) for d in measures]
    party_spans = [(p.start, p.end) for d in measures for p in d.parties
                   if 0 <= p.start < p.end <= len(doc.text)]
    lo = min(s for s, _ in spans + party_spans)
    hi = max(e for _, e in spans + party_spans)
    first = min(s for s, _ in spans)
    original = {}
    try:
        original = {"problems": [list(doc.to_original(s, e)) for s, e in ((p.start, p.end) for p in problems)],
                    "measures": [list(doc.to_original(d.start, d.end)) for d in measures]}
    except Exception:  # an offset chain that cannot map is no reason to lose the row
        original = {}
    source = Source(doc.id, doc.meta.get("title"), doc.section_path(first),
                    tuple((p.start, p.end) for p in problems), tuple((d.start, d.end) for d in measures),
                    (lo, hi), g.link, original)
    return Row(join_problems(p.text for p in problems), category, [d.text for d in measures], bodies, roles,
               _time_limits(measures), [source], pcat)


def join_problems(texts: Iterable[str]) -> str:
    """Problem texts of one row as one cell: clauses that end a sentence or a
    clause run on, others are joined with `；`."""
    out = ""
    for t in texts:
        t = t.strip()
        if out and out[-1] not in "。！？!?；;":
            out += "；"
        out += t
    return out


def link_document(doc: Document, rules: Rules | None = None) -> tuple[list[Row], list[dict], list[dict]]:
    """Rows of one document, its problems with no measure, and the directives skipped."""
    rules = rules or load_rules()
    linker = _DocLinker(doc, rules)
    linker.link()
    groups = sorted(linker.groups, key=lambda g: min([d.start for d in g.measures] + [p.start for p in g.problems]))
    rows = [_row(doc, g) for g in groups if g.measures]
    unaddressed = [{"doc": doc.id, "text": p.text, "start": p.start, "end": p.end, "category": p.category,
                    "section": list(doc.section_path(p.start)), "link": p.link}
                   for p in sorted(linker.unaddressed, key=lambda p: p.start)]
    return rows, unaddressed, sorted(linker.skipped, key=lambda s: s["start"])


# --- merging across documents -----------------------------------------------

_NON_WORD = re.compile(r"[\W_]+")
_MARKERS = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、是要]|\d{1,2}[.、．]|第[一二三四五六七八九十]+[，、,])")


def match_key(text: str) -> str:
    """The text as compared for near-duplicates: no punctuation, spaces or outline markers."""
    return _NON_WORD.sub("", _MARKERS.sub("", text.strip()))


def bigrams(text: str) -> frozenset[str]:
    key = match_key(text)
    if len(key) < 2:
        return frozenset({key}) if key else frozenset()
    return frozenset(key[i:i + 2] for i in range(len(key) - 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _row_text(row: Row) -> str:
    return row.problem + "".join(row.measures)


def merge_rows(rows: list[Row], threshold: float) -> list[Row]:
    """Merge near-duplicate rows from different documents, in order; the first
    row's texts stand, bodies/roles/time limits are united, sources kept.

    Each row goes to the earliest of the best-scoring earlier rows (Jaccard of
    bigrams at or above ``threshold``) that shares no document with it.  Rows
    are not compared pairwise (quadratic: a long document has tens of
    thousands of tasks): earlier rows with the same bigrams form a group, and
    a group is a candidate only when it shares a bigram with the row among
    the rarest ``n - ceil(threshold * n) + 1`` of either (two sets that share
    fewer cannot reach the threshold: prefix filtering)."""
    row_grams = [bigrams(_row_text(row)) for row in rows]
    freq = Counter(b for g in row_grams for b in g)

    def prefix(g: frozenset) -> list[str]:
        ordered = sorted(g, key=lambda b: (freq[b], b))
        return ordered[:len(ordered) - math.ceil(threshold * len(ordered) - 1e-9) + 1]

    merged: list[Row] = []
    docs: list[set[str]] = []
    group_of: dict[frozenset, int] = {}          # bigrams -> group
    group_grams: list[frozenset] = []
    members: list[list[int]] = []                # group -> its merged rows, in order
    index: dict[str, list[int]] = {}             # bigram of a group's prefix -> groups
    skip_to: dict[tuple[int, frozenset], int] = {}   # (group, documents) -> members before are taken

    def first_free(gid: int, mine: frozenset) -> int | None:
        # A member sharing a document with the row never becomes free (the
        # documents of a merged row only grow): resume where the last look stopped.
        ms = members[gid]
        k = skip_to.get((gid, mine), 0)
        while k < len(ms) and docs[ms[k]] & mine:
            k += 1
        skip_to[(gid, mine)] = k
        return ms[k] if k < len(ms) else None

    for row, g in zip(rows, row_grams):
        mine = frozenset(s.doc for s in row.sources)
        if g:
            candidates = {gid for b in prefix(g) for gid in index.get(b, ())}
        else:
            candidates = {group_of[g]} if g in group_of else set()
        best, best_score = None, 0.0
        for gid in candidates:
            other = group_grams[gid]
            shared = len(g & other)
            score = shared / (len(g) + len(other) - shared) if g else jaccard(g, other)
            if score < threshold or score < best_score:
                continue
            i = first_free(gid, mine)
            if i is not None and (score > best_score or i < best):
                best, best_score = i, score
        if best is None:
            gid = group_of.get(g)
            if gid is None:
                gid = group_of[g] = len(group_grams)
                group_grams.append(g)
                members.append([])
                for b in prefix(g):
                    index.setdefault(b, []).append(gid)
            members[gid].append(len(merged))
            merged.append(row)
            docs.append(set(mine))
            continue
        target = merged[best]
        if not target.problem and row.problem:
            target.problem = row.problem
            target.problem_category = row.problem_category
        if target.category == "other" and row.category != "other":
            target.category = row.category
        target.bodies = _unite(target.bodies, row.bodies)
        target.roles = _unite(target.roles, row.roles)
        target.time_limits = _unite_limits(target.time_limits, row.time_limits)
        target.sources += row.sources
        docs[best] |= mine
    return merged


def merge_pair(first: Row, second: Row) -> Row:
    """Two rows a clerk merges by hand into one task.  Unlike the automatic
    merge (which keeps the first row's texts, the second being a duplicate),
    both rows' texts are kept: the problems joined as ``join_problems`` joins
    them, the measures of both in order (a measure in both once).  The first
    row's category stands unless it is ``other``; bodies, roles and time limits
    are united; every source is kept."""
    measures = list(first.measures) + [m for m in second.measures if m not in first.measures]
    category = first.category if first.category != "other" else second.category
    return Row(join_problems(p for p in (first.problem, second.problem) if p.strip()), category, measures,
               _unite(first.bodies, second.bodies), _unite(first.roles, second.roles),
               _unite_limits(first.time_limits, second.time_limits), list(first.sources) + list(second.sources),
               first.problem_category or second.problem_category, first.no)


def _unite_limits(a: list[dict], b: list[dict]) -> list[dict]:
    seen = {(t["text"], t["type"]) for t in a}
    return list(a) + [t for t in b if (t["text"], t["type"]) not in seen]


def _unite(a: list[Responsible], b: list[Responsible]) -> list[Responsible]:
    out = {r.name: r for r in a}
    for r in b:
        if r.name not in out:
            out[r.name] = r
        elif out[r.name].inherited and not r.inherited:
            out[r.name] = r
    return list(out.values())


# --- the whole list ---------------------------------------------------------

def build_ledger(docs: Iterable[Document], *, threshold: float | None = None) -> Ledger:
    """The rectification list of one or many analyzed documents, in input order."""
    rules = load_rules()
    threshold = rules.threshold if threshold is None else threshold
    rows: list[Row] = []
    documents, unaddressed, skipped = [], [], []
    for doc in docs:
        r, u, s = link_document(doc, rules)
        rows += r
        unaddressed += u
        skipped += s
        documents.append({"id": doc.id, "title": doc.meta.get("title"), "date": doc.meta.get("date"),
                          "text_length": len(doc.text)})
    ledger = Ledger(merge_rows(rows, threshold), documents, unaddressed, skipped, threshold)
    ledger.renumber()
    return ledger
