"""Link problems to measures within one document: the rows of its
rectification list (the linking rules are described in ``build``'s docstring;
they are data in ``corpora/ledger/linking.toml``)."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..document import Directive, Document
from ..resources import DataError, load_toml, rule_loader
from .cite import cite_of
from .model import Responsible, Row, Source, join_problems
from .parties import is_responsible
from .tasks import not_task_reason

LINKING_FILE = ("ledger", "linking.toml")


# --- rules ------------------------------------------------------------------

@dataclass(frozen=True)
class Rules:
    """The linking rules of corpora/ledger/linking.toml, compiled."""
    frame: re.Pattern
    class_label: re.Pattern
    anaphora: re.Pattern
    fillers: re.Pattern
    generic: re.Pattern
    threshold: float


_MARKER = r"(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])?"


@rule_loader("ledger_linking", "ledger")
def load_rules(directory: Path) -> Rules:
    """The linking rules of ``directory``/linking.toml, compiled (corpora/ledger
    when called with no argument: loaded once, shared); DataError names the
    file and the key when it is wrong."""
    path = directory / LINKING_FILE[1]
    data = load_toml(path)
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
        raise DataError(f"{path}: {type(exc).__name__}: {exc}", path=path) from exc
    if not 0 < rules.threshold <= 1:
        raise DataError(f"{path}: [merge] threshold must be in (0, 1]", path=path)
    return rules


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
            if g.link == "none":
                # statements of significance, principles, goals… are not tasks (tasks.py)
                reasons = [(d, not_task_reason(d, self.text, self.directives)) for d in g.measures]
                self.skipped.extend(_skip(self.doc, d, r) for d, r in reasons if r)
                g.measures = [d for d, r in reasons if not r]
                if not g.measures:
                    continue
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
    """A party's name as rows compare it: trimmed, ASCII brackets, no 的 before a role word."""
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


def _responsible(measures: list[Directive], text: str = "") -> tuple[list[Responsible], list[Responsible]]:
    out: dict[tuple[str, str], Responsible] = {}
    for d in measures:
        for p in d.parties:
            if text and not is_responsible(p, text):   # guided, urged, or the source (parties.py)
                continue
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
    bodies, roles = _responsible(measures, doc.text)
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
    cite = cite_of(doc, first)   # section, paragraph and page: the page also stands on the Source
    source = Source(doc.id, doc.meta.get("title"), doc.section_path(first),
                    tuple((p.start, p.end) for p in problems), tuple((d.start, d.end) for d in measures),
                    (lo, hi), g.link, original, cite, cite["page"])
    return Row(join_problems(p.text for p in problems), category, [d.text for d in measures], bodies, roles,
               _time_limits(measures), [source], pcat)


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


