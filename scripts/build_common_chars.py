"""Rebuild corpora/lexicon/common_chars.txt: the 4,500 most frequent Chinese
characters of jieba's dictionary and their Traditional forms (OpenCC s2t,
s2tw, s2hk).  The encoding detector scores candidate decodings by how many of
their characters are common ones, so GB18030, Big5 and UTF-16 are told apart
on real text rather than guessed.

    python scripts/build_common_chars.py
"""
import collections
import os
from pathlib import Path

import jieba
import opencc

OUT = Path(__file__).resolve().parents[1] / "corpora" / "lexicon" / "common_chars.txt"


def main() -> None:
    freq: collections.Counter = collections.Counter()
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word, count, *_ = line.split()
            for ch in word:
                freq[ch] += int(count)
    top = [c for c, _ in freq.most_common(4500) if "\u4e00" <= c <= "\u9fff"]
    converters = [opencc.OpenCC(f"{p}.json") for p in ("s2t", "s2tw", "s2hk")]
    chars = set(top)
    for c in top:
        for cv in converters:
            chars.update(cv.convert(c))
    ordered = sorted(chars)
    lines = ["# Common Chinese characters, simplified and traditional: built by",
             "# scripts/build_common_chars.py from jieba's dictionary and OpenCC. Do not edit."]
    lines += ["".join(ordered[i:i + 80]) for i in range(0, len(ordered), 80)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(ordered)} characters")


if __name__ == "__main__":
    main()
