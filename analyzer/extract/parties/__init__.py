"""Responsible parties of a directive clause (ANNOTATION.md section 2).

The extractor is a small noun-phrase grammar over a lexicon, not a list of names:

1. The clause is cut into lexicon tokens (``corpora/parties/lexicon.tsv``) by a
   dynamic programme that covers as many characters as possible with known words
   and, among equal covers, uses the fewest tokens (``组织部门`` -> 组织|部门, not
   组织部|门).  Characters no word covers are ``other`` tokens.
2. Units are maximal token chains that end in an organization head or a role head
   (``区|组织部|各|科室``, ``被巡察|单位|党组|的|主要负责人``), following the
   transition table ``_NEXT``.
3. Units joined by 、/和/及/与 … (and crowds or headless modifier lists among them)
   form a coordination group; the group becomes one or several parties
   (shared heads, ``X等部门``, role distribution).
4. A group is a party only in a party position: clause subject (after the clause
   start, a comma or an opener such as 同时/期间), object of a pivot verb
   (责成/督促/指导/要求 …), or agent of 由/作为.  After a preposition or a
   recipient verb (向X通报, 从X抽调, 对X的…), after 的, inside 《》, before a
   meeting word, or as a possessor (``被巡察单位整改情况``) it is not.
5. Each party gets a task role from cue words in its own text (牵头科室) or in its
   predicate (the text up to the next party).

All word lists are data (``corpora/parties/``), validated on load.
"""
from __future__ import annotations

from . import component  # noqa: F401 (registers the pipeline step)
from .data import CONTEXT_KEYS, LEXICON_CLASSES, Lexicon, load_lexicon, load_party_data
from .find import Token, find_organizations, find_parties, link_parties, normalize_party_name, scan_tokens

__all__ = [
    "find_parties",
    "find_organizations",
    "scan_tokens",
    "Token",
    "normalize_party_name",
    "link_parties",
    "load_lexicon",
    "load_party_data",
    "Lexicon",
    "CONTEXT_KEYS",
    "LEXICON_CLASSES",
]
