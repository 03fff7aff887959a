"""Registration: the pipeline step that fills ``Document.time_limits``."""
from __future__ import annotations

from ...components import step
from .find import find_time_limits


@step("time_limits", requires=("text", "ref_date"), assigns=("time_limits",))
def time_limits_step(doc, options) -> None:
    """Every time limit of the document, resolved against its reference date."""
    doc.time_limits = find_time_limits(doc.text, doc.ref_date)
