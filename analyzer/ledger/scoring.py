"""Score the drafted list (整改台账) row by row against labeled whole documents.

``corpora/eval/ledger_gold.jsonl`` holds, per document of ``../shared`` (seeds
or corpus), the list a careful clerk would draft, by reference only: the
file, a short hash of its text, and per row the ``[start, end)`` offsets of
the measure and problem spans, the responsible names and the deadline text.
Offsets are code points into the text as the reader yields it (the decoded
file for .txt/.md), which is what ``Source.original`` maps the analyzer's
spans back to.  ``not_rows`` are spans a clerk would not make rows
(exhortations, principles, statements of significance, item headings).

A predicted row matches the gold row whose measure spans overlap its own
most (one to one, largest overlap first).  Figures:

- measure found: precision / recall / F1 of rows by that match;
- problem linked: on matched rows whose gold row has a problem, the share
  whose predicted problem spans overlap the gold problem spans;
- bodies: micro-F1 of the responsible names (bodies and roles) on matched rows;
- deadline: on matched rows, the share where both have none, or the
  predicted time-limit text and the gold deadline text contain one another;
- false rows: predicted rows whose measures overlap a ``not_rows`` span and
  match no gold row.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..resources import corpus_path

GOLD_FILE = ("eval", "ledger_gold.jsonl")


@dataclass
class DocScore:
    """Counts of one document (or the sum of several)."""
    file: str
    gold: int = 0
    pred: int = 0
    matched: int = 0
    problem_gold: int = 0
    problem_ok: int = 0
    names_tp: int = 0
    names_pred: int = 0
    names_gold: int = 0
    deadline_ok: int = 0
    false_rows: int = 0
    errors: list = field(default_factory=list)

    def add(self, other: "DocScore") -> None:
        """Add the counts and errors of ``other`` to these (documents summed into a set)."""
        for k in ("gold", "pred", "matched", "problem_gold", "problem_ok", "names_tp", "names_pred",
                  "names_gold", "deadline_ok", "false_rows"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.errors.extend(other.errors)

    def figures(self) -> dict:
        """The reported figures (ratios rounded to 3 places; None where undefined)."""
        def ratio(a, b):
            return round(a / b, 3) if b else None

        def f1(p, r):
            return round(2 * p * r / (p + r), 3) if p and r else (0.0 if p is not None and r is not None else None)
        mp, mr = ratio(self.matched, self.pred), ratio(self.matched, self.gold)
        np_, nr = ratio(self.names_tp, self.names_pred), ratio(self.names_tp, self.names_gold)
        return {"file": self.file, "gold_rows": self.gold, "pred_rows": self.pred, "matched": self.matched,
                "measure": {"precision": mp, "recall": mr, "f1": f1(mp, mr)},
                "problem_linked": {"n": self.problem_gold, "accuracy": ratio(self.problem_ok, self.problem_gold)},
                "bodies": {"precision": np_, "recall": nr, "f1": f1(np_, nr)},
                "deadline": {"n": self.matched, "accuracy": ratio(self.deadline_ok, self.matched)},
                "false_rows": self.false_rows}


def load_gold(path: Path | None = None) -> list[dict]:
    """The labeled documents (one JSON object per line)."""
    path = path or corpus_path(*GOLD_FILE)
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(json.loads(line))
    return out


def overlap(a: list, b: list) -> int:
    """Characters shared by two lists of [start, end) spans."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def predicted_rows(ledger) -> list[dict]:
    """The ledger's rows as the scorer compares them: spans in the original input."""
    out = []
    for row in ledger.rows:
        src = row.sources[0]
        orig = src.original or {}
        out.append({"measures": [tuple(m) for m in orig.get("measures", src.measures)],
                    "problems": [tuple(p) for p in orig.get("problems", src.problems)],
                    "names": {r.name for r in row.bodies + row.roles},
                    "deadline": row.time_limit or None, "no": row.no})
    return out


