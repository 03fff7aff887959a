"""``analyzer eval``: precision, recall and F1 of every field on the labeled sets.

The analyzer is run the way it is measured on unseen documents: each labeled
clause is analyzed on its own, as one JSON Lines record (with its ``date``
when it has one).  Sets:

- ``own``   corpora/eval/clauses.jsonl — clauses written for this project,
            split into ``dev`` and ``test`` halves;
- ``seeds`` corpora/eval/seed_clauses.jsonl — clauses of the five seed
            documents, referenced by file and offsets (needs ../shared/seeds);
- ``own genres`` corpora/eval/genre_clauses.jsonl — clauses written for the
            project in genres the corpus does not hold (plans, progress reports,
            minutes, inspection feedback, supervision bulletins);
- ``corpus`` corpora/eval/corpus_clauses.jsonl — clauses of the real documents
            of six genres in ../shared/corpus, referenced the same way
            (analyzer/eval_corpus.py), split into ``dev`` and ``test`` by file.

Every clause carries a ``genre``; each report also gives its figures per genre.

Span fields are matched by canonical text (simplified, half-width brackets, no
blanks), each gold span at most once.  Type and value accuracy are over
matched time-limit spans.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .categories import CATEGORIES
from .resources import corpus_path, read_text



def canon(text: str) -> str:
    """Canonical form for matching span texts across scripts and widths."""
    from .normalize.chars import unify_width
    from .normalize.ruby import strip_ruby
    from .normalize.script import to_simplified

    t = to_simplified(unify_width(strip_ruby(text)))
    t = t.replace("（", "(").replace("）", ")").replace("，", ",").replace("：", ":")
    return re.sub(r"\s+", "", t).strip("。；;，,")


@dataclass
class Gold:
    """One labeled clause of an evaluation set: its text and what the analyzer should find in it."""
    id: str
    text: str
    date: str | None
    directive: bool
    modality: str | None
    parties: list[dict]
    time_limits: list[dict]
    problem: bool
    category: str
    split: str = "dev"
    source: str = "own"
    genre: str = "county_speech"
    issuer: str | None = None
    has_issuer: bool = False     # whether the label says who issued the directive


@dataclass
class PRF:
    """True positives, false positives and false negatives, with precision, recall and F1."""
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp), 0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn), 0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall (0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """The scores of one evaluation set, field by field."""
    name: str
    n: int = 0
    directive: PRF = field(default_factory=PRF)
    modality_ok: int = 0
    modality_n: int = 0
    party: PRF = field(default_factory=PRF)
    party_role_ok: int = 0
    time: PRF = field(default_factory=PRF)
    time_type_ok: int = 0
    time_value_ok: int = 0
    problem: PRF = field(default_factory=PRF)
    confusion: Counter = field(default_factory=Counter)     # (gold, predicted) on directive-or-problem clauses
    errors: list[dict] = field(default_factory=list)
    issuer_ok: int = 0
    issuer_n: int = 0
    genres: dict = field(default_factory=dict)               # genre -> Report of its clauses

    def category_scores(self) -> dict:
        """Per category, the PRF counted from the confusion matrix."""
        out = {}
        for c in CATEGORIES:
            tp = self.confusion[(c, c)]
            fp = sum(v for (g, p), v in self.confusion.items() if p == c and g != c)
            fn = sum(v for (g, p), v in self.confusion.items() if g == c and p != c)
            out[c] = PRF(tp, fp, fn)
        return out

    def macro_f1(self) -> float:
        """The mean F1 over the categories that occur in the gold labels."""
        scores = [s for s in self.category_scores().values() if s.tp + s.fn > 0]
        return sum(s.f1 for s in scores) / len(scores) if scores else 0.0

    def as_dict(self) -> dict:
        """The report as JSON-ready numbers (rounded to 4 places)."""
        def prf(x: PRF) -> dict:
            return {"precision": round(x.precision, 4), "recall": round(x.recall, 4), "f1": round(x.f1, 4),
                    "tp": x.tp, "fp": x.fp, "fn": x.fn}
        cats = self.category_scores()
        return {
            "set": self.name, "clauses": self.n,
            "directive": prf(self.directive),
            "modality_accuracy": round(self.modality_ok / self.modality_n, 4) if self.modality_n else None,
            "party_span": prf(self.party),
            "party_role_accuracy": round(self.party_role_ok / self.party.tp, 4) if self.party.tp else None,
            "time_limit_span": prf(self.time),
            "time_limit_type_accuracy": round(self.time_type_ok / self.time.tp, 4) if self.time.tp else None,
            "time_limit_value_accuracy": round(self.time_value_ok / self.time.tp, 4) if self.time.tp else None,
            "problem": prf(self.problem),
            "category": {c: prf(s) for c, s in cats.items()},
            "category_macro_f1": round(self.macro_f1(), 4),
            "confusion": {f"{g}->{p}": v for (g, p), v in sorted(self.confusion.items())},
            **({"issuer_accuracy": round(self.issuer_ok / self.issuer_n, 4)} if self.issuer_n else {}),
            **({"genres": {g: r.summary() for g, r in sorted(self.genres.items())}} if self.genres else {}),
        }

    def summary(self) -> dict:
        """The headline figures of issue 16, for one genre's table row."""
        return {"clauses": self.n, "directive_f1": round(self.directive.f1, 4),
                "party_f1": round(self.party.f1, 4), "time_limit_f1": round(self.time.f1, 4),
                "time_limit_value_accuracy": round(self.time_value_ok / self.time.tp, 4) if self.time.tp else None,
                "category_macro_f1": round(self.macro_f1(), 4), "problem_f1": round(self.problem.f1, 4),
                "directives": self.directive.tp + self.directive.fn, "parties": self.party.tp + self.party.fn,
                "time_limits": self.time.tp + self.time.fn, "problems": self.problem.tp + self.problem.fn,
                "issuer_accuracy": round(self.issuer_ok / self.issuer_n, 4) if self.issuer_n else None}


