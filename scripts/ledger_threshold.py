"""How the near-duplicate threshold of the rectification list was chosen.

Prints, for the rows the seed documents give (../shared/seeds):
- the highest character-bigram Jaccard between rows of *different* documents
  (different tasks on the same themes: a threshold below these would merge
  tasks that are not the same) and between rows of one document;
- for each row, the Jaccard between it and a reworded copy of itself (place
  level 县→区/乡→镇, a month moved, ASCII commas, `进一步` inserted, one
  comma-phrase dropped: what a re-published or re-drafted copy looks like),
  and the share of copies each candidate threshold catches.

    python scripts/ledger_threshold.py [SEEDS_DIR]
"""
from __future__ import annotations

import random
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyzer.ledger.build import bigrams, jaccard, link_document  # noqa: E402
from analyzer.ledger.merging import _row_text  # noqa: E402
from analyzer.pipeline import Options, analyze  # noqa: E402
from analyzer.readers import read_path  # noqa: E402


def reword(text: str, rng: random.Random) -> str:
    text = text.replace("县", "区").replace("乡", "镇")
    text = re.sub(r"(\d+)月", lambda m: f"{int(m.group(1)) % 12 + 1}月", text)
    text = text.replace("，", ",").replace("要", "要进一步", 1)
    pieces = re.split("([，,、])", text)
    if len(pieces) > 6:
        k = rng.randrange(0, len(pieces) - 2, 2)
        del pieces[k:k + 2]
    return "".join(pieces)


def main(seeds: Path) -> None:
    rows = []
    for path in sorted(seeds.glob("*.txt")):
        for item in read_path(path):
            doc = analyze(item, Options(tokens=False))
            rows += [(doc.id, _row_text(r)) for r in link_document(doc)[0]]
    grams = [(doc, bigrams(t)) for doc, t in rows]
    cross, same = [], []
    for i in range(len(grams)):
        for j in range(i + 1, len(grams)):
            s = jaccard(grams[i][1], grams[j][1])
            (cross if grams[i][0] != grams[j][0] else same).append(s)
    rng = random.Random(1)
    copies = sorted(jaccard(bigrams(t), bigrams(reword(t, rng))) for _, t in rows if len(t) >= 20)
    print(f"rows {len(rows)}; pairs across documents {len(cross)}, within {len(same)}")
    print(f"highest Jaccard across documents {max(cross, default=0):.3f}, within one {max(same, default=0):.3f}")
    print(f"reworded copies: {len(copies)}, min {copies[0]:.3f}, 5th percentile {copies[len(copies) // 20]:.3f}, "
          f"median {statistics.median(copies):.3f}")
    for t in (0.4, 0.45, 0.5, 0.55, 0.6):
        caught = sum(v >= t for v in copies) / len(copies)
        print(f"threshold {t:.2f}: copies caught {caught:.1%}, pairs of different documents merged "
              f"{sum(s >= t for s in cross)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "seeds")
