"""The party data files load, and bad rows fail with a message naming file and line."""
from __future__ import annotations

import pytest

from analyzer.extract.parties import CONTEXT_KEYS, LEXICON_CLASSES, load_lexicon
from analyzer.resources import corpus_path, load_toml

GOOD_CONTEXT = corpus_path("parties", "context.toml")
GOOD_LEXICON = corpus_path("parties", "lexicon.tsv")


def test_shipped_data_loads():
    lex = load_lexicon()
    assert len(lex.words) > 500
    assert set(lex.ctx) == set(CONTEXT_KEYS)
    classes = set(lex.words.values())
    assert classes <= LEXICON_CLASSES | {"qbody"}
    for needed in ("纪委监委", "巡察办", "单位", "主要负责人", "我们", "各"):
        assert needed in lex.words


def test_resources_helpers():
    assert GOOD_LEXICON.is_file()
    data = load_toml("parties", "context.toml")
    assert "pivot" in data


def test_load_toml_reports_bad_file(tmp_path, monkeypatch):
    import analyzer.resources as res

    (tmp_path / "bad.toml").write_text("x = [\n", encoding="utf-8")
    monkeypatch.setattr(res, "corpus_path", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(ValueError, match=r"bad.toml: not valid TOML"):
        res.load_toml("bad.toml")


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("row,needle", [
    ("body 纪委", "expected 'class<TAB>word'"),  # space instead of tab
    ("body\t纪委\textra", "expected 'class<TAB>word'"),
    ("organ\t纪委", "unknown class 'organ'"),
    ("body\tABC", "must be Chinese characters only"),
    ("body\t纪 委", "must be Chinese characters only"),
])
def test_bad_lexicon_row(tmp_path, row, needle):
    p = _write(tmp_path, "lexicon.tsv", "# header\nbody\t党委\n" + row + "\n")
    with pytest.raises(ValueError) as exc:
        load_lexicon(p, GOOD_CONTEXT)
    msg = str(exc.value)
    assert needle in msg
    assert str(p) in msg and ":3:" in msg


def test_duplicate_lexicon_word(tmp_path):
    p = _write(tmp_path, "lexicon.tsv", "body\t党委\nrole\t书记\nmod\t党委\n")
    with pytest.raises(ValueError, match=r"lexicon.tsv:3: duplicate word '党委' \(first on line 1"):
        load_lexicon(p, GOOD_CONTEXT)


def test_empty_lexicon(tmp_path):
    p = _write(tmp_path, "lexicon.tsv", "# nothing\n")
    with pytest.raises(ValueError, match="empty"):
        load_lexicon(p, GOOD_CONTEXT)


def test_missing_files(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        load_lexicon(tmp_path / "nope.tsv", GOOD_CONTEXT)
    with pytest.raises(ValueError, match="cannot read"):
        load_lexicon(GOOD_LEXICON, tmp_path / "nope.toml")


def _context_without(key=None, **override):
    import tomllib

    data = tomllib.loads(GOOD_CONTEXT.read_text(encoding="utf-8"))
    if key:
        data.pop(key)
    data.update(override)
    lines = []
    for k, v in data.items():
        if isinstance(v, list):
            items = ", ".join(repr(x) if isinstance(x, str) else str(x) for x in v)
            lines.append(f"{k} = [{items}]")
        else:
            lines.append(f"{k} = {v!r}")
    return "\n".join(lines).replace("'", '"') + "\n"


def test_context_missing_key(tmp_path):
    p = _write(tmp_path, "context.toml", _context_without("pivot"))
    with pytest.raises(ValueError, match=r"context.toml: missing key 'pivot'"):
        load_lexicon(GOOD_LEXICON, p)


def test_context_unknown_key(tmp_path):
    p = _write(tmp_path, "context.toml", _context_without(bogus=["x"]))
    with pytest.raises(ValueError, match=r"unknown key\(s\) \['bogus'\]"):
        load_lexicon(GOOD_LEXICON, p)


def test_context_bad_item(tmp_path):
    p = _write(tmp_path, "context.toml", _context_without(pivot=["责成", ""]))
    with pytest.raises(ValueError, match=r"pivot\[1\]"):
        load_lexicon(GOOD_LEXICON, p)


def test_context_not_a_list(tmp_path):
    text = _context_without("opener") + 'opener = "同时"\n'
    p = _write(tmp_path, "context.toml", text)
    with pytest.raises(ValueError, match=r"key 'opener' must be a list"):
        load_lexicon(GOOD_LEXICON, p)


def test_context_bad_toml(tmp_path):
    p = _write(tmp_path, "context.toml", "pivot = [\n")
    with pytest.raises(ValueError, match=r"context.toml: invalid TOML"):
        load_lexicon(GOOD_LEXICON, p)


def test_custom_lexicon_is_used(tmp_path):
    from analyzer.extract.parties import find_parties

    text = GOOD_LEXICON.read_text(encoding="utf-8") + "body\t防汛指挥部\n"
    p = _write(tmp_path, "lexicon.tsv", text)
    lex = load_lexicon(p, GOOD_CONTEXT)
    got = [s.text for s in find_parties("，防汛指挥部要加强值守。", lex)]
    assert got == ["防汛指挥部"]
