"""Placeholder until the time-limit extractor lands (branch timelimits)."""
from __future__ import annotations


def find_time_limits(text, ref_date=None):
    return []
