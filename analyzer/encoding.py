"""Decode the bytes of a text file, and say which encoding it was.

Chinese text comes as UTF-8 (with or without BOM), GB18030/GBK/GB2312, Big5,
UTF-16 or UTF-32 (with or without BOM); rarely as lines in UTF-8 and lines in
GB18030 or Big5 pasted together (reported as ``utf-8+gb18030``).  A UTF-8 file
whose last character is cut short is read, the cut character as U+FFFD.  GB18030 decodes almost any byte string, so a
wrong guess does not fail: it yields rare characters.  Each candidate decoding
is therefore scored by the share of its characters that are common Chinese
characters (corpora/lexicon/common_chars.txt), ASCII or punctuation, and the
best is kept; a file no candidate decodes plausibly is refused, never turned
into mojibake silently.  charset-normalizer is asked last, for files that are
not Chinese at all.
"""
from __future__ import annotations

import codecs
import functools

from .resources import load_lines


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can tell."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHINESE_CANDIDATES = ("gb18030", "big5", "big5hkscs")
_SAMPLE = 64 * 1024  # score a sample: enough to decide, cheap on big files
MIN_PLAUSIBLE = 0.85


@functools.cache
def _common_chars() -> frozenset[str]:
    return frozenset("".join(load_lines("lexicon", "common_chars.txt")))


def plausibility(text: str) -> float:
    """Share of characters that are common CJK, ASCII printable, whitespace or
    CJK punctuation.  Mojibake and wrong decodings score low."""
    if not text:
        return 1.0
    common = _common_chars()
    good = 0
    for ch in text:
        o = ord(ch)
        if ch in common or 0x20 <= o < 0x7F or ch in "\n\r\t" or 0x3000 <= o <= 0x303F \
                or 0xFF00 <= o <= 0xFFEF or 0x2010 <= o <= 0x206F:
            good += 1
    return good / len(text)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _sample(data: bytes, encoding: str) -> str | None:
    """Decode a prefix, forgiving only a character cut at the sample's end."""
    chunk = data[:_SAMPLE]
    dec = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        return dec.decode(chunk, final=len(chunk) == len(data))
    except UnicodeDecodeError:
        return None


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) or DecodeError with the reason."""
    if not data:
        return "", "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], name.replace("-sig", ""))
            if text is None:
                raise DecodeError(f"starts with a {name} byte-order mark but is not valid {name}")
            return text, name
    text = _utf8(data)
    if text is not None and "\x00" not in text:
        return text, "utf-8"

    scored: list[tuple[float, str]] = []
    if b"\x00" in data[:_SAMPLE] or len(data) % 2 == 0:
        # UTF-16 without a byte-order mark: ASCII and line breaks put NUL
        # bytes on one side; pure Chinese text has none, so score it anyway.
        # UTF-32 has two NUL bytes in every four.
        names = ("utf-16-le", "utf-16-be") + (("utf-32-le", "utf-32-be") if len(data) % 4 == 0 else ())
        for name in names:
            sample = _sample(data, name)
            if sample is not None:
                scored.append((plausibility(sample), name))
    if b"\x00" not in data[:_SAMPLE]:
        for name in _CHINESE_CANDIDATES:
            sample = _sample(data, name)
            if sample is not None:
                scored.append((plausibility(sample), name))
    # Best score first; on a tie the earlier candidate (big5 before big5hkscs).
    scored.sort(key=lambda sn: -sn[0])
    for score, name in scored:
        if score < MIN_PLAUSIBLE:
            break
        text = _strict(data, name)
        if text is not None:
            return text, name
    if b"\x00" not in data[:_SAMPLE] and not _looks_binary(data):
        mixed = _by_line(data)
        if mixed is not None:
            return mixed
    return _fallback(data, scored)


def _utf8(data: bytes) -> str | None:
    """UTF-8, forgiving only a last character cut short (a truncated file or
    download), which becomes U+FFFD (the normalizer reports it as damage)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.reason == "unexpected end of data" and len(data) - exc.start < 4:
            return data[:exc.start].decode("utf-8") + "\ufffd"
        return None


def _by_line(data: bytes) -> tuple[str, str] | None:
    """Files pasted together from different encodings (a UTF-8 part and a
    GB18030 part): each line in UTF-8 if it is, else in the Chinese encoding
    that reads it plausibly.  None unless every line is read plausibly."""
    lines = data.split(b"\n")
    out, used = [], set()
    for line in lines:
        text = _strict(line, "utf-8")
        if text is not None:
            out.append(text)
            used.add("utf-8")
            continue
        best = None
        for name in _CHINESE_CANDIDATES:
            text = _strict(line, name)
            if text is not None:
                score = plausibility(text[:4096])
                if score >= MIN_PLAUSIBLE and (best is None or score > best[0]):
                    best = (score, name, text)
        if best is None:
            return None
        out.append(best[2])
        used.add(best[1])
    if len(used) < 2:
        return None
    return "\n".join(out), "+".join(sorted(used, key=lambda n: (n != "utf-8", n)))


def _fallback(data: bytes, scored: list[tuple[float, str]]) -> tuple[str, str]:
    if _looks_binary(data):
        raise DecodeError("looks like a binary file, not text")
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[: 4 * _SAMPLE]).best()
    except Exception:  # the detector is a guest: its failure is our "unknown"
        best = None
    if best is not None and best.encoding:
        text = _strict(data, best.encoding)
        if text is not None and plausibility(text[:_SAMPLE]) >= MIN_PLAUSIBLE:
            return text, best.encoding
    tried = ", ".join(f"{n} {s:.0%}" for s, n in scored[:3]) or "utf-8, gb18030, big5"
    raise DecodeError(f"cannot tell its encoding (tried {tried}; none gives plausible Chinese text)")


def _looks_binary(data: bytes) -> bool:
    head = data[:_SAMPLE]
    if not head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05
