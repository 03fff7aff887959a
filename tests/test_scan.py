"""The fast paths of normalization and structure give exactly what the plain
ones give: regexes run only at their possible first characters, prefiltered
width unification, removals mapped in bulk."""
import operator

import pytest
from hypothesis import given, settings, strategies as st

from analyzer import scan
from analyzer.normalize import chars, damage, pipeline, placeholders, ruby, script
from analyzer.normalize.edits import Edit, OffsetChain, apply_edits
from analyzer.structure import outline

PAIRS = {
    "ruby": (ruby.RUBY_RE, ruby.RUBY_STARTS),
    "damage": (damage.DAMAGE_RE, damage.DAMAGE_STARTS),
    "placeholders": (placeholders.PLACEHOLDER_RE, placeholders.PLACEHOLDER_STARTS),
    "newlines": (chars._NEWLINES_RE, chars._NEWLINES_STARTS),
    "indent": (chars._INDENT_RE, chars._INDENT_STARTS),
    "ellipsis": (pipeline._ELLIPSIS_RE, pipeline._ELLIPSIS_STARTS),
    "outline": (outline.CANDIDATE_RE, outline.CANDIDATE_STARTS),
}
# Characters the patterns care about, and some they do not.
ALPHABET = ("紀委书記要整改第一二三十、。！？；：:!?;,()（）jìqūābc xX×*某○□◯?\ufffdÃ¤Â¸­\u3000\u00a0\t\n\r\u2028"
            "…..1２0８．％ＡＢ")
texts = st.text(alphabet=ALPHABET, max_size=60)


@pytest.mark.parametrize("name", sorted(PAIRS))
@settings(max_examples=150, deadline=None)
@given(text=texts)
def test_scan_finds_what_finditer_finds(name, text):
    pattern, starts = PAIRS[name]
    assert [m.span() for m in scan.finditer(pattern, starts, text)] == [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("text", ["紀(jì)委", "。?年来", "xxx同志", "一、总体要求\n（二）压实责任", "\u3000\u3000缩进  ",
                                  "……今天", "", "第一，要", "1.抓好"])
def test_scan_examples(text):
    for pattern, starts in PAIRS.values():
        assert [m.span() for m in scan.finditer(pattern, starts, text)] == [m.span() for m in pattern.finditer(text)]


@settings(max_examples=150, deadline=None)
@given(text=texts)
def test_unify_width_as_translate_then_sub(text):
    plain = chars._HALF_PUNCT_RE.sub(lambda m: chars._HALF_TO_FULL[m.group()], text.translate(chars._WIDTH_TABLE))
    assert chars.unify_width(text) == plain


@settings(max_examples=150, deadline=None)
@given(original=st.text(alphabet="為線裡綫衞啓为线里abc", max_size=30), converted=st.text(alphabet="为线里abc", max_size=30))
def test_script_counts_as_the_character_loops(original, converted):
    hk = sum(1 for ch in original if ch in script._HK_MARKERS)
    tw = sum(1 for ch in original if ch in script._TW_MARKERS)
    assert script.choose_profile(original) == ("hk2s" if hk > tw else script.DEFAULT_PROFILE)
    changed = sum(1 for a, b in zip(original, converted) if a != b)
    assert sum(map(operator.ne, original, converted)) == changed


@st.composite
def edited(draw):
    """A text and a chain of two steps of random non-overlapping edits."""
    text = draw(st.text(alphabet="abcdef\n", min_size=0, max_size=40))
    chain = OffsetChain()
    for _ in range(2):
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
        edits = [Edit(a, b, draw(st.sampled_from(["", "x", "yz"]))) for a, b in zip(cuts[::2], cuts[1::2])]
        text, m = apply_edits(text, edits)
        chain.append(m)
    return chain, draw(st.lists(st.integers(-2, 50), max_size=20))


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(case=edited())
def test_forward_many_as_forward_one_by_one(case):
    chain, positions = case
    for after in (0, 1, 2):
        assert chain.forward_many(positions, after=after).tolist() == [chain.forward(p, after=after) for p in positions]
