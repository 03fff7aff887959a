"""The fast paths give exactly what the plain ways give.

Each speed-up of the hot path (a trie regex for word lists, hashed cue
matching, a hashed vocabulary lookup, the joint model heads, the directive
rebuilt with its category) has a plain counterpart; these rows and
properties hold them to it.
"""
from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.classify.apply import _cues_per_clause, _with_category, is_problem, problem_rules
from analyzer.classify.features import cue_lexicon, ngram_keys
from analyzer.classify.literals import LiteralSet
from analyzer.classify.model import get_classifier
from analyzer.document import Directive
from analyzer.resources import literal_pattern

WORDS = ["整改", "整改到位", "整改落实", "落实", "落实责任", "责任", "主体责任", "不到位", "到位", "a", "ab", "abc", "b"]


def plain_alternation(words) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


@pytest.mark.parametrize("text, expected", [
    ("整改到位", [(0, "整改到位")]),                    # the longest word at the leftmost place
    ("整改不到位", [(0, "整改"), (2, "不到位")]),
    ("落实主体责任", [(0, "落实"), (2, "主体责任")]),
    ("落实责任制", [(0, "落实责任")]),
    ("abcab", [(0, "abc"), (3, "ab")]),
    ("", []),
    ("无关的话", []),
    ("整改\x00到位", [(0, "整改"), (3, "到位")]),       # NUL separates texts: never inside a match
])
def test_literal_set_rows(text, expected):
    assert LiteralSet(WORDS).find(text) == expected
    assert [(m.start(), m.group()) for m in plain_alternation(WORDS).finditer(text)] == expected


def test_literal_set_of_nothing():
    assert LiteralSet([]).find("整改") == []
    assert not LiteralSet([""])


_ALPHABET = sorted(set("".join(WORDS))) + ["，", "\x00", "x"]
_pieces = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(_ALPHABET)), max_size=40).map("".join)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(_pieces)
def test_literal_set_matches_the_regex(text):
    assert LiteralSet(WORDS).find(text) == [(m.start(), m.group()) for m in plain_alternation(WORDS).finditer(text)]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(_pieces)
def test_trie_pattern_matches_the_sorted_alternation(text):
    trie = re.compile(literal_pattern(WORDS))
    assert [(m.start(), m.group()) for m in trie.finditer(text)] == \
           [(m.start(), m.group()) for m in plain_alternation(WORDS).finditer(text)]


def test_trie_pattern_embeds_as_one_atom():
    # used inside bigger patterns (time idioms): it must behave as one group
    rx = re.compile(f"(?:{literal_pattern(['月底', '月'])})前")
    assert rx.search("6月底前").group() == "月底前"
    assert rx.search("3月前").group() == "月前"


def test_shipped_category_cues_hash_as_their_regex():
    lex = cue_lexicon()
    words = sorted(lex.weights)
    text = "，".join(words) + "".join(words[::-1]) + "不相干的话" + words[0][:1]
    assert lex.category_words.find(text) == [(m.start(), m.group()) for m in lex.regex.finditer(text)]


def test_vocabulary_lookup_is_exact():
    vocab = get_classifier().vocabulary
    _, keys = ngram_keys(["各单位要落实主体责任，整改不到位的要问责", "x"])
    keys = np.concatenate([keys, vocab.keys, vocab.keys + np.uint64(1), vocab.keys - np.uint64(1)])
    pos, hit = vocab.find(keys)
    ref = np.searchsorted(vocab.keys, keys)
    ref[ref >= len(vocab.keys)] = 0
    ref_hit = vocab.keys[ref] == keys
    assert (hit == ref_hit).all()
    assert (pos[hit] == ref[ref_hit]).all()


def test_joint_prediction_equals_each_head():
    model = get_classifier()
    texts = ["要落实主体责任", "制度建设不健全", "严禁违规发放津贴补贴", "", "同志们", "整改整改再整改，落实落实再落实"]
    cat, prob = model.predict(texts)
    rows, cols, vals, dense = model.features(texts)
    assert np.allclose(cat, model.category.probabilities(rows, cols, vals, dense, len(texts)), atol=1e-6)
    ref = model.problem.probabilities(rows, cols, vals, dense, len(texts))
    assert np.allclose(prob, ref[:, list(model.problem.classes).index("problem")], atol=1e-6)


def test_directive_rebuilt_with_its_category_keeps_every_field():
    names = [f.name for f in dataclasses.fields(Directive)]
    values = {name: f"<{name}>" for name in names}
    d = Directive(**values)
    out = _with_category(d, "system", {"system": 1.0})
    assert out.category == "system" and out.scores == {"system": 1.0}
    assert all(getattr(out, n) == getattr(d, n) for n in names if n not in ("category", "scores"))


