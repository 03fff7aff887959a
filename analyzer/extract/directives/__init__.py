"""Directive detection: does a clause require or forbid an action, and how.

Two stages, both driven by data in corpora/directives/:
1. triggers.toml: find trigger words (要, 必须, 严禁 …), dropping those inside
   other words (重要, 令行禁止) or in contexts their entry cancels (要求 as a noun);
2. filters.toml: drop triggers in clauses that are not directives (questions,
   wishes, reported principles, quotations, reports of past work for weak
   triggers, relative clauses after 是 …).
The first surviving trigger is the clause's main trigger and gives its modality.
A trigger-less clause that continues a directive sentence is a directive in the
scope of the earlier trigger (``continues``).
"""
from __future__ import annotations

from . import component  # noqa: F401 (registers the pipeline step)
from .assemble import find_directives, heading_spans, is_report
from .examples import check_examples
from .judge import TriggerHit, Verdict, action_of, continues, find_triggers, is_heading, judge_clause
from .rules import MODALITIES, STRENGTHS, Filter, Rules, Trigger, load_rules, parse_filters, parse_triggers

load_rules.examples = check_examples  # checked by `analyzer check-data`

__all__ = ["check_examples", "find_directives", "heading_spans", "is_report", "judge_clause", "find_triggers", "continues",
           "action_of", "is_heading", "TriggerHit", "Verdict", "load_rules", "parse_triggers", "parse_filters",
           "Rules", "Trigger", "Filter", "MODALITIES", "STRENGTHS"]
