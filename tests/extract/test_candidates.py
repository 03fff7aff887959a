"""The shared overlap resolution: longest, then priority, then earlier, then rule order."""
import pytest

from analyzer.extract.candidates import Candidate, resolve

R1, R2 = "rule-1", "rule-2"


def C(start, end, priority=50, order=0, rule=R1):
    return Candidate(start, end, priority, order, rule)


@pytest.mark.parametrize("cands, kept", [
    ([], []),
    ([C(0, 2), C(3, 5)], [(0, 2), (3, 5)]),                          # apart: both
    ([C(0, 2), C(1, 5)], [(1, 5)]),                                  # the longer wins
    ([C(0, 4, 40), C(1, 5, 60, rule=R2)], [(1, 5)]),                 # equal length: higher priority
    ([C(2, 6, order=1), C(0, 4, order=2)], [(0, 4)]),                # equal length and priority: earlier
    ([C(0, 4, order=2, rule=R2), C(0, 4, order=1)], [(0, 4)]),       # same span: earlier rule
    ([C(0, 3), C(2, 5), C(4, 7)], [(0, 3), (4, 7)]),                 # a chain: the ends survive
    ([C(0, 6, rule=None), C(1, 3)], [(0, 6)]),                       # a blocker hides what it covers
])
def test_resolve(cands, kept):
    assert [(c.start, c.end) for c in resolve(cands)] == kept


def test_same_span_keeps_the_earlier_rule():
    out = resolve([C(0, 4, order=2, rule=R2), C(0, 4, order=1, rule=R1)])
    assert [c.rule for c in out] == [R1]
