"""Registration: the pipeline step that fills ``Document.parties`` (every
party the directives name, with how often)."""
from __future__ import annotations

from ...components import step
from ..summary import party_counts


@step("summary", requires=("directives",), assigns=("parties",))
def summary_step(doc, options) -> None:
    """The document-level party list, from its directives."""
    doc.parties = party_counts(doc.directives)