def load_own(path: Path | None = None) -> list[Gold]:
    """The project's own clauses (clauses.jsonl, or another file of that format)."""
    path = path or corpus_path("eval", "clauses.jsonl")
    if not path.exists():
        return []
    out = []
    for line in read_text(path).splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        out.append(Gold(r["id"], r["text"], r.get("date"), bool(r["directive"]), r.get("modality"),
                        r.get("parties", []), r.get("time_limits", []), bool(r.get("problem")),
                        r.get("category", "other"), r.get("split", "dev"), "own",
                        r.get("genre", "county_speech"), r.get("issuer"), "issuer" in r))
    return out


def load_seeds(seeds_dir: Path | None, path: Path | None = None,
               warnings: list[str] | None = None) -> list[Gold]:
    """Seed clauses referenced by file and offsets; a label whose hash no longer
    matches its seed file is refused with one line in ``warnings``."""
    from .eval_corpus import short_hash

    path = path or corpus_path("eval", "seed_clauses.jsonl")
    if seeds_dir is None or not path.exists():
        return []
    texts: dict[str, str] = {}
    out = []
    for lineno, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        f = seeds_dir / r["file"]
        if r["file"] not in texts:
            if not f.exists():
                continue
            texts[r["file"]] = f.read_text(encoding="utf-8")
        clause = texts[r["file"]][r["start"]:r["end"]]
        if short_hash(clause) != r["sha1"]:
            _warn(warnings, f"{path.name}:{lineno}: {r['file']}@{r['start']}-{r['end']} does not match the "
                            "seed text (hash); label skipped")
            continue
        out.append(Gold(f"{r['file'][:3]}@{r['start']}", clause, r.get("date"), bool(r["directive"]),
                        r.get("modality"), r.get("parties", []), r.get("time_limits", []),
                        bool(r.get("problem")), r.get("category", "other"), "seeds", "seeds",
                        r.get("genre", "county_speech")))
    return out


