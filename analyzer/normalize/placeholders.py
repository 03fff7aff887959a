"""Anonymization placeholders (`xxx书记`, `XX同志`, `**乡`, `x月x日`, `某某`).

They are kept in the text and marked: they are neither errors nor real values,
so extractors that meet them give placeholder values (a date `x月x日` is a date
with ``placeholder: true``), and readers of the output know a name was masked.
"""
from __future__ import annotations

import re

from .. import scan
from ..spans import Span

PLACEHOLDER_RE = re.compile(
    r"[xX×](?<![A-Za-z][xX×])[xX×]{0,5}(?![A-Za-z])"   # xxx, XX, x (x月x日, x区), ××
    r"|\*{2,}"                               # **同志
    r"|某某+"                                 # 某某同志
    r"|[○□◯]{2,}"                            # ○○单位 (not the numeral 〇)
)


# Every match begins with one of these (see scan.py).
PLACEHOLDER_STARTS = scan.starts_of(PLACEHOLDER_RE)


def find_placeholders(text: str) -> list[Span]:
    """The redaction placeholders (XX, ×××, 某某 …) of ``text``."""
    return [Span(m.start(), m.end(), m.group(), "placeholder", rule="placeholder")
            for m in scan.finditer(PLACEHOLDER_RE, PLACEHOLDER_STARTS, text)]
