"""The public organization scanner: every organization or role name, wherever it stands."""
import pytest

from analyzer.extract.parties import find_organizations, find_parties, scan_tokens


@pytest.mark.parametrize("text, names", [
    ("区委组织部要会同各乡镇党委开展督查。", [("区委组织部", "body"), ("各乡镇党委", "body")]),
    ("向县纪委监委报告。", [("县纪委监委", "body")]),                      # after 向: not a party, still a name
    ("县财政局主要负责人要带头。", [("县财政局主要负责人", "role")]),
    ("今天天气很好。", []),
    ("", []),
])
def test_find_organizations(text, names):
    assert [(s.text, s.label) for s in find_organizations(text)] == names


def test_organizations_outside_a_party_position_are_found_too():
    text = "向县纪委监委报告。"
    assert find_parties(text) == [] and find_organizations(text)


def test_scan_tokens_covers_the_text():
    text = "督促区委组织部整改"
    toks = scan_tokens(text)
    assert "".join(t.text for t in toks) == text
    assert any(t.text == "组织部" or t.cls == "body" for t in toks)