def load_corpus(corpus_dir: Path | None, path: Path | None = None,
                warnings: list[str] | None = None) -> list[Gold]:
    """Clauses of ../shared/corpus labeled by reference (eval_corpus.py).

    A label whose file is missing or whose hash no longer matches the file is
    refused: it is left out and one line naming it goes to ``warnings``."""
    from .eval_corpus import is_html, plain_text, read_corpus_file, short_hash

    path = path or corpus_path("eval", "corpus_clauses.jsonl")
    if corpus_dir is None or not path.exists():
        return []
    texts: dict[str, str | None] = {}
    missing: Counter = Counter()
    out = []
    for lineno, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        ref = r["file"]
        if ref not in texts:
            texts[ref] = read_corpus_file(corpus_dir, ref) if (corpus_dir / ref).is_file() else None
        raw = texts[ref]
        if raw is None:
            missing[ref] += 1
            continue
        if short_hash(raw[r["start"]:r["end"]]) != r["sha1"]:
            _warn(warnings, f"{path.name}:{lineno}: {ref}@{r['start']}-{r['end']} does not match the file "
                            "(hash); label skipped")
            continue
        text = plain_text(raw[r["start"]:r["end"]], is_html(ref))
        out.append(Gold(f"{ref}@{r['start']}", text, r.get("date"), bool(r["directive"]), r.get("modality"),
                        r.get("parties", []), r.get("time_limits", []), bool(r.get("problem")),
                        r.get("category", "other"), r.get("split", "dev"), "corpus", r["genre"],
                        r.get("issuer"), "issuer" in r))
    for ref, n in sorted(missing.items()):
        _warn(warnings, f"{path.name}: {ref} not found in {corpus_dir}; its {n} labels skipped")
    return out


def _warn(warnings: list[str] | None, message: str) -> None:
    if warnings is not None:
        warnings.append(message)


def load_category_heldout(path: Path | None = None) -> list[Gold]:
    """The held-out part of corpora/categories/labeled.jsonl (never trained on):
    category and problem labels only."""
    from .classify.train import held_out

    path = path or corpus_path("categories", "labeled.jsonl")
    out = []
    for line in read_text(path).splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        if held_out(r["id"]):
            out.append(Gold(r["id"], r["text"], None, bool(r.get("directive")), None, [], [],
                            bool(r["problem"]), r["label"], "held-out", "categories"))
    return out


def score_categories(golds: list[Gold], name: str, analyze_fn) -> Report:
    """Problem detection through the analyzer, and the category model on every
    clause (the label the classifier gives the clause's text, whether or not the
    analyzer calls it a directive or a problem)."""
    from .classify.features import CATEGORIES as CATS
    from .classify.model import get_classifier

    rep = Report(name)
    model = get_classifier()
    docs = [analyze_fn(g) for g in golds]
    probs, _ = model.predict([d.text for d in docs])
    for g, d, row in zip(golds, docs, probs):
        rep.n += 1
        _count(rep.problem, g.problem, bool(d.problems))
        if g.problem != bool(d.problems):
            rep.errors.append({"id": g.id, "field": "problem", "gold": g.problem, "text": g.text})
        pred = CATS[int(row.argmax())]
        rep.confusion[(g.category, pred)] += 1
        if pred != g.category:
            rep.errors.append({"id": g.id, "field": "category", "gold": g.category, "pred": pred, "text": g.text})
    return rep


def _match(gold: list[str], pred: list[str]) -> tuple[int, list[tuple[int, int]]]:
    """Greedy one-to-one matching of canonical strings; returns tp and pairs."""
    used = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and p == g:
                used.add(pi)
                pairs.append((gi, pi))
                break
    return len(pairs), pairs


def predicted_category(doc) -> str:
    """The category the analyzer gives a clause: its first directive's, else its first problem's."""
    if doc.directives:
        return doc.directives[0].category
    if doc.problems:
        return doc.problems[0].label
    return "other"


