"""The classifier on the genres of issue 16: `other` calibrated to mean "none
of the four", report-style shortcomings found, corpus dev clauses as training
data.  Every clause here was written for this test (none is a training line)."""
import json
from pathlib import Path

import numpy as np
import pytest

from analyzer.classify.features import CATEGORIES, cue_lexicon
from analyzer.resources import model_path

from project_root import ROOT  # noqa: E402

SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.mark.parametrize("logp, y, expected", [
    # `other` wins each clause by a small margin, but three of four are categories:
    # a shift of 0.5 or more recovers them (the smallest such shift is chosen)
    ([[-0.6, -0.8], [-0.6, -0.8], [-0.6, -0.8], [-0.2, -3.0]], ["system", "system", "system", "other"], 0.25),
    # the plain argmax is already right: no shift
    ([[-3.0, -0.1], [-0.1, -3.0]], ["system", "other"], 0.0),
])
def test_calibrate_other_picks_the_smallest_best_shift(logp, y, expected):
    pytest.importorskip("sklearn")
    from analyzer.classify.train import calibrate_other

    # columns in sorted class order, as _cross_validate gives them: other, system
    shift, scores = calibrate_other(np.array(y), np.array(logp), np.array(["other", "system"]))
    assert shift == expected
    assert scores[str(shift)] == max(scores.values())


@pytest.mark.parametrize("scores, expected", [
    ({"0.0": 0.80, "0.25": 0.804, "0.5": 0.79}, 0.0),      # a gain within MIN_GAIN is noise
    ({"0.0": 0.80, "0.25": 0.82, "0.5": 0.824}, 0.25),     # the nearest 0 within MIN_GAIN of the best
    ({"-0.25": 0.83, "0.0": 0.80, "0.25": 0.83}, -0.25),   # equally near: the lower
])
def test_smallest_best_shift(scores, expected):
    pytest.importorskip("sklearn")
    from analyzer.classify.train import _smallest_best

    assert _smallest_best(scores) == expected


def test_calibrate_problem_moves_the_threshold_when_it_pays():
    pytest.importorskip("sklearn")
    from analyzer.classify.train import calibrate_problem

    # two problems just under p = 0.5 (margin -0.2), two clear non-problems
    logp = np.log(np.array([[0.55, 0.45], [0.55, 0.45], [0.95, 0.05], [0.95, 0.05]]))
    shift, scores = calibrate_problem(np.array(["problem", "problem", "not_problem", "not_problem"]), logp)
    assert shift == 0.25 and scores["0.25"] == 1.0 and scores["0.0"] == 0.0


def test_shipped_model_carries_its_other_calibration():
    meta = json.loads(model_path("classifier.json").read_text(encoding="utf-8"))
    cal = meta["calibration"]
    assert cal["other_logit_shift"] in {float(k) for k in cal["cv_category_macro_f1_by_shift"]}
    assert cal["cv_category_macro_f1_by_shift"][str(cal["other_logit_shift"])] >= \
        cal["cv_category_macro_f1_by_shift"]["0.0"]


@pytest.mark.parametrize("cue", ["亟需", "亟待", "有待", "依然突出", "弱项", "怠于", "违失", "延宕"])
def test_report_shortcoming_wording_is_a_cue(cue):
    assert cue_lexicon().has_shortcoming(f"基层服务能力{cue}")


# (clause, category): the clause's main predicate decides (SPEC section 6)
CATEGORY_ROWS = [
    ("加快建设城乡冷链物流网络，降低农产品流通损耗。", "other"),
    ("新增公共充电桩两万个，方便新能源汽车出行。", "other"),
    ("全面推行行政执法公示制度，执法结果一律向社会公开。", "system"),
    ("建立健全涉企收费目录清单制度，清单之外一律不得收费。", "system"),
    ("各部门要压紧压实责任，逐项抓好工作落实。", "work_style"),
    ("坚决整治形式主义、官僚主义，切实为基层减负。", "work_style"),
    ("对违规收受礼品礼金的公职人员，一律严肃查处并通报曝光。", "discipline"),
    ("引导干部深入学习党的创新理论，坚定理想信念。", "ideology"),
]


@pytest.mark.parametrize("text, category", CATEGORY_ROWS)
def test_category_of_genre_clauses(text, category):
    from analyzer.classify.model import get_classifier
    from analyzer.normalize.pipeline import normalize_text

    cat, _ = get_classifier().predict([normalize_text(text)])
    assert CATEGORIES[int(cat[0].argmax())] == category


# report-style shortcomings are problems; measures and targets are not
PROBLEM_ROWS = [
    ("全市养老服务供给能力亟需提升。", True),
    ("城乡居民收入差距依然突出。", True),
    ("乡村基础设施的短板弱项仍然较多。", True),
    ("要加快补齐乡村基础设施短板。", False),
]


@pytest.mark.parametrize("text, problem", PROBLEM_ROWS)
def test_report_shortcomings_are_problems(text, problem):
    from analyzer.pipeline import Options, analyze
    from analyzer.readers import InputText

    doc = analyze(InputText("t", text, "t", "txt", None, None), Options(tokens=False))
    assert bool(doc.problems) is problem


def test_corpus_dev_clauses_join_the_training_data_and_test_files_do_not():
    pytest.importorskip("sklearn")
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus not present")
    from analyzer.classify.train import load_examples

    ids = [e.id for e in load_examples(SHARED_CORPUS) if e.id.startswith("corpus:")]
    rows = [json.loads(x) for x in ROOT.joinpath("corpora", "eval", "corpus_clauses.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    test_ids = {f"corpus:{r['file']}@{r['start']}" for r in rows if r["split"] == "test"}
    assert ids and not test_ids & set(ids)
