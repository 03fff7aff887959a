"""Bounded cost on a file with no line breaks: `analyzer analyze` on 5 MB and
50 MB of the bundled sample speech with its newlines removed, repeated.

    python benchmarks/long_line.py                 # 5 and 50 MB
    python benchmarks/long_line.py --sizes 1 10    # other sizes (MB)
    python benchmarks/long_line.py --profile 5     # cProfile of the analysis of 5 MB, top 25

For each size: wall seconds of the whole command (start-up included), MB/s,
and the peak memory (ru_maxrss) of the child; then the ratio of the times of
the largest to the smallest size against the ratio of their sizes (linear cost
means the two are about equal).  Measures this checkout: its folder goes first
on PYTHONPATH.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "analyzer" / "samples" / "speech_sample.txt"
MB = 1_000_000


def build(path: Path, size: int) -> None:
    unit = SAMPLE.read_text(encoding="utf-8").replace("\r", "").replace("\n", "").encode("utf-8")
    with open(path, "wb") as fh:
        written = 0
        while written < size:
            chunk = unit[: size - written]
            fh.write(chunk)
            written += len(chunk)
    # end on a whole character: cut back to the last UTF-8 lead byte if needed
    data = path.read_bytes()
    path.write_bytes(data[: len(data.decode("utf-8", "ignore").encode("utf-8"))])


def run(path: Path, extra: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of `analyzer analyze` on ``path``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-c",
           "import resource, sys\n"
           "from analyzer.cli import main\n"
           "try:\n    main()\n"
           "finally:\n"
           "    print('maxrss_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n",
           "analyze", "--max-bytes", str(path.stat().st_size + 1), *extra, "-o", os.devnull, "--force", str(path)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"analyze failed on {path}: {proc.stderr.strip()[-500:]}")
    kb = next(int(ln.split()[1]) for ln in proc.stderr.splitlines() if ln.startswith("maxrss_kb"))
    return wall, kb / 1024


def profile(path: Path) -> None:
    import cProfile
    import pstats

    sys.path.insert(0, str(ROOT))
    from analyzer.pipeline import Options, analyze
    from analyzer.readers import read_path

    item = next(iter(read_path(path, max_bytes=path.stat().st_size + 1)))
    analyze("要", Options())  # load the tokenizer and the rules outside the profile
    prof = cProfile.Profile()
    prof.enable()
    analyze(item, Options())
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[5, 50], help="sizes in MB (default: 5 50)")
    ap.add_argument("--no-tokens", action="store_true", help="analyze without word segmentation")
    ap.add_argument("--profile", type=float, metavar="MB", help="profile the analysis of one size instead")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.profile:
            path = Path(tmp) / "line.txt"
            build(path, int(args.profile * MB))
            profile(path)
            return
        extra = ["--no-tokens"] if args.no_tokens else []
        results = []
        for size in args.sizes:
            path = Path(tmp) / f"line-{size:g}MB.txt"
            build(path, int(size * MB))
            wall, rss = run(path, extra)
            mb = path.stat().st_size / MB
            results.append((mb, wall))
            print(f"{mb:7.1f} MB  {wall:8.1f} s  {mb / wall:6.2f} MB/s  peak RSS {rss:8.0f} MB", flush=True)
            path.unlink()
        if len(results) > 1:
            (m0, t0), (m1, t1) = results[0], results[-1]
            print(f"time ratio {t1 / t0:.1f} for a size ratio of {m1 / m0:.1f} (linear: about equal)")
    print(f"cpu: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime:.0f} s user in the children")


if __name__ == "__main__":
    main()
