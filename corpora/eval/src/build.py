"""Build ../clauses.jsonl from the hand-written batches and check every label.

    python3 corpora/eval/src/build.py

Checks here are about the writing (a span that is not in its clause, a relative
deadline left unresolved on a dated line ...); tests/corpora/test_eval_set.py checks the
published file.
"""
from __future__ import annotations

import glob
import importlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import opencc  # noqa: E402

import common  # noqa: E402

S2T = [opencc.OpenCC("s2twp.json"), opencc.OpenCC("s2tw.json"), opencc.OpenCC("s2t.json")]
TW2S = opencc.OpenCC("tw2s.json")
DELIMS = "。！？；!?;"


def to_traditional(text: str) -> str:
    """Prefer the Taiwan phrase profile; fall back to plain character conversion
    when the phrase profile would change the words (tw2s must give the text back)."""
    for cc in S2T:
        t = cc.convert(text)
        if TW2S.convert(t) == text and t != text:
            return t
    raise ValueError(f"no reversible traditional form: {text}")


def occurrences(hay: str, needle: str) -> int:
    n, i = 0, hay.find(needle)
    while i >= 0:
        n += 1
        i = hay.find(needle, i + 1)
    return n


def check(r: dict, simp: str) -> list[str]:
    errs = []
    body = simp[:-1] if simp[-1] in DELIMS else simp
    if any(c in DELIMS for c in body):
        errs.append("more than one clause")
    if r["trigger"] is not None and r["trigger"] not in simp:
        errs.append(f"trigger {r['trigger']} not in text")
    for p in r["parties"]:
        if p["text"] not in simp:
            errs.append(f"party {p['text']} not in text")
        if "（" in p["text"] or "）" in p["text"]:
            errs.append(f"full-width parenthesis in party {p['text']}")
    dated = "date" in r
    for t in r["time_limits"]:
        occ = t.get("occurrence", 0)
        if occurrences(simp, t["text"]) <= occ:
            errs.append(f"time limit {t['text']} (occurrence {occ}) not in text")
        v = t["value"]
        if t["type"] == "deadline" and dated and ("month" in v or "part" in v or "day" in v):
            errs.append(f"unresolved relative deadline on dated line: {t['text']}")
        if t["type"] == "date" and dated and v.get("date") is None and not v.get("placeholder"):
            errs.append(f"unresolved date on dated line: {t['text']}")
    return errs


def main() -> int:
    for path in sorted(glob.glob(os.path.join(HERE, "b[0-9][0-9]_*.py"))):
        importlib.import_module(os.path.basename(path)[:-3])
    out, errors, seen = [], [], set()
    for i, r in enumerate(common.RECORDS, 1):
        simp = r["text"]
        if simp in seen:
            errors.append(f"duplicate text: {simp}")
        seen.add(simp)
        for e in check(r, simp):
            errors.append(f"{r['_batch']}: {simp}: {e}")
        rec = {"id": f"ev-{i:04d}"}
        if r["_trad"]:
            rec["text"] = to_traditional(simp)
            rec["script"] = "traditional"
        else:
            rec["text"] = simp
        if "date" in r:
            rec["date"] = r["date"]
        for k in ("directive", "modality", "trigger", "parties", "time_limits", "problem",
                  "category"):
            rec[k] = r[k]
        rec["split"] = "dev" if i % 2 else "test"
        out.append(rec)
    if errors:
        print("\n".join(errors))
        return 1
    dest = os.path.join(os.path.dirname(HERE), "clauses.jsonl")
    with open(dest, "w", encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(out)} clauses to {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
