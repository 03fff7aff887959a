"""Pipeline components declare what they read and fill; the order is checked."""
import pytest

from analyzer import pipeline
from analyzer.pipeline import PipelineError, analyze, check_steps


@pytest.mark.parametrize("steps, message", [
    (("normalize", "directives"), "step 'directives' requires outline, sentences, clauses, time_limits"),
    (("normalize", "structure", "directives"), "step 'directives' requires time_limits"),
    (("normalize", "summary"), "step 'summary' requires directives"),
    (("structure",), "step 'structure' requires text, removed, joins"),
    (("normalize", "no_such_step"), "unknown step 'no_such_step'"),
])
def test_a_bad_order_names_the_step_and_the_missing_field(steps, message):
    with pytest.raises(PipelineError) as err:
        check_steps(steps)
    assert message in str(err.value)


@pytest.mark.parametrize("steps", [
    pipeline.DEFAULT_STEPS,
    ("normalize",),
    ("normalize", "structure"),
    ("normalize", "tokens", "time_limits"),
])
def test_good_orders_pass(steps):
    assert check_steps(steps) == steps


def test_every_registered_step_is_declared():
    assert set(pipeline.STEPS) == set(pipeline.COMPONENTS)
    assert set(pipeline.BATCH_STEPS) <= set(pipeline.COMPONENTS)


def test_declaring_an_unknown_field_fails_at_registration():
    with pytest.raises(PipelineError, match="unknown Document field"):
        pipeline.step("x", requires=("txet",))


def test_analyze_refuses_a_bad_order_before_running():
    with pytest.raises(PipelineError, match="requires time_limits"):
        analyze("各地要在三个月内完成整改。", steps=("normalize", "structure", "directives"))


def test_normalize_is_put_in_front_of_a_list_without_it():
    doc = analyze("一、总体要求\n各部门要抓紧落实。", steps=("structure",))
    assert doc.text and doc.outline is not None and doc.directives == []