def score_document(gold: dict, pred: list[dict]) -> DocScore:
    """Row-by-row counts of one document."""
    from .build import normalize_name

    sc = DocScore(gold["file"], gold=len(gold["rows"]), pred=len(pred))
    pairs = sorted(((overlap(g["measures"], p["measures"]), gi, pi)
                    for gi, g in enumerate(gold["rows"]) for pi, p in enumerate(pred)), reverse=True)
    used_g, used_p, match = set(), set(), {}
    for ov, gi, pi in pairs:
        if ov <= 0:
            break
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        match[gi] = pi
    sc.matched = len(match)
    for gi, pi in match.items():
        g, p = gold["rows"][gi], pred[pi]
        if g["problems"]:
            sc.problem_gold += 1
            ok = overlap(g["problems"], p["problems"]) > 0
            sc.problem_ok += ok
            if not ok:
                sc.errors.append({"file": gold["file"], "row": p["no"], "kind": "problem not linked"})
        gnames = {normalize_name(n) for n in g["bodies"] + g["roles"]}
        sc.names_tp += len(gnames & p["names"])
        sc.names_pred += len(p["names"])
        sc.names_gold += len(gnames)
        gd, pd = g.get("deadline"), p["deadline"]
        if (not gd and not pd) or (gd and pd and (gd in pd or pd in gd)):
            sc.deadline_ok += 1
        else:
            sc.errors.append({"file": gold["file"], "row": p["no"], "kind": "deadline", "gold": gd, "pred": pd})
    for gi, g in enumerate(gold["rows"]):
        if gi not in match:
            sc.errors.append({"file": gold["file"], "kind": "measure missed", "span": g["measures"][0]})
    for pi, p in enumerate(pred):
        if pi in used_p:
            continue
        false = overlap(gold.get("not_rows", []), p["measures"]) > 0
        sc.false_rows += false
        sc.errors.append({"file": gold["file"], "row": p["no"], "kind": "false row" if false else "extra row"})
    return sc


def score_ledger(golds: list[dict], shared_dir: Path, warnings: list[str] | None = None) -> tuple[DocScore, list[DocScore]]:
    """Analyze each labeled document of ``shared_dir`` (the folder holding
    seeds/ and corpus/), draft its list and score it.  A missing file or one
    whose hash no longer matches is skipped with one line in ``warnings``."""
    from ..eval_corpus import short_hash
    from ..pipeline import Options, analyze
    from ..readers import iter_inputs
    from .build import build_ledger
    from .finish import finish

    total, per_doc = DocScore("all"), []
    for g in golds:
        path = shared_dir / g["file"]
        if not path.is_file():
            if warnings is not None:
                warnings.append(f"ledger_gold.jsonl: {g['file']} not found; skipped")
            continue
        item = next(iter(iter_inputs([str(path)])))
        if short_hash(item.text) != g["sha1"]:
            if warnings is not None:
                warnings.append(f"ledger_gold.jsonl: {g['file']} does not match its hash; skipped")
            continue
        doc = analyze(item, Options(tokens=False))
        ledger = finish(build_ledger([doc]), [doc])      # as `analyzer issues` drafts it
        sc = score_document(g, predicted_rows(ledger))
        per_doc.append(sc)
        total.add(sc)
    return total, per_doc


def format_scores(total: DocScore, per_doc: list[DocScore]) -> str:
    """A plain-text table: one line per document and the total."""
    def fmt(x):
        return "  -  " if x is None else f"{x:.3f}"
    lines = ["ledger (row by row)",
             f"{'document':40} {'gold':>4} {'pred':>4} {'mP':>5} {'mR':>5} {'mF1':>5} {'prob':>5} "
             f"{'bodF1':>5} {'dead':>5} {'false':>5}"]
    for sc in per_doc + [total]:
        f = sc.figures()
        lines.append(f"{f['file'][:40]:40} {f['gold_rows']:>4} {f['pred_rows']:>4} "
                     f"{fmt(f['measure']['precision'])} {fmt(f['measure']['recall'])} {fmt(f['measure']['f1'])} "
                     f"{fmt(f['problem_linked']['accuracy'])} {fmt(f['bodies']['f1'])} "
                     f"{fmt(f['deadline']['accuracy'])} {f['false_rows']:>5}")
    return "\n".join(lines) + "\n"
