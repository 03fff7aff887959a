"""The steps after building and combining the list, shared by `analyzer issues`
and the web page so both give the same list: problems from headings, problem
lists and self-contained frames (``problems.py``), then the status and
evidence of progress reports (``progress.py``)."""
from __future__ import annotations


def finish(ledger, docs):
    """Run the after-build steps on ``ledger`` (drafted from ``docs``) and return it."""
    from .problems import link_problems
    from .progress import apply_progress

    link_problems(ledger, docs)
    apply_progress(ledger, docs)
    return ledger
