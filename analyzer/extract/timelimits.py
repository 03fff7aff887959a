"""The former module of the time-limit extractor, now ``analyzer.extract.time``.

Kept so that ``from analyzer.extract.timelimits import find_time_limits`` (and
the tests written against it) keep working; new code imports
``analyzer.extract.time``.
"""
from __future__ import annotations

from ..scan import first_chars
from .time import (DATA_FILES, TYPES, TimeData, find_time_limits, is_iso_duration, load_data,  # noqa: F401
                   multiply_duration)

get_data = load_data  # the shipped data: ``load_data()`` with no argument

__all__ = ["find_time_limits", "load_data", "get_data", "first_chars", "TimeData", "TYPES", "DATA_FILES",
           "is_iso_duration", "multiply_duration"]
