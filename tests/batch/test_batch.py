"""`analyzer batch`: finding documents, reading corpora, the output file and
resuming, chunking, failures, ordered output, and a run killed and resumed."""
import io
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.batch import runner, sources, worker
from analyzer.batch.progress import Progress, Summary
from analyzer.batch import chunking
from analyzer.batch.runner import BatchOptions, chunks, run_batch, tapered_chunks
from analyzer.batch.sink import ErrorFile, ResultFile, key_digest
from analyzer.batch.sources import Failure, Task
from analyzer.cli import main
from analyzer.output import OutputError
from analyzer.pipeline import Options
from project_root import ROOT

SAMPLE = (ROOT / "analyzer" / "samples" / "speech_sample.txt").read_text(encoding="utf-8")
TEXTS = ["同志们：各单位要在6月底前完成整改。", "严禁弄虚作假；要每月通报一次。", "这是重要举措。",
         "区纪委监委要加强监督检查。", "要压实主体责任，不得敷衍塞责。"]
FORK = multiprocessing.get_start_method() == "fork"


def make_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def rel_paths(root: Path, paths) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


# --- finding documents ------------------------------------------------------

@pytest.mark.parametrize("rel,globs,expected", [
    ("a.txt", sources.DEFAULT_GLOBS, True),
    ("sub/deep/a.TXT", sources.DEFAULT_GLOBS, True),
    ("a.htm", sources.DEFAULT_GLOBS, True),
    ("a.docx", sources.DEFAULT_GLOBS, True),
    ("c.jsonl", sources.DEFAULT_GLOBS, True),
    ("a.pdf", sources.DEFAULT_GLOBS, True),
    ("scan.TIF", sources.DEFAULT_GLOBS, True),
    ("a.md", sources.DEFAULT_GLOBS, True),
    ("a.exe", sources.DEFAULT_GLOBS, False),
    ("2023/a.txt", ("2023/*",), True),
    ("2024/a.txt", ("2023/*",), False),
    ("x/2023/a.txt", ("*2023/*.txt",), True),
    ("notes.md", ("*.md", "*.txt"), True),
    ("speech_01.txt", ("speech_*",), True),
])
def test_glob_matches_name_or_path(rel, globs, expected):
    assert sources.matches(rel, globs) is expected


TREE = {"b.txt": "要抓好整改。", "a.html": "<p>要抓好整改。</p>", "sub/c.txt": "要抓好。", "sub/deep/d.jsonl": "",
        "sub/e.pdf": "x", ".git/f.txt": "x", "sub/.g.txt": "x", "z.docx": b"PK"}


@pytest.mark.parametrize("globs,expected", [
    (sources.DEFAULT_GLOBS, ["a.html", "b.txt", "z.docx", "sub/c.txt", "sub/e.pdf", "sub/deep/d.jsonl"]),
    (("*.txt",), ["b.txt", "sub/c.txt"]),
    (("sub/*",), ["sub/c.txt", "sub/e.pdf", "sub/deep/d.jsonl"]),
    (("*.none",), []),
])
def test_folder_walk_is_recursive_sorted_and_skips_hidden(tmp_path, globs, expected):
    make_tree(tmp_path, TREE)
    assert rel_paths(tmp_path, sources.walk(str(tmp_path), globs)) == expected


def test_stdin_is_a_list_of_paths_files_or_folders(tmp_path):
    make_tree(tmp_path, TREE)
    listing = f"{tmp_path / 'b.txt'}\n\n{tmp_path / 'sub'}\r\n{tmp_path / 'missing.txt'}\n-\n"
    found = list(sources.expand(["-"], stdin=io.StringIO(listing)))
    names = [rel_paths(tmp_path, [p])[0] if isinstance(p, str) else (p.path, p.reason) for p in found]
    assert names == ["b.txt", "sub/c.txt", "sub/e.pdf", "sub/deep/d.jsonl",
                     (str(tmp_path / "missing.txt"), "no such file or folder"),
                     ("-", "a path list on standard input cannot name standard input")]