def score(golds: list[Gold], name: str, analyze_fn) -> Report:
    """Score every clause of ``golds``; the report holds one sub-report per genre."""
    rep = Report(name)
    for g in golds:
        doc = analyze_fn(g)
        sub = rep.genres.get(g.genre) or rep.genres.setdefault(g.genre, Report(f"{name} [{g.genre}]"))
        n0 = len(rep.errors)
        _score_clause(rep, g, doc)
        for e in rep.errors[n0:]:
            e["genre"] = g.genre
        _score_clause(sub, g, doc)
    return rep


def _score_clause(rep: Report, g: Gold, doc) -> None:
    """Add one clause's agreements and disagreements to ``rep``."""
    rep.n += 1
    pred_dir = bool(doc.directives)
    _count(rep.directive, g.directive, pred_dir)
    if g.directive and pred_dir:
        rep.modality_n += 1
        rep.modality_ok += doc.directives[0].modality == g.modality
    if g.directive != pred_dir:
        rep.errors.append({"id": g.id, "field": "directive", "gold": g.directive, "text": g.text,
                           "rule": doc.directives[0].rule if doc.directives else None})
    # parties: gold only on directive clauses; predictions only from directives
    gold_p = [canon(p["text"]) for p in g.parties]
    pred_parties = [p for d in doc.directives for p in d.parties if not p.inherited]
    pred_p = [canon(p.text) for p in pred_parties]
    tp, pairs = _match(gold_p, pred_p)
    rep.party.tp += tp
    rep.party.fp += len(pred_p) - tp
    rep.party.fn += len(gold_p) - tp
    for gi, pi in pairs:
        rep.party_role_ok += (g.parties[gi].get("role") == pred_parties[pi].value.get("role"))
    if tp != len(gold_p) or tp != len(pred_p):
        rep.errors.append({"id": g.id, "field": "parties", "gold": gold_p, "pred": pred_p, "text": g.text})
    # time limits: every clause
    gold_t = [canon(t["text"]) for t in g.time_limits]
    pred_t = [canon(t.text) for t in doc.time_limits]
    tp, pairs = _match(gold_t, pred_t)
    rep.time.tp += tp
    rep.time.fp += len(pred_t) - tp
    rep.time.fn += len(gold_t) - tp
    for gi, pi in pairs:
        gt, pt = g.time_limits[gi], doc.time_limits[pi]
        rep.time_type_ok += gt["type"] == pt.label
        value_ok = gt.get("value") == pt.value
        rep.time_value_ok += value_ok
        if gt["type"] != pt.label or not value_ok:
            rep.errors.append({"id": g.id, "field": "time_value", "span": gt["text"],
                               "gold": [gt["type"], gt.get("value")], "pred": [pt.label, pt.value]})
    if tp != len(gold_t) or tp != len(pred_t):
        rep.errors.append({"id": g.id, "field": "time_limits", "gold": gold_t, "pred": pred_t, "text": g.text})
    # problems and categories
    pred_prob = bool(doc.problems)
    _count(rep.problem, g.problem, pred_prob)
    if g.problem != pred_prob:
        rep.errors.append({"id": g.id, "field": "problem", "gold": g.problem, "text": g.text})
    if g.directive or g.problem:
        pc = predicted_category(doc)
        rep.confusion[(g.category, pc)] += 1
        if pc != g.category:
            rep.errors.append({"id": g.id, "field": "category", "gold": g.category, "pred": pc, "text": g.text})
    if g.has_issuer and g.directive and pred_dir:
        rep.issuer_n += 1
        rep.issuer_ok += (g.issuer or None) == predicted_issuer(doc.directives[0])


def predicted_issuer(directive) -> str | None:
    """The issuer text of a predicted directive (None: the document's own voice,
    or an analyzer that does not report issuers yet)."""
    issuer = getattr(directive, "issuer", None)
    if isinstance(issuer, dict):
        return issuer.get("text")
    return getattr(issuer, "text", issuer)


