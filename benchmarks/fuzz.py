"""Fuzz the readers and the analysis with atheris (coverage-guided, libFuzzer).

    python benchmarks/fuzz.py readers --runs 100000
    python benchmarks/fuzz.py analyze --runs 10000
    python benchmarks/fuzz.py analyze --seconds 600 --crash-dir crashes/

``readers``: bytes -> ``texts_from_bytes`` as a .txt, .html, .docx (the bytes
as a Word file, or as the XML of a Word file's document.xml) or .jsonl file,
and ``decode`` / ``html_text`` alone.  The documented input error
(``InputError``) is an answer, not a crash; any other exception is a crash.

``analyze``: a text built from fuzz bytes and pieces that matter to the rules
(outline markers, triggers, deadlines, greetings, quotes, lone surrogates …)
-> ``analyze`` with and without segmentation, the document's JSON written as
UTF-8, and its rectification list (``build_ledger``).  Any exception is a
crash.

Unlike a plain libFuzzer run, a crash does not stop the run: each distinct
crash (exception type and the line that raised it) is counted, its first input
saved in ``--crash-dir``, and the run goes on.  The run ends with one line:
inputs tried, crashes, distinct crashes.  Measures this checkout.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PIECES = ["一、", "二、", "三、", "（一）", "（二）", "(三)", "1.", "2、", "（3）", "一是", "二要", "第一，", "第二，",
          "要", "必须", "严禁", "不得", "确保", "坚决", "要求", "重要", "谁", "就要", "吗？", "希望", "强调，",
          "年底前", "6月底前", "3月15日前", "每月", "至少2次", "立行立改", "常态化", "反馈后1个月内", "2024年5月",
          "同志们：", "同志们，", "今天，我们召开", "会议。", "我就讲这些，谢谢大家。", "市委", "区纪委监委", "牵头",
          "配合", "负责人", "各单位", "问题", "形式主义", "不到位", "整改", "“", "”", "。", "，", "；", "！", "？",
          "\n", "\n\n", " ", "\u3000", "……", "…", "\ufffd", "??", "\ud800", "\udcff", "\u200b", "\u202e", "\u0301",
          "\x00", "\r\n", "<p>", "&nbsp;", "目录", "返回顶部", "责任编辑：", "來源：", "臺灣", "幹部", "（", "）", "x"]


def _docx_with(xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml",
                    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'content-types"><Default Extension="xml" ContentType="application/xml"/>'
                    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                    'relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        zf.writestr("_rels/.rels",
                    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                    '</Relationships>')
        zf.writestr("word/document.xml", xml)
    return buf.getvalue()


_W = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'


def target_readers(data: bytes) -> None:
    from analyzer.encoding import DecodeError, decode
    from analyzer.readers import InputError, html_text, texts_from_bytes

    if not data:
        return
    kind, body = data[0] % 6, data[1:]
    if kind == 0:
        try:
            decode(body)
        except DecodeError:
            pass
        return
    if kind == 1:
        html_text(body.decode("utf-8", "replace"))
        return
    if kind == 2:
        body = _docx_with(_W + body + b"</w:body></w:document>")
    suffix = {2: ".docx", 3: ".docx", 4: ".html", 5: [".txt", ".jsonl"][len(body) % 2]}[kind]
    try:
        for item in texts_from_bytes(body, "fuzz" + suffix):
            if not isinstance(item, InputError):
                json.dumps([item.id, item.text, item.date, item.hints], ensure_ascii=False).encode("utf-8")
    except InputError:
        pass


def _text_from(data: bytes) -> str:
    out = []
    i = 0
    while i < len(data):
        b = data[i]
        if b < 160:
            out.append(PIECES[b % len(PIECES)])
            i += 1
        else:  # a run of raw characters: two bytes each
            n = min(b - 159, (len(data) - i - 1) // 2)
            for k in range(n):
                cp = int.from_bytes(data[i + 1 + 2 * k:i + 3 + 2 * k], "little")
                out.append(chr(cp if cp < 0x80 or cp >= 0x2000 else cp + 0x4E00 - 0x80))
            i += 1 + 2 * n
    return "".join(out)


def target_analyze(data: bytes) -> None:
    from analyzer.ledger.build import build_ledger
    from analyzer.pipeline import Options, analyze
    from analyzer.readers import InputText

    if not data:
        return
    text = _text_from(data[1:])
    item = InputText("fuzz", text, "fuzz", "txt", None, ["2024-03-15", None, "2024-02-30"][data[0] % 3])
    doc = analyze(item, Options(tokens=bool(data[0] & 8)))
    json.dumps(doc.to_dict(tokens=True, original=True), ensure_ascii=False).encode("utf-8")
    for d in doc.directives:
        doc.to_original(d.start, d.end)
    build_ledger([doc]).to_dict()


TARGETS = {"readers": target_readers, "analyze": target_analyze}


def seeds(target: str) -> list[bytes]:
    """Valid inputs the mutations start from (libFuzzer's initial corpus)."""
    speech = (ROOT / "analyzer" / "samples" / "speech_sample.txt").read_text(encoding="utf-8")[:1500]
    if target == "analyze":
        return [b"\x08" + bytes(i % 160 for i in range(0, 320, 3)), b"\x00" + bytes(range(60)),
                b"\x09" + "".join(chr(0xA0 + len(line) % 40) for line in speech.splitlines()).encode("latin-1")]
    record = json.dumps({"id": "a", "text": speech[:300], "date": "2024-03-15"}, ensure_ascii=False)
    return [b"\x00" + speech.encode("gb18030"), b"\x00" + speech.encode("big5", "replace"),
            b"\x00" + speech.encode("utf-16"), b"\x05" + speech.encode("utf-8"),
            b"\x01" + f"<html><head><title>t</title><style>x</style></head><body><p>{speech[:400]}</p>"
                      f"<table><tr><td>a</td></tr></table></body></html>".encode("utf-8"),
            b"\x02" + f"<w:p><w:r><w:t>{speech[:200]}</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x"
                      f"</w:t></w:r></w:p></w:tc></w:tr></w:tbl>".encode("utf-8"),
            b"\x03" + _docx_with(_W + f"<w:p><w:r><w:t>{speech[:200]}</w:t></w:r></w:p>".encode() + b"</w:body></w:document>"),
            b"\x05" + (record + "\n" + record + "\n{bad\n").encode("utf-8"),
            b"\x04" + "<meta charset=gbk><p>各单位要整改。</p>".encode("gb18030")]


def child(args) -> None:
    """Runs under atheris; writes its counts to args.stats now and then."""
    import atheris

    sys.path.insert(0, str(ROOT))
    with atheris.instrument_imports(include=["analyzer"]):
        import analyzer.encoding  # noqa: F401
        import analyzer.ledger.build  # noqa: F401
        import analyzer.pipeline  # noqa: F401
        import analyzer.readers  # noqa: F401
        from analyzer.extract import directives, parties, summary, time  # noqa: F401
        from analyzer.classify import apply  # noqa: F401
    target = TARGETS[args.target]
    target(b"\x00" + "同志们：\n一、要在年底前完成。".encode())  # load everything before counting
    crash_dir = Path(args.crash_dir)
    crash_dir.mkdir(parents=True, exist_ok=True)
    stats = {"target": args.target, "inputs": 0, "crashes": 0, "distinct": {}, "seconds": 0.0}
    start = time.monotonic()

    def save() -> None:
        stats["seconds"] = round(time.monotonic() - start, 1)
        Path(args.stats).write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")

    def one(data: bytes) -> None:
        stats["inputs"] += 1
        try:
            target(data)
        except Exception as exc:
            stats["crashes"] += 1
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            key = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
            if key not in stats["distinct"]:
                path = crash_dir / f"crash-{len(stats['distinct']) + 1}.bin"
                path.write_bytes(data)
                stats["distinct"][key] = {"count": 0, "input": str(path), "message": str(exc)[:200]}
            stats["distinct"][key]["count"] += 1
        if stats["inputs"] % 200 == 0 or stats["inputs"] == args.runs:
            save()  # libFuzzer ends the process with exit(): no Python clean-up runs after the last input

    flags = [sys.argv[0], f"-max_len={args.max_len}", "-len_control=0", "-rss_limit_mb=4096",
             f"-timeout={args.timeout}"]
    if args.runs:
        flags.append(f"-runs={args.runs}")
    if args.seconds:
        flags.append(f"-max_total_time={args.seconds}")
    corpus = crash_dir / "corpus"   # the seeds, and what libFuzzer adds to them
    corpus.mkdir(exist_ok=True)
    for i, data in enumerate(seeds(args.target)):
        (corpus / f"seed-{i}").write_bytes(data)
    flags.append(str(corpus))
    atheris.Setup(flags, one)
    try:
        atheris.Fuzz()
    finally:
        save()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("target", choices=sorted(TARGETS))
    ap.add_argument("--runs", type=int, default=0, help="inputs to try (0: until --seconds)")
    ap.add_argument("--seconds", type=int, default=0, help="stop after this long")
    ap.add_argument("--max-len", type=int, default=4096, help="longest input in bytes (default 4096)")
    ap.add_argument("--timeout", type=int, default=60, help="seconds one input may take (a hang is a crash)")
    ap.add_argument("--crash-dir", default=None, help="where the first input of each crash goes (default: a temp folder)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--stats", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.runs and not args.seconds:
        ap.error("give --runs or --seconds")
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        args.crash_dir = args.crash_dir or os.path.join(tmp, "crashes")
        stats_path = os.path.join(tmp, "stats.json")
        cmd = [sys.executable, __file__, args.target, "--child", "--stats", stats_path, "--runs", str(args.runs),
               "--seconds", str(args.seconds), "--max-len", str(args.max_len), "--timeout", str(args.timeout),
               "--crash-dir", args.crash_dir]
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        with open(os.path.join(tmp, "libfuzzer.log"), "wb") as log:
            proc = subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        log_tail = Path(tmp, "libfuzzer.log").read_text(errors="replace").strip().splitlines()[-5:]
        stats = json.loads(Path(stats_path).read_text(encoding="utf-8")) if os.path.exists(stats_path) else {}
        print(f"{args.target}: {stats.get('inputs', 0):,} inputs in {stats.get('seconds', 0):.0f} s, "
              f"{stats.get('crashes', 0)} crashes, {len(stats.get('distinct', {}))} distinct")
        for key, d in stats.get("distinct", {}).items():
            print(f"  {key} x{d['count']}: {d['message']}  (input: {d['input']})")
        if proc.returncode != 0:
            # libFuzzer itself stopped: a timeout, out of memory, or a crash below Python
            print(f"libFuzzer stopped with exit code {proc.returncode}:", *log_tail, sep="\n  ")
        if stats.get("distinct") or proc.returncode != 0:
            sys.exit(1)


if __name__ == "__main__":
    main()
