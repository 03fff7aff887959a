"""`analyzer train`: rebuild the category and problem classifiers from corpora/."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import main
from ..messages import msg, train_log
from .common import guarded


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the model here instead of models/ (the shipped model).")
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Folder of the real documents whose dev files' labeled clauses "
                                 "(corpora/eval/corpus_clauses.jsonl) join the training data "
                                 "(default: ../shared/corpus if present).")
@click.option("--no-corpus", is_flag=True, help="Train without the corpus clauses.")
@click.option("--check", is_flag=True,
              help="Rebuild into a temporary folder and compare with the shipped model, byte for byte.")
@guarded
def train(out_dir, corpus_dir, no_corpus, check):
    """Rebuild the classifiers (models/classifier.json + .npz) from corpora/.

    Needs scikit-learn (pip install '.[train]'); the analyzer itself loads the
    result with numpy alone.  Same data gives the same files: the JSON records
    the data's SHA-256, the library versions and the cross-validated and
    held-out scores.
    """
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise click.ClickException(msg("train_needs_sklearn")) from None
    import tempfile

    from ..classify.model import MODEL_JSON, MODEL_NPZ
    from ..classify.train import train as run
    from ..resources import model_path
    from .evaluate import default_corpus_dir

    corpus_dir = None if no_corpus else (corpus_dir or default_corpus_dir())
    if corpus_dir is None and not no_corpus:
        click.echo(msg("train_no_corpus"), err=True)

    def log(line: str) -> None:
        click.echo(train_log(line), err=True)

    if check:
        with tempfile.TemporaryDirectory() as tmp:
            run(Path(tmp), log=log, corpus_dir=corpus_dir)
            same = all((Path(tmp) / n).read_bytes() == model_path(n).read_bytes() for n in (MODEL_JSON, MODEL_NPZ))
        click.echo(msg("train_same" if same else "train_differs"))
        sys.exit(0 if same else 1)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    run(out_dir, log=log, corpus_dir=corpus_dir)
