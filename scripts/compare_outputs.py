"""Snapshot the analyzer's observable output, or compare it with a snapshot.

    python scripts/compare_outputs.py OUT_DIR                 # write a snapshot
    python scripts/compare_outputs.py OUT_DIR --against OLD   # write, then compare
    python scripts/compare_outputs.py OUT_DIR --time 3        # also time the seeds

A snapshot is the `analyzer analyze` JSON of every seed (../shared/seeds from
the project root, when present) and of the bundled sample, and the
`analyzer eval --json` figures.  Refactors that must not change behavior are
checked with it: the two folders must be byte-identical.  Keep snapshots
outside the repository.  Exit 1 when --against finds a difference.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def _analyzer(*args: str) -> bytes:
    """stdout of `analyzer ARGS` run from the project root (fails loudly)."""
    proc = subprocess.run([sys.executable, "-m", "analyzer", *args], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        sys.exit(f"analyzer {' '.join(args)} failed ({proc.returncode}): "
                 f"{proc.stderr.decode(errors='replace').strip()[-500:]}")
    return proc.stdout


def seed_files() -> list[Path]:
    """The seed documents, sorted (none when ../shared/seeds is absent)."""
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def snapshot(out: Path) -> list[str]:
    """Write every output into ``out``; return the names written."""
    out.mkdir(parents=True, exist_ok=True)
    jobs = {f"seed_{p.stem}.json": ("analyze", str(p)) for p in seed_files()}
    jobs["sample.json"] = ("analyze", "--sample")
    jobs["sample_no_tokens.json"] = ("analyze", "--sample", "--no-tokens", "--original")
    eval_args = ("eval", "--json") + (("--seeds", str(SEEDS)) if SEEDS.is_dir() else ())
    jobs["eval.json"] = eval_args
    for name, args in jobs.items():
        (out / name).write_bytes(_analyzer(*args))
    return sorted(jobs)


def compare(new: Path, old: Path) -> list[str]:
    """Names that differ between two snapshot folders (missing counts)."""
    names = sorted({p.name for p in new.iterdir()} | {p.name for p in old.iterdir()})
    diffs = []
    for name in names:
        a, b = new / name, old / name
        if not a.exists() or not b.exists():
            diffs.append(f"{name}: only in {'new' if a.exists() else 'old'}")
        elif a.read_bytes() != b.read_bytes():
            diffs.append(f"{name}: differs")
    return diffs


def time_seeds(repeat: int) -> float:
    """Best wall time of `analyzer analyze` over all seeds, in seconds."""
    files = [str(p) for p in seed_files()]
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        _analyzer("analyze", *files)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="folder to write the snapshot into")
    ap.add_argument("--against", type=Path, help="an earlier snapshot to compare with")
    ap.add_argument("--time", type=int, default=0, metavar="N",
                    help="also time `analyzer analyze` on the seeds, best of N")
    args = ap.parse_args()
    names = snapshot(args.out)
    print(f"wrote {len(names)} outputs to {args.out} ({len(seed_files())} seeds)")
    if args.time:
        print(f"analyze seeds: best of {args.time}: {time_seeds(args.time):.2f} s")
    if args.against:
        diffs = compare(args.out, args.against)
        for line in diffs:
            print(line)
        print("identical" if not diffs else f"{len(diffs)} outputs differ")
        return 1 if diffs else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
