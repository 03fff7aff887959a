"""Registration: the pipeline step that fills ``Document.directives``."""
from __future__ import annotations

from ...components import step
from .assemble import find_directives


@step("directives", requires=("text", "meta", "outline", "sentences", "clauses", "time_limits"),
      assigns=("directives",))
def directives_step(doc, options) -> None:
    """The document's directives, with their parties and time limits."""
    doc.directives = find_directives(doc)