def test_survey_counts_without_reading(tmp_path):
    make_tree(tmp_path, {"a.txt": "12345", "s/b.txt": "123"})
    assert sources.survey([str(tmp_path)]) == (2, 8)
    make_tree(tmp_path, {"c.jsonl": "{}\n"})
    assert sources.survey([str(tmp_path)]) == (None, 11)   # records of a corpus are not counted ahead
    assert sources.survey(["-"]) == (None, None)


# --- JSON Lines corpora -----------------------------------------------------

def rec(**kw) -> str:
    return json.dumps(kw, ensure_ascii=False)


@pytest.mark.parametrize("content,expected", [
    (rec(id="a", text="要抓好。") + "\n" + rec(id=7, text="不得拖延。", date="2024-03-01") + "\n",
     [("a", 1, None), ("7", 2, "2024-03-01")]),
    ("\ufeff" + rec(id="a", text="要。") + "\n\n" + rec(text="不得。"), [("a", 1, None), ("c.jsonl:3", 3, None)]),
    ("not json\n" + rec(id="b", text="要。"), [("fail", 1, "not valid JSON (Expecting value)"), ("b", 2, None)]),
    (rec(id="a") + "\n", [("fail", 1, 'a record must be an object with a string "text"')]),
    (rec(id="a", text="x" * 80) + "\n" + rec(id="b", text="要。"),
     [("fail", 1, "record is 104 bytes, above the limit of 64 (raise it with --max-bytes)"), ("b", 2, None)]),
])
def test_jsonl_corpus_is_read_record_by_record(tmp_path, content, expected):
    p = tmp_path / "c.jsonl"
    p.write_bytes(content.encode("utf-8"))
    got = []
    for t in sources.jsonl_tasks(str(p), max_bytes=64):
        if isinstance(t, Failure):
            got.append(("fail", t.line, t.reason))
        else:
            assert t.where == f"{p}#{t.item.id}" and len(t.sha256) == 64 and t.item.source == f"{p}:{t.line}"
            got.append((t.item.id, t.line, t.item.date))
    assert got == expected


