"""Draft the rectification list (整改台账, SPEC section 7) from analyzed documents.

One row per task: the problem (or none), its category, the measures aimed at it
(directive texts, never none), the responsible bodies and roles, the time
limits, and where every piece came from (document, outline path, offsets into
the normalized text).  Linking, in this order, within each document:

1. explicit frames: ``针对…问题，要…`` / ``对…的，要…`` / ``对…的单位和个人要…``
   — the named problem and the directives of that sentence from the frame on;
   a frame pointing back (``针对上述问题，要…``) takes the problems stated
   before it in the same section that have no measure yet;
2. same sentence: a problem and the directives of its sentence (of its
   passage, when a sentence runs several class labels together:
   ``对思想认识方面的问题，要…；对制度机制方面的问题，要…``);
3. same section: the nearest following directives in the same lowest outline
   section, up to the next problem — the rest of the problem's paragraph, or
   else the next paragraph that has directives; problems in a row with no
   directive between them share those measures;
4. the directives left over are rows with no problem: one per sentence (or
   passage), a new row where a clause names parties of its own different from
   the row's.

A problem no measure answers is not a row; it is kept in ``Ledger.unaddressed``.
Headings are never measures (a heading frame still names a problem), and a
generic exhortation (``统一思想、提高认识``) is never a row on its own
(``Ledger.skipped``); the rules are data in ``corpora/ledger/linking.toml``.
Rows from different documents whose texts are near-duplicates (character-bigram
Jaccard at or above ``[merge] threshold``) are merged, keeping every source.
"""
from __future__ import annotations

from typing import Iterable

from ..document import Document
from .linking import LINKING_FILE, Rules, is_generic, link_document, load_rules, normalize_name
from .merging import bigrams, jaccard, match_key, merge_pair, merge_rows
from .model import CATEGORIES, Ledger, Responsible, Row, Source, join_problems

# The list is built in three modules (``model``: the rows; ``linking``: one
# document's rows; ``merging``: across documents); their public names stay
# importable from here, where they were before the split.
__all__ = ["build_ledger", "LINKING_FILE", "Rules", "is_generic", "link_document", "load_rules", "normalize_name",
           "bigrams", "jaccard", "match_key", "merge_pair", "merge_rows",
           "CATEGORIES", "Ledger", "Responsible", "Row", "Source", "join_problems"]


# --- the whole list ---------------------------------------------------------

def build_ledger(docs: Iterable[Document], *, threshold: float | None = None) -> Ledger:
    """The rectification list of one or many analyzed documents, in input order."""
    rules = load_rules()
    threshold = rules.threshold if threshold is None else threshold
    rows: list[Row] = []
    documents, unaddressed, skipped = [], [], []
    for doc in docs:
        r, u, s = link_document(doc, rules)
        rows += r
        unaddressed += u
        skipped += s
        documents.append({"id": doc.id, "title": doc.meta.get("title"), "date": doc.meta.get("date"),
                          "text_length": len(doc.text)})
    ledger = Ledger(merge_rows(rows, threshold), documents, unaddressed, skipped, threshold)
    ledger.renumber()
    return ledger
