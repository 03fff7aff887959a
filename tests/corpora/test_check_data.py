"""`analyzer check-data`: the shipped rule data passes; broken data is named."""
import shutil

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.resources import corpus_path

FOLDERS = ("time", "parties", "directives", "normalize", "structure", "ledger", "categories", "lexicon")


def _run(*args):
    return CliRunner().invoke(main, ["check-data", *args])


def test_the_shipped_rule_data_and_its_examples_pass():
    result = _run()
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "ok: 17 rule sets (cues, directives, domain_dict, ledger_linking, ledger_problems, ledger_rows, "
        "ledger_status, ledger_table_headers, official_header, openings, page_noise, parties, problem_rules, "
        "script_fixes, stopwords, structure_tasks, time), ")
    assert int(result.output.split(", ")[-1].split()[0]) >= 31  # examples checked


@pytest.fixture
def corpora(tmp_path):
    """A copy of the rule folders, to break."""
    for name in FOLDERS:
        shutil.copytree(corpus_path(name), tmp_path / name)
    return tmp_path


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("file, old, new, message", [
    # an example its rule does not find
    ("time/patterns.toml", 'examples = ["两个月内完成全部问题的销号。"]', 'examples = ["完成全部问题的销号。"]',
     "patterns.toml: rule 'deadline.within': example '完成全部问题的销号。' not found (found: nothing)"),
    ("time/lexicon.toml", 'examples = ["发现问题要立即整改。"]', 'examples = ["发现问题要及时整改。"]',
     "lexicon.toml: rule 'urgency.immediate': example '发现问题要及时整改。' not found "
     "(found: 及时 (urgency.prompt))"),
    ("directives/triggers.toml", 'examples = ["禁止在办公场所吸烟。"]', 'examples = ["希望不要在办公场所吸烟。"]',
     "triggers.toml: trigger '禁止': example '希望不要在办公场所吸烟。' gives filter:wish, not trigger:禁止"),
    ("directives/filters.toml", 'examples = ["希望大家要珍惜这次学习机会。"]', 'examples = ["大家要珍惜这次学习机会。"]',
     "filters.toml: filter 'wish': example '大家要珍惜这次学习机会。' gives trigger:要, not filter:wish"),
    # examples must be strings
    ("time/patterns.toml", 'examples = ["每月通报工作进展。"]', "examples = [3]",
     "patterns.toml: rule 'frequency.every' examples: must be a list of non-empty strings"),
    # a normalizer that is not registered
    ("time/patterns.toml", 'normalize = "duration"', 'normalize = "guess"',
     "patterns.toml: rule 'duration.approx': unknown normalize 'guess'"),
    ("directives/triggers.toml", 'modality = "obligation"', 'modality = "duty"',
     "triggers.toml: trigger #1 '一定要': modality must be one of"),
    ("parties/lexicon.tsv", "\t", " ", "lexicon.tsv:"),
    ("normalize/page_noise.toml", 'kind = "boilerplate"', 'kind = "furniture"', "page_noise.toml: rule '"),
    ("structure/openings.toml", "openings = [\n", "openings = [\n  '(',\n", "openings.toml: openings[0]"),
    # issue 15: the rule data that had loaders of its own
    ("structure/openings.toml", "closings = [\n", "closings = [\n  '[',\n", "openings.toml: closings[0]"),
    ("normalize/script_fixes.toml", '"显着" = "显著"', '"显着" = "显"',
     "script_fixes.toml: fix '显着' -> '显' must keep the length"),
    ("ledger/linking.toml", "threshold = 0.5", "threshold = 1.5", "linking.toml: [merge] threshold must be in (0, 1]"),
    ("ledger/linking.toml", "[merge]", "[merging]", "linking.toml: KeyError: 'merge'"),
    ("ledger/rows.toml", "max_chars = 32", "max_chars = 0", "rows.toml: [item_heading] max_chars must be positive"),
    ("ledger/rows.toml", "[parties]", "[party]", "rows.toml: KeyError: 'parties'"),
    ("ledger/rows.toml", "after = '^", "after = '(^", "rows.toml: error: missing ), unterminated subpattern"),
    ("ledger/problems.toml", "min_share = 0.25", "min_share = 2", "problems.toml: [list] min_share must be in (0, 1]"),
    ("ledger/status.toml", "min_share = 0.3", "min_share = 0", "status.toml: min_share must be in (0, 1]"),
    ("ledger/table_headers.toml", "table_overlap = 0.6", "table_overlap = 1.5",
     "table_headers.toml: [prose] table_overlap must be in (0, 1]"),
    ("categories/cues.tsv", "cue\tcategory\tweight\n", "cue\tcategory\tweight\n整改空转\tideology\t2\n",
     "cues.tsv: cue '整改空转': weight must be in (0, 1]"),
    ("categories/cues.tsv", "cue\tcategory\tweight\n", "cue\tcategory\tweight\n整改空转\tmorale\t1\n",
     "cues.tsv: cue '整改空转': unknown category 'morale'"),
    ("categories/problem_rules.toml", "not_problem = [\n", "not_problem = [\n  '(',\n",
     "problem_rules.toml: not_problem[0]: pattern does not compile"),
    ("categories/problem_rules.toml", "target = [\n", "target = [\n  '对',\n",
     "problem_rules.toml: target[0] needs a (?P<target>…) group"),
    ("lexicon/domain_dict.txt", "纪委监委 3000 nt", "纪委监委 3000 zz", "unknown jieba tag 'zz'"),
])
def test_broken_data_gives_one_line_naming_file_and_rule(corpora, file, old, new, message):
    _edit(corpora / file, old, new)
    result = _run("--corpora", str(corpora))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and message in lines[0], result.output


@pytest.mark.parametrize("file", ["categories/shortcoming_cues.txt", "lexicon/stopwords.txt",
                                  "ledger/status.toml", "normalize/script_fixes.toml"])
def test_a_missing_rule_file_is_named(corpora, file):
    (corpora / file).unlink()
    result = _run("--corpora", str(corpora))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and f"{file.split('/')[1]}: data file missing" in lines[0], result.output
