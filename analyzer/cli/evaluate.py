"""`analyzer eval`: precision / recall / F1 per field on the labeled sets."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import main
from ..messages import eval_note, msg
from .common import guarded


def default_seeds_dir() -> Path | None:
    """The seed documents (``../shared/seeds`` beside the project), or None when absent."""
    return _shared_dir("seeds")


def default_corpus_dir() -> Path | None:
    """The real documents labeled by reference (``../shared/corpus``), or None when absent."""
    return _shared_dir("corpus")


def _shared_dir(name: str) -> Path | None:
    """``../shared/<name>`` next to the project (or the working directory), if present."""
    from ..resources import _HERE

    for d in (_HERE.parent.parent / "shared" / name, Path.cwd().parent / "shared" / name):
        if d.is_dir():
            return d
    return None


@main.command("eval")
@click.option("--set", "which", type=click.Choice(["own", "seeds", "corpus", "categories", "ledger", "all"]),
              default="all", show_default=True,
              help="Which labeled set: clauses written for the project, seed clauses, clauses of the "
                   "real documents in ../shared/corpus, the held-out part of the category set, or all. "
                   "`ledger` scores the drafted list row by row on whole labeled documents (not part of all).")
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="all", show_default=True,
              help="Half of the project's own set and of the corpus set to score.")
@click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the seed documents (default: ../shared/seeds if present).")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the real documents (default: ../shared/corpus if present).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--errors", type=click.Path(dir_okay=False), default=None,
              help="Write every disagreement with the gold labels to this JSON Lines file.")
@guarded
def evaluate(which, split, seeds_dir, corpus_dir, as_json, errors):
    """Score the analyzer on the labeled sets in corpora/eval, clause by clause.

    Each clause is analyzed alone (as one JSON Lines record, with its date),
    the way the analyzer is measured on unseen documents.  Prints precision,
    recall and F1 for directive detection, party spans, time-limit spans,
    accuracy of time-limit type and value on matched spans, problem detection,
    and per-category F1, macro-F1 and the confusion matrix.  The category set's
    held-out part (never trained on) scores problem detection and the model's
    category for every clause.  Every set is also scored per genre (a table
    under each report, ``genres`` in --json).  A corpus label whose hash no
    longer matches its file is skipped with one line naming it.
    """
    from .. import evaluate as ev
    from ..output import atomic_write

    if which == "ledger":
        _ledger(seeds_dir, as_json, errors)
        return

    run = ev.clause_analyzer()
    reports = []
    if which in ("own", "all"):
        golds = [g for g in ev.load_own() if split == "all" or g.split == split]
        if golds:
            reports.append(ev.score(golds, f"own ({split})", run))
        golds = [g for g in ev.load_own(ev.corpus_path("eval", "genre_clauses.jsonl"))
                 if split == "all" or g.split == split]
        if golds:
            reports.append(ev.score(golds, f"own genres ({split})", run))
    if which in ("categories", "all"):
        golds = ev.load_category_heldout()
        if golds:
            reports.append(ev.score_categories(golds, "categories (held out)", run))
    if which in ("seeds", "all"):
        sd = seeds_dir or default_seeds_dir()
        warnings: list[str] = []
        golds = ev.load_seeds(sd, warnings=warnings)
        for w in warnings:
            click.echo(eval_note(w), err=True)
        if golds:
            reports.append(ev.score(golds, "seeds", run))
        elif which == "seeds":
            raise click.ClickException(msg("eval_no_seeds"))
    if which in ("corpus", "all"):
        warnings: list[str] = []
        golds = [g for g in ev.load_corpus(corpus_dir or default_corpus_dir(), warnings=warnings)
                 if split == "all" or g.split == split]
        for w in warnings:
            click.echo(eval_note(w), err=True)
        if golds:
            reports.append(ev.score(golds, f"corpus ({split})", run))
        elif which == "corpus":
            raise click.ClickException(msg("eval_no_corpus"))
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        for r in reports:
            click.echo(ev.format_report(r))
    if errors:
        with atomic_write(errors, force=True) as fh:
            for r in reports:
                for e in r.errors:
                    fh.write(json.dumps({"set": r.name, **e}, ensure_ascii=False) + "\n")
    if not reports:
        click.echo(msg("eval_no_sets"), err=True)
        sys.exit(1)


def _ledger(seeds_dir, as_json, errors) -> None:
    """`--set ledger`: the drafted list against ``corpora/eval/ledger_gold.jsonl``."""
    from ..ledger import scoring
    from ..output import atomic_write

    sd = seeds_dir or default_seeds_dir()
    if sd is None:
        click.echo(msg("eval_ledger_no_seeds"), err=True)
        sys.exit(1)
    warnings: list[str] = []
    total, per_doc = scoring.score_ledger(scoring.load_gold(), Path(sd).parent, warnings)
    for w in warnings:
        click.echo(eval_note(w), err=True)
    if as_json:
        click.echo(json.dumps([s.figures() for s in per_doc + [total]], ensure_ascii=False, indent=2))
    else:
        click.echo(scoring.format_scores(total, per_doc), nl=False)
    if errors:
        with atomic_write(errors, force=True) as fh:
            for e in total.errors:
                fh.write(json.dumps({"set": "ledger", **e}, ensure_ascii=False) + "\n")
