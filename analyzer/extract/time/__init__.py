"""Time limits: when, how soon and how often something must be done.

``find_time_limits(text, ref_date)`` returns :class:`~analyzer.spans.Span` objects
whose ``label`` is the type (date, deadline, duration, frequency, urgency,
standing), whose ``value`` is the normalized value of docs/ANNOTATION.md §3 and
whose ``rule`` names the data rule that matched.

The rules are data (``corpora/time/*.toml``, see docs/TIME_LIMITS.md).  The
extractor works in two stages:

1. *candidates*: every idiom and every pattern rule is matched over the whole
   text with precompiled regular expressions;
2. *normalization*: each candidate's named parts are turned into a value by the
   normalizer its rule names (dates resolved against ``ref_date`` when given),
   context filters (past events, header metadata, bare dates without a plan)
   turn some candidates into blockers, and overlapping candidates are resolved:
   the longest span wins, then the higher priority, then the earlier start.

The package, one module per part:

- ``schema``: constants, ISO 8601 durations, the data model (``Rule``, ``TimeData``);
- ``load``: reading and validating corpora/time (``load_data``, a ``RuleLoader``);
- ``normalizers``: one function per normalizer, each registered with the named
  groups it needs (``@normalizer``); patterns.toml names them;
- ``run``: one call's context (clause bounds, filters, date resolution);
- ``find``: the matcher (``find_time_limits``), over ``analyzer.scan.Dispatch``
  and ``analyzer.extract.candidates``;
- ``examples``: the examples written beside the rules, checked.

Only the standard library is used.  Everything is compiled once, lazily, on the
first call; all regular expressions are linear (no nested unbounded repeats),
and context checks look at bounded windows around each candidate.
"""
from __future__ import annotations

from . import component  # noqa: F401 (registers the pipeline step)
from .examples import check_examples
from .find import find_time_limits
from .load import load_data
from .normalizers import NORMALIZERS, normalizer
from .schema import DATA_FILES, TYPES, Rule, TimeData, is_iso_duration, multiply_duration

load_data.examples = check_examples  # the loader's examples, checked by `analyzer check-data`

__all__ = ["check_examples", "find_time_limits", "load_data", "NORMALIZERS", "normalizer", "TimeData", "Rule", "TYPES",
           "DATA_FILES", "is_iso_duration", "multiply_duration"]
