"""Placeholder until the party extractor lands (branch parties)."""
from __future__ import annotations


def find_parties(clause):
    return []