def _count(prf: PRF, gold: bool, pred: bool) -> None:
    if gold and pred:
        prf.tp += 1
    elif pred:
        prf.fp += 1
    elif gold:
        prf.fn += 1


def clause_analyzer():
    """Analyze one gold clause as an unseen-document evaluation would: alone,
    as a JSON Lines record with its date."""
    from .pipeline import Options, analyze
    from .readers import InputText

    options = Options(tokens=False)

    def run(g: Gold):
        return analyze(InputText(g.id, g.text, g.id, "jsonl", None, g.date), options)
    return run


def format_report(rep: Report) -> str:
    """The report as the text ``analyzer eval`` prints."""
    d = rep.as_dict()
    lines = [f"== {rep.name}: {rep.n} clauses"]
    if rep.name.startswith("categories"):
        return _format_categories(rep, d, lines)
    row = _row
    lines.append(row("directive", d["directive"]))
    if d["modality_accuracy"] is not None:
        lines.append(f"  {'modality accuracy':<26} {d['modality_accuracy']:.3f}")
    lines.append(row("party span", d["party_span"]))
    if d["party_role_accuracy"] is not None:
        lines.append(f"  {'party role accuracy':<26} {d['party_role_accuracy']:.3f}")
    lines.append(row("time-limit span", d["time_limit_span"]))
    if d["time_limit_type_accuracy"] is not None:
        lines.append(f"  {'time-limit type accuracy':<26} {d['time_limit_type_accuracy']:.3f}")
        lines.append(f"  {'time-limit value accuracy':<26} {d['time_limit_value_accuracy']:.3f}")
    lines.append(row("problem detection", d["problem"]))
    lines.append(f"  category (directive or problem clauses): macro-F1 {d['category_macro_f1']:.3f}")
    _category_table(rep, d, lines)
    if rep.issuer_n:
        lines.append(f"  {'issuer accuracy':<26} {rep.issuer_ok / rep.issuer_n:.3f}   (on {rep.issuer_n} detected directives)")
    if rep.genres:
        lines.extend(genre_table(rep))
    return "\n".join(lines)


GENRE_COLUMNS = (("directive F1", "directive_f1"), ("party F1", "party_f1"), ("time F1", "time_limit_f1"),
                 ("time value", "time_limit_value_accuracy"), ("category mF1", "category_macro_f1"),
                 ("problem F1", "problem_f1"))


def genre_table(rep: Report) -> list[str]:
    """One row per genre with the figures issue 16 is checked on; the counts of
    gold items under each figure are in --json (a figure over a handful of
    items says little)."""
    lines = ["  per genre:" + " " * 22 + "clauses " + " ".join(f"{h:>12}" for h, _ in GENRE_COLUMNS)]
    for genre, sub in sorted(rep.genres.items()):
        row = sub.summary()
        cells = " ".join(f"{row[k]:>12.3f}" if row[k] is not None else f"{'-':>12}" for _, k in GENRE_COLUMNS)
        lines.append(f"    {genre:<28} {row['clauses']:>7} {cells}")
    return lines


def _row(label, x):
    return f"  {label:<26} P {x['precision']:.3f}  R {x['recall']:.3f}  F1 {x['f1']:.3f}   (tp {x['tp']}, fp {x['fp']}, fn {x['fn']})"


def _format_categories(rep, d, lines) -> str:
    lines.append(_row("problem detection", d["problem"]))
    lines.append(f"  category (the model on every clause): macro-F1 {d['category_macro_f1']:.3f}")
    _category_table(rep, d, lines)
    return "\n".join(lines)


def _category_table(rep, d, lines) -> None:
    for c in CATEGORIES:
        lines.append("    " + _row(c, d["category"][c]).strip())
    cats = list(CATEGORIES)
    lines.append("    confusion (rows gold, columns predicted): " + " ".join(f"{c[:6]:>7}" for c in cats))
    for g in cats:
        lines.append(f"    {g:<42}" + " ".join(f"{rep.confusion[(g, p)]:>7}" for p in cats))
