"""Show that ``analyzer issues`` writes the same lists byte for byte before
and after a change (the ledger split kept every export unchanged).

    python scripts/compare_issues.py snapshot DIR   # every format, zh and en, into DIR
    python scripts/compare_issues.py diff BEFORE AFTER

``snapshot`` lists the bundled sample, each seed speech (``../shared/seeds``
beside the project, when present) and all the seeds together, in every export
format and both languages, with the analyzer this interpreter imports; take
one before the change (outside the repository) and one after.  ``diff``
compares the two folders: text formats byte for byte, .xlsx and .docx member
by member (their zip headers carry the time of writing, and so does the
workbook's ``docProps/core.xml``: its created/modified stamps are left out).  Exit code 1 when
anything differs.
"""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
FORMATS = (".json", ".md", ".csv", ".xlsx", ".docx")
REF_DATE = "2024-03-15"


def _inputs() -> dict[str, list[str]]:
    runs = {"sample": ["--sample"]}
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    for p in seeds:
        runs[p.stem] = [str(p)]
    if seeds:
        runs["all-seeds"] = [str(p) for p in seeds]
    return runs


def snapshot(out: Path) -> None:
    """Write every run's list in every format and language into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for name, args in _inputs().items():
        for lang in ("zh", "en"):
            for fmt in FORMATS:
                target = out / f"{name}.{lang}{fmt}"
                subprocess.run([sys.executable, "-m", "analyzer", "issues", *args, "--lang", lang,
                                "--ref-date", REF_DATE, "-o", str(target), "--force"],
                               check=True, capture_output=True)
            stdout = subprocess.run([sys.executable, "-m", "analyzer", "issues", *args, "--lang", lang,
                                     "--ref-date", REF_DATE], check=True, capture_output=True).stdout
            (out / f"{name}.{lang}.stdout.md").write_bytes(stdout)
    print(f"{out}: {len(list(out.iterdir()))} files")


_STAMPS = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: _STAMPS.sub(b"", z.read(i)) for i in z.infolist()}


def diff(before: Path, after: Path) -> int:
    """Compare two snapshots; print what differs; 0 when nothing does."""
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    bad = 0
    for name in names:
        a, b = before / name, after / name
        if not (a.exists() and b.exists()):
            print(f"{name}: only in {'before' if a.exists() else 'after'}")
            bad += 1
            continue
        if a.suffix in (".xlsx", ".docx"):
            ma, mb = _members(a), _members(b)
            changed = [m for m in sorted(set(ma) | set(mb)) if ma.get(m) != mb.get(m)]
            if changed:
                print(f"{name}: members differ: {', '.join(changed)}")
                bad += 1
        elif a.read_bytes() != b.read_bytes():
            print(f"{name}: differs")
            bad += 1
    print(f"{len(names)} files compared, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "snapshot":
        snapshot(Path(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "diff":
        sys.exit(diff(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
