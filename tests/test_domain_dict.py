"""The jieba domain dictionary: well formed, large enough, every word one token."""
from __future__ import annotations

import pytest

from analyzer.resources import DataError
from analyzer.tokenizer import get_tokenizer, read_domain_dict

ROWS = read_domain_dict()
WORDS = [w for w, _, _ in ROWS]


def test_dictionary_size_and_tags():
    assert len(ROWS) >= 400
    tags = {t for _, _, t in ROWS}
    assert {"nt", "n", "i", "l", "v"} <= tags


@pytest.mark.parametrize("word", [
    "纪委监委", "巡察办", "巡察组", "督查室", "组织部", "党工委", "机关工委", "一岗双责", "两个维护",
    "四个意识", "两个确立", "三会一课", "回头看", "立行立改", "即知即改", "事不过夜", "举一反三",
    "标本兼治", "八项规定", "四风", "形式主义", "官僚主义", "为官不为", "微腐败", "小官巨腐",
    "四种形态", "党纪政务处分", "约谈提醒", "诫勉谈话", "整改台账", "销号管理", "挂牌督办",
    "长效机制", "主体责任", "监督责任", "第一责任人", "直接责任人",
])
def test_required_terms_present(word):
    assert word in WORDS


@pytest.mark.slow
def test_every_word_is_one_token():
    tok = get_tokenizer()
    bad = [w for w in WORDS if tok.cut(w, hmm=False) != [w] or tok.cut(w) != [w]]
    assert bad == []


@pytest.mark.slow
def test_words_stay_whole_in_context():
    tok = get_tokenizer()
    words = tok.cut("区纪委监委要对巡察办移交的问题线索挂牌督办，做到立行立改。")
    for w in ("纪委监委", "巡察办", "问题线索", "挂牌督办", "立行立改"):
        assert any(w in x for x in words), (w, words)


def test_shared_tokenizer_is_shared():
    assert get_tokenizer() is get_tokenizer()


def test_tokens_concatenate_back_to_the_text():
    text = "一、提高站位\n区纪委监委要立行立改。\n\n"
    assert "".join(get_tokenizer().cut(text)) == text


@pytest.mark.parametrize("line,needle", [
    ("纪委监委 3000", "expected 'word freq tag'"),
    ("纪委监委 abc nt", "expected 'word freq tag'"),
    ("纪委监委 3000 zz", "unknown jieba tag 'zz'"),
    ("纪委监委 0 nt", "frequency must be positive"),
])
def test_bad_dictionary_rows(tmp_path, line, needle):
    p = tmp_path / "d.txt"
    p.write_text("# c\n巡察办 100 nt\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError) as exc:
        read_domain_dict(p)
    assert needle in str(exc.value) and ":3:" in str(exc.value)


def test_duplicate_dictionary_word(tmp_path):
    p = tmp_path / "d.txt"
    p.write_text("巡察办 100 nt\n巡察办 200 nt\n", encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate word '巡察办'"):
        read_domain_dict(p)