@pytest.mark.parametrize("text, expected", [
    ("对违纪违法方面的问题，要依纪依法严肃处理，建立查处通报机制", "discipline"),   # a mechanism, still discipline
    ("针对制度机制方面存在的问题，要建章立制", "system"),
    ("（二）对工作作风方面的问题，要开展明察暗访", "work_style"),
    ("一是对思想认识方面的问题，要组织专题学习", "ideology"),
    ("对业务工作方面的问题，要加强培训", None),                               # not one of the four
    ("要建立查处通报机制", None),                                             # no class named
    ("要对全县违纪违法问题开展排查", None),                                    # not a class label opening the clause
])
def test_a_clause_that_names_its_class_takes_it(text, expected):
    from analyzer.classify.apply import stated_category

    assert stated_category(text) == expected


@pytest.mark.parametrize("cues, clauses, expected", [
    ([(0, 2), (5, 7)], [(0, 4), (4, 8)], [1, 1]),
    ([(0, 2), (2, 4)], [(0, 4), (4, 8)], [2, 0]),
    ([], [(0, 4), (4, 8)], [0, 0]),
    ([(3, 6)], [(0, 4), (4, 8)], [None, None]),     # a match over the edge: search the clause alone
    ([(1, 3)], [(0, 2), (4, 8)], [None, 0]),        # over the end of the first clause only
    ([(9, 11)], [(0, 4), (4, 8)], [0, 0]),
    ([(0, 2)], [], []),
])
def test_shortcoming_cues_counted_per_clause(cues, clauses, expected):
    assert _cues_per_clause(cues, clauses) == expected


def test_counted_shortcoming_cues_give_the_searched_features():
    from analyzer.classify.features import cue_features
    from analyzer.structure.sentences import split_clauses

    lex = cue_lexicon()
    text = ("各单位要落实主体责任，对整改不到位、敷衍塞责的要严肃问责；学习流于形式，制度执行不严。"
            "部分干部纪律意识淡薄\n存在不作为、慢作为问题；")
    clauses = split_clauses(text)
    cues = [(m.start(), m.end()) for m in lex.shortcoming.finditer(text)]
    counts = np.array(_cues_per_clause(cues, clauses), dtype=np.float32)
    texts = [text[s:e] for s, e in clauses]
    assert counts.sum() >= 4
    assert np.array_equal(cue_features(texts, lex, counts), cue_features(texts, lex))


def _plain_verdict(text, probability, lexicon):
    not_problem, targets = problem_rules()
    if any(p.search(text) for p in not_problem):
        return False
    for p in targets:
        m = p.search(text)
        if m and lexicon.has_shortcoming(m.group("target")):
            return True
    return probability >= 0.5


@pytest.mark.parametrize("text", [
    "如果整改不到位，就会影响大局", "所谓形式主义，就是…", "严禁违规发放补贴", "谁不整改，谁就要担责",
    "整改不到位的问题依然存在", "对思想认识方面的问题，要加强学习", "总书记强调要防止走过场",
    "对整改不力、敷衍塞责的，要严肃问责", "违反工作纪律的，一律通报", "完善考核办法，对履职不力的干部，及时调整岗位",
    "如果对整改不力的，要严肃问责", "要落实主体责任", "",
])
@pytest.mark.parametrize("probability", [0.0, 0.49, 0.5, 0.9])
def test_problem_decided_as_rules_then_model(text, probability):
    lex = cue_lexicon()
    assert is_problem(text, probability, lex) == _plain_verdict(text, probability, lex)


def test_cue_features_equal_a_plain_search_of_each_text():
    from analyzer.classify.features import cue_features

    lex = cue_lexicon()
    words = sorted(lex.weights)
    texts = ["", "要落实主体责任，整改不到位的要问责", "，".join(words[:40]), "".join(words[40:90]),
             "纪律意识淡薄，存在形式主义、官僚主义问题", "无关的话", "不到位不扎实存在形式主义问题整改不力"]
    plain = np.zeros((len(texts), len(lex.columns)), np.float32)
    for i, t in enumerate(texts):
        for m in lex.regex.finditer(t):
            plain[i, :-1] += np.array(lex.weights[m.group()], np.float32)
        plain[i, -1] = len(lex.shortcoming.findall(t))
    assert np.array_equal(cue_features(texts, lex), np.minimum(plain, 2.0))


@pytest.mark.parametrize("text", ["要" * 20000, "整改不到位" * 3000, "a" * 50000])
def test_a_word_repeated_thousands_of_times_is_classified_quietly(text, recwarn):
    # a bug: the problem head's sigmoid overflowed (RuntimeWarning on stderr)
    cat, prob = get_classifier().predict([text, "要落实主体责任"])
    assert not [w for w in recwarn.list if issubclass(w.category, RuntimeWarning)]
    assert np.isfinite(cat).all() and np.isfinite(prob).all()
    assert np.allclose(cat.sum(axis=1), 1.0) and ((prob >= 0) & (prob <= 1)).all()


@pytest.mark.parametrize("logits, expected", [
    ([0.0], [0.5]), ([800.0], [1.0]), ([-800.0], [0.0]), ([2.0], [1 / (1 + np.exp(-2.0))]),
])
def test_sigmoid_rows(logits, expected):
    from analyzer.classify.model import _sigmoid

    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        assert np.allclose(_sigmoid(np.array(logits)), expected)
