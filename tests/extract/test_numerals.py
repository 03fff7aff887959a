import pytest

from analyzer.extract.numerals import is_placeholder, parse_int, parse_number, parse_year


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0", 0), ("3", 3), ("12", 12), ("２０", 20), ("〇", 0), ("零", 0),
        ("一", 1), ("两", 2), ("二", 2), ("九", 9), ("十", 10), ("十二", 12),
        ("二十", 20), ("二十五", 25), ("三十一", 31), ("九十九", 99), ("百", 100),
        ("一百零五", 105), ("一百一十", 110), ("二百五", 250), ("一千零一", 1001),
        ("两千", 2000), ("一万二", 12000), ("一万零二", 10002), ("两万三千", 23000),
        ("二〇二四", 2024), ("二零二四", 2024), ("1万", 10000),
    ],
)
def test_parse_int(text, expected):
    assert parse_int(text) == expected


@pytest.mark.parametrize("text", ["", "x", "xx", "某", "几", "十百", "半", "abc", "三x"])
def test_parse_int_rejects(text):
    assert parse_int(text) is None


@pytest.mark.parametrize(
    "text, expected", [("半", 0.5), ("一半", 0.5), ("1.5", 1.5), ("2.0", 2), ("两", 2), ("x", None)]
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("2024", 2024), ("二〇二四", 2024), ("二零一八", 2018), ("24", 2024), ("十二", None), ("20xx", None)],
)
def test_parse_year(text, expected):
    assert parse_year(text) == expected


@pytest.mark.parametrize("text, expected", [("x", True), ("XX", True), ("**", True), ("某", True), ("×", True),
                                            ("", False), ("x1", False), ("五", False)])
def test_is_placeholder(text, expected):
    assert is_placeholder(text) is expected