def test_jsonl_corpus_in_utf16_is_read_whole(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_bytes(b"\xff\xfe" + (rec(id="a", text="要抓好。") + "\n" + rec(id="b", text="不得。")).encode("utf-16-le"))
    assert [(t.item.id, t.line) for t in sources.jsonl_tasks(str(p))] == [("a", 1), ("b", 2)]


def test_key_is_content_and_place(tmp_path):
    make_tree(tmp_path, {"a.txt": "要抓好。", "b.txt": "要抓好。"})
    (a,), (b,) = sources.file_tasks(str(tmp_path / "a.txt")), sources.file_tasks(str(tmp_path / "b.txt"))
    assert a.sha256 == b.sha256 and a.where != b.where
    assert key_digest(a.where, a.sha256) != key_digest(b.where, b.sha256)
    assert key_digest(a.where, a.sha256) == key_digest(str(tmp_path / "a.txt"), a.sha256)


@pytest.mark.parametrize("sizes,max_docs,max_bytes,expected", [
    ([10, 10, 10], 2, 1000, [2, 1]),
    ([10, 10, 10], 32, 15, [2, 1]),
    ([100, 1, 1], 32, 50, [1, 2]),
    ([], 4, 100, []),
])
def test_chunks_by_count_and_bytes(sizes, max_docs, max_bytes, expected):
    tasks = [Task("p", None, f"w{i}", "s", n) for i, n in enumerate(sizes)]
    assert [len(c) for c in chunks(tasks, max_docs, max_bytes)] == expected


@pytest.mark.parametrize("sizes,parts,max_docs,max_bytes,min_bytes,expected", [
    # full chunks until the end is read (500 bytes ahead); then each takes
    # a quarter (2 parts) of what is left, closing once it reaches that
    ([10] * 100, 2, 99, 100, 10, [10] * 7 + [8, 6, 4, 3, 3, 2, 1, 1, 1, 1]),
    # min_bytes bounds the taper from below
    ([10] * 100, 2, 99, 100, 30, [10] * 7 + [8, 6, 4, 3, 3, 3, 3]),
    # one part: chunks of half of what is left
    ([10] * 20, 1, 99, 100, 10, [10, 5, 3, 1, 1]),
    # max_docs still holds
    ([10] * 20, 2, 3, 100, 10, [3, 3, 3, 3, 2, 2, 1, 1, 1, 1]),
    # a document bigger than any chunk is a chunk of its own
    ([500, 10, 10], 2, 99, 100, 10, [1, 1, 1]),
    ([], 2, 4, 100, 10, []),
])
def test_tapered_chunks(sizes, parts, max_docs, max_bytes, min_bytes, expected):
    tasks = [Task("p", None, f"w{i}", "s", n) for i, n in enumerate(sizes)]
    got = list(tapered_chunks(tasks, max_docs, max_bytes, parts=lambda: parts, min_bytes=min_bytes))
    assert [len(c) for c in got] == expected
    assert [t for c in got for t in c] == tasks  # every task once, in order


def test_tapered_chunks_read_ahead_is_bounded(monkeypatch):
    """The lookahead stops at TAPER_AHEAD plus a chunk, however many workers:
    a remote cluster whose client ships the bytes holds no more than that."""
    monkeypatch.setattr(chunking, "TAPER_AHEAD", 50)
    pulled = []

    def tasks():
        for i in range(1000):
            pulled.append(i)
            yield Task("p", None, f"w{i}", "s", 10)

    first = next(tapered_chunks(tasks(), 99, 100, parts=lambda: 1000, min_bytes=10))
    assert len(first) == 10 and len(pulled) == 15


# --- the output file: refusing, resuming ------------------------------------

def out_line(i: int, tail: str = "") -> str:
    return json.dumps({"id": f"d{i}", "text": "…", "key": {"input": f"/c/{i}.txt", "sha256": "ab" * 32}}) + tail


@pytest.mark.parametrize("content,done,kept,dropped", [
    ("", 0, "", 0),
    (out_line(1, "\n") + out_line(2, "\n"), 2, out_line(1, "\n") + out_line(2, "\n"), 0),
    (out_line(1, "\n") + out_line(2)[:30], 1, out_line(1, "\n"), 30),        # killed mid-line
    (out_line(1, "\n") + out_line(2), 1, out_line(1, "\n"), len(out_line(2))),  # killed before its newline
    (out_line(1, "\n") + "\n", 1, out_line(1, "\n") + "\n", 0),
])
def test_resume_keeps_complete_lines_and_cuts_a_partial_last_one(tmp_path, content, done, kept, dropped):
    p = tmp_path / "out.jsonl"
    p.write_text(content, encoding="utf-8")
    f = ResultFile(p, resume=True)
    f.close()
    assert (len(f.done), f.existing, f.dropped_partial) == (done, done, dropped)
    assert p.read_text(encoding="utf-8") == kept
    if done:
        assert key_digest("/c/1.txt", "ab" * 32) in f.done


def test_resume_refuses_a_file_it_did_not_write(tmp_path):
    p = tmp_path / "out.jsonl"
    p.write_text('{"id": "mine"}\n' + out_line(1, "\n"), encoding="utf-8")
    with pytest.raises(OutputError, match=r"out.jsonl:1: not a record written by `analyzer batch`"):
        ResultFile(p, resume=True)
    assert p.read_text(encoding="utf-8").startswith('{"id": "mine"}')


@pytest.mark.parametrize("resume,force,error", [
    (False, False, "already exists (use --force to overwrite it)"),
    (True, True, "contradict"),
])
def test_existing_output_is_refused(tmp_path, resume, force, error):
    p = tmp_path / "out.jsonl"
    p.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(OutputError, match=error.replace("(", r"\(").replace(")", r"\)")):
        ResultFile(p, resume=resume, force=force)
    assert p.read_text(encoding="utf-8") == "keep me\n"


def test_stale_errors_file_is_refused_then_replaced(tmp_path):
    p = tmp_path / "out.jsonl.errors.jsonl"
    p.write_text("old\n", encoding="utf-8")
    with pytest.raises(OutputError, match="already exists"):
        ErrorFile(p)
    e = ErrorFile(p, resume=True)
    assert p.exists()           # nothing changes until the run starts
    e.start()
    assert not p.exists()       # created again on the first failure only
    e.write("a.txt", None, "broken", "read")
    e.close()
    assert lines(p) == [{"path": "a.txt", "line": None, "reason": "broken", "stage": "read"}]


# --- progress and summary ---------------------------------------------------

@pytest.mark.parametrize("totals,expected", [
    ((None, None), "3 docs  3.0 MB  "),
    ((10, 6_000_000), "3/10 docs  3.0/6.0 MB   50%  "),
    ((None, 6_000_000), "3 docs  3.0/6.0 MB   50%  "),
])
def test_progress_line(totals, expected):
    p = Progress(io.StringIO(), enabled=False)
    p.set_totals(*totals)
    for _ in range(3):
        p.advance(1_000_000)
    line = p.line(p.start + 2.0)
    assert line.startswith(expected) and "1.5 docs/s 1.50 MB/s" in line
    assert ("ETA 0:02" in line) == bool(totals[1])


@pytest.mark.parametrize("summary,expected", [
    (Summary(ok=3, bytes=2_000_000, seconds=2.0), "batch: 3 ok, 0 failed; 2.00 MB in 2.0 s (1.5 docs/s, 1.00 MB/s)"),
    (Summary(ok=1, failed=1, skipped=5, bytes=1_000_000, seconds=1.0),
     "batch: 1 ok, 1 failed, 5 skipped (already done); 1.00 MB in 1.0 s (2.0 docs/s, 1.00 MB/s); failures in e.jsonl"),
])
def test_summary_line(summary, expected):
    assert summary.line("e.jsonl") == expected


def test_tokenizer_is_one_per_backend_however_asked():
    from analyzer.tokenizer import get_tokenizer

    assert get_tokenizer() is get_tokenizer("jieba") is get_tokenizer(backend="jieba")


# --- whole runs -------------------------------------------------------------

def corpus(root: Path, n: int = 5) -> Path:
    files = {f"d{i:02d}.txt": TEXTS[i % len(TEXTS)] + f"第{i}号。" for i in range(n)}
    return make_tree(root / "corpus", files)


@pytest.mark.slow
def test_run_in_process_records_shape_and_tokens(tmp_path):
    src = corpus(tmp_path, 3)
    out = tmp_path / "out.jsonl"
    s = run_batch([str(src)], out, BatchOptions(jobs=1))
    assert (s.ok, s.failed, s.skipped) == (3, 0, 0)
    recs = lines(out)
    assert [r["id"] for r in recs] == ["d00.txt", "d01.txt", "d02.txt"]
    first = recs[0]
    assert {"id", "meta", "text", "directives", "problems", "time_limits", "parties", "top_terms",
            "source", "key"} <= set(first)
    assert "tokens" not in first and list(first)[-1] == "key"
    assert first["source"] == {"path": str(src / "d00.txt"), "line": None}
    assert first["key"]["input"] == str(src / "d00.txt") and len(first["key"]["sha256"]) == 64
    assert ["单位", 1] in first["top_terms"]
    out2 = tmp_path / "tokens.jsonl"
    run_batch([str(src / "d00.txt")], out2, BatchOptions(jobs=1, work=worker.WorkOptions(keep_tokens=True)))
    assert "".join(lines(out2)[0]["tokens"]) == first["text"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_that_cannot_start_stops_the_batch_with_one_line(tmp_path, jobs):
    opts = BatchOptions(jobs=jobs, work=worker.WorkOptions(Options(backend="nonesuch")))
    with pytest.raises(worker.SetupError, match="unknown tokenizer backend 'nonesuch'"):
        run_batch([str(corpus(tmp_path, 2))], tmp_path / "out.jsonl", opts)
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == ""


def test_bad_file_in_the_middle_goes_to_errors_and_exit_code_1(tmp_path):
    src = corpus(tmp_path, 4)
    (src / "d01b.txt").write_bytes(b"\xff\xfe\x00\xd8")          # a broken UTF-16 file
    (src / "d01c.jsonl").write_text(rec(id="r1", text="要抓好。") + "\n{oops\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "-j", "1"])
    assert r.exit_code == 1, r.output
    assert [x["id"] for x in lines(out)] == ["d00.txt", "d01.txt", "r1", "d02.txt", "d03.txt"]
    errors = lines(Path(f"{out}.errors.jsonl"))
    assert [(Path(e["path"]).name, e["line"], e["stage"]) for e in errors] == \
        [("d01b.txt", None, "analyze"), ("d01c.jsonl", 2, "read")]
    assert "not valid utf-16" in errors[0]["reason"]
    assert f"error: {src / 'd01c.jsonl'}:2: not valid JSON" in r.output
    assert "batch: 5 ok, 2 failed;" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("args,code,message", [
    (["--resume", "--force"], 2, "contradict"),
    (["--resume", "--errors", "OUT"], 1, "the errors file cannot be the output file"),
    ([], 1, "already exists (use --force to overwrite it)"),
    (["--jobs", "0"], 2, "--jobs"),
    (["--ref-date", "soon"], 2, "YYYY-MM-DD"),
])
def test_cli_refusals_change_nothing(tmp_path, args, code, message):
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    args = [str(out) if a == "OUT" else a for a in args]
    r = CliRunner().invoke(main, ["batch", str(corpus(tmp_path, 1)), "-o", str(out), *args])
    assert r.exit_code == code and message in r.output
    assert out.read_text(encoding="utf-8") == "keep me\n" and not Path(f"{out}.errors.jsonl").exists()


def test_cli_help_and_missing_output():
    r = CliRunner().invoke(main, ["batch", "--help"])
    assert r.exit_code == 0 and "--resume" in r.output and "--ordered" in r.output and "--glob" in r.output
    r = CliRunner().invoke(main, ["batch", "x.txt"])
    assert r.exit_code == 2 and "--output" in r.output


def test_stdin_paths_output_excluded_and_repeats_skipped(tmp_path):
    src = corpus(tmp_path, 2)
    out = src / "out.jsonl"               # inside the folder it reads: never read back
    listing = f"{src}\n{src / 'd00.txt'}\n"
    r = CliRunner().invoke(main, ["batch", "-", "-o", str(out), "-j", "1", "--errors", str(tmp_path / "e.jsonl")],
                           input=listing)
    assert r.exit_code == 0, r.output
    assert [x["id"] for x in lines(out)] == ["d00.txt", "d01.txt"]
    assert "2 ok, 0 failed, 1 skipped" in r.output
    r = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "-j", "1", "--resume"])
    assert r.exit_code == 0 and "0 ok, 0 failed, 2 skipped" in r.output


def test_resume_takes_only_what_is_missing(tmp_path):
    src = corpus(tmp_path, 4)
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    run_batch([str(src)], full, BatchOptions(jobs=1))
    done = full.read_text(encoding="utf-8").splitlines(keepends=True)
    part.write_text("".join(done[:2]) + done[2][:50], encoding="utf-8")   # two lines and a cut one
    s = run_batch([str(src)], part, BatchOptions(jobs=1, resume=True))
    assert (s.ok, s.skipped, s.dropped_partial) == (2, 2, 50)
    assert part.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")


@pytest.mark.skipif(not FORK, reason="the crash is injected into forked workers")
def test_pool_ordered_and_unordered_same_records_memory_bounded(tmp_path, monkeypatch):
    src = corpus(tmp_path, 12)
    inproc = tmp_path / "inproc.jsonl"
    run_batch([str(src)], inproc, BatchOptions(jobs=1))
    pulled, written, ahead = [0], [0], []
    real_tasks = sources.tasks

    def counting(*a, **kw):
        for t in real_tasks(*a, **kw):
            pulled[0] += 1
            ahead.append(pulled[0] - written[0])
            yield t

    class Counting(Progress):
        def advance(self, size, analyzed=True):
            written[0] += 1

    monkeypatch.setattr(runner.sources, "tasks", counting)
    results = {}
    for ordered in (False, True):
        out = tmp_path / f"ordered-{ordered}.jsonl"
        opts = BatchOptions(jobs=2, ordered=ordered, chunk_docs=1)
        run_batch([str(src)], out, opts, progress=Counting(enabled=False))
        results[ordered] = out.read_text(encoding="utf-8").splitlines()
        # Never more documents read ahead than the chunks the window allows (plus the one being read).
        assert max(ahead) <= 2 * (4 if ordered else 2) + 1
        pulled[0] = written[0] = 0
        ahead.clear()
    assert sorted(results[False]) == sorted(results[True])
    assert results[True] == inproc.read_text(encoding="utf-8").splitlines()


@pytest.mark.skipif(not FORK, reason="the crash is injected into forked workers")
def test_worker_crash_fails_one_document_and_the_batch_goes_on(tmp_path, monkeypatch):
    src = make_tree(tmp_path / "c", {f"d{i}.txt": ("CRASH " if i == 2 else "") + TEXTS[i] for i in range(5)})
    real = worker.record_line

    def crashing(task, options, doc=None):
        if task.data and b"CRASH" in task.data:
            os._exit(9)  # like a segfault or the OOM killer: no exception, the process is gone
        return real(task, options, doc)

    monkeypatch.setattr(worker, "record_line", crashing)
    out = tmp_path / "out.jsonl"
    s = run_batch([str(src)], out, BatchOptions(jobs=2, chunk_docs=2))
    assert (s.ok, s.failed) == (4, 1)
    assert sorted(r["id"] for r in lines(out)) == ["d0.txt", "d1.txt", "d3.txt", "d4.txt"]
    (err,) = lines(Path(f"{out}.errors.jsonl"))
    assert (Path(err["path"]).name, err["stage"]) == ("d2.txt", "crash") and "died" in err["reason"]


@pytest.mark.slow
def test_killed_run_resumed_equals_uninterrupted(tmp_path):
    n = 30
    src = make_tree(tmp_path / "c", {f"s{i:03d}.txt": SAMPLE.replace("县委", f"县委{i}") for i in range(n)})
    full = tmp_path / "full.jsonl"
    run_batch([str(src)], full, BatchOptions(jobs=1))
    out = tmp_path / "out.jsonl"
    # One process writes a line per document, so the kill surely lands mid-run
    # (a pool writes whole chunks at once); only the main process ever writes.
    cmd = [sys.executable, "-m", "analyzer", "batch", str(src), "-o", str(out), "-j", "1", "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)   # the batch (and any process it started), mid-run
    proc.wait()
    killed = out.read_bytes().count(b"\n")
    assert 3 <= killed < n, f"the run was not killed halfway ({killed} lines)"
    s = run_batch([str(src)], out, BatchOptions(jobs=1, resume=True))
    assert (s.ok + s.skipped, s.failed) == (n, 0)
    got = out.read_text(encoding="utf-8").splitlines()
    assert sorted(got) == sorted(full.read_text(encoding="utf-8").splitlines())
    assert len(set(got)) == n
