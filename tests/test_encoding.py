"""Encodings: every common Chinese encoding is detected and reported; what
cannot be decoded is refused with a reason."""
import codecs

import pytest

from analyzer.encoding import DecodeError, decode

SIMPLIFIED = "同志们：\n今天召开巡察整改推进会，各单位要在6月底前完成整改任务，切实压实主体责任。\n"
TRADITIONAL = "同志們：\n今天召開巡察整改推進會，各單位要在6月底前完成整改任務，切實壓實主體責任。\n"


@pytest.mark.parametrize("text,raw,expected", [
    (SIMPLIFIED, SIMPLIFIED.encode("utf-8"), "utf-8"),
    (SIMPLIFIED, codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
    (SIMPLIFIED, SIMPLIFIED.encode("gb18030"), "gb18030"),
    (SIMPLIFIED, SIMPLIFIED.encode("gbk"), "gb18030"),
    (SIMPLIFIED, SIMPLIFIED.encode("gb2312"), "gb18030"),
    (TRADITIONAL, TRADITIONAL.encode("big5"), "big5"),
    (SIMPLIFIED, codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),
    (SIMPLIFIED, codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
    (SIMPLIFIED, SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),      # no BOM
    (SIMPLIFIED, SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),      # no BOM
    (SIMPLIFIED.replace("\n", ""), SIMPLIFIED.replace("\n", "").encode("utf-16-le"), "utf-16-le"),  # no BOM, no ASCII
    (TRADITIONAL, TRADITIONAL.encode("utf-8"), "utf-8"),
    ("", b"", "utf-8"),
])
def test_detects_encoding(text, raw, expected):
    decoded, name = decode(raw)
    assert name == expected
    assert decoded == text


@pytest.mark.parametrize("raw,reason", [
    (bytes(range(256)) * 40, "binary"),
    (b"\x00\x01\x02\x03\x04\x05" * 500, "binary"),
    (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "utf-8-sig"),
])
def test_refuses_undecodable(raw, reason):
    with pytest.raises(DecodeError) as exc:
        decode(raw)
    assert reason in str(exc.value)


def test_gbk_is_not_mistaken_for_big5():
    # GB18030 decodes nearly any bytes: the detector must score, not just try.
    raw = "区纪委监委要对移交的问题线索逐一核查，反馈后2个月内办结。".encode("gbk")
    assert decode(raw)[1] == "gb18030"


def test_big5_is_not_mistaken_for_gbk():
    raw = "區紀委監委要對移交的問題線索逐一核查，反饋後2個月內辦結。".encode("big5")
    text, name = decode(raw)
    assert name == "big5" and text.startswith("區紀委")
