"""Hostile and malformed inputs through the real command line (issue 7: nothing
crashes, nothing is lost).

Every case of ``tests/hostile.py`` runs through `analyzer analyze`, `analyzer
issues` and (in one shared run with good files) `analyzer batch`, each as a
subprocess with a 60-second guard against hangs.  Each must end without a
traceback: exit 0 with the right result, or a non-zero exit with one line
naming the file; a batch writes a record for every good document and an error
for every bad one.  Below the command-line runs, a table of the library fixes
each case led to.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import hostile
from project_root import ROOT

pytestmark = pytest.mark.slow   # a subprocess per hostile input: the full run only

TIMEOUT = 60
CASES = {c.name: c for c in hostile.cases()}


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("ANALYZER_DEBUG", None)
    try:
        return subprocess.run([sys.executable, "-m", "analyzer", *args], cwd=cwd, env=env,
                              capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`analyzer {args[0]}` ran past {TIMEOUT} s")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, hostile.Case]:
    folder = tmp_path_factory.mktemp("hostile")
    made = {c.name: c for c in hostile.make_all(folder / "in")}
    yield made
    for case in made.values():  # chmod 000 files must be removable by pytest
        if case.root_skips and case.path.exists():
            case.path.chmod(0o600)


def case_of(corpus: dict, name: str) -> hostile.Case:
    if name not in corpus:
        pytest.skip(f"{name}: meaningless as root (root reads anything)")
    return corpus[name]


def stderr_of(r: subprocess.CompletedProcess) -> str:
    err = r.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err[-3000:]
    return err


def error_lines(err: str) -> list[str]:
    return [ln for ln in err.split("error: ")[1:]]


def assert_refused(r: subprocess.CompletedProcess, case: hostile.Case) -> None:
    err = stderr_of(r)
    assert r.returncode == 1, (r.returncode, err)
    assert err.startswith("error: ") and err.count("error: ") == 1, err
    assert str(case.path) in err, err
    # one line: only the file name itself may bring a line break
    assert err.replace(str(case.path), "").strip().count("\n") == 0, err


# "ok" cases whose text is empty or blank: they must get a warning (others may,
# when the reader finds no text in them, as in an HTML page of comments only).
BLANK_INPUTS = {"empty-txt", "empty-html", "whitespace-only"}


def json_lines(out: bytes) -> list[dict]:
    return [json.loads(ln) for ln in out.decode("utf-8").splitlines() if ln.strip()]


@pytest.mark.parametrize("name", list(CASES))
def test_analyze(corpus, name):
    case = case_of(corpus, name)
    r = cli("analyze", "--", str(case.path), cwd=case.path.parent.parent)
    err = stderr_of(r)
    if case.refused:
        assert_refused(r, case)
        assert r.stdout == b""
        return
    out = r.stdout.decode("utf-8")   # valid UTF-8 whatever the names and texts were
    for s in case.absent:
        assert s not in out
    docs = json_lines(r.stdout)
    if case.expect == "ok":
        # An input with no text is analyzed with one warning naming it (issue 17).
        warned = err.startswith("warning: ") and str(case.path) in err
        assert r.returncode == 0 and (err == "" or warned), err
        assert len(docs) == 1
        assert (name not in BLANK_INPUTS or warned) and (not warned or not docs[0]["text"].strip()), err
        if case.check is not None:
            assert case.check(docs[0]["text"]), docs[0]["text"][:300]
    else:  # JSON Lines: one document per good record, one error line per bad one
        assert len(docs) == case.records
        lines = error_lines(err)
        assert len(lines) == case.bad_records, err
        assert all(ln.startswith(f"{case.path}:") for ln in lines), err
        assert r.returncode == (1 if case.bad_records else 0)


@pytest.mark.parametrize("name", list(CASES))
def test_issues(corpus, name, tmp_path):
    case = case_of(corpus, name)
    out = tmp_path / "ledger.json"
    r = cli("issues", "-o", str(out), "--", str(case.path), cwd=case.path.parent.parent)
    err = stderr_of(r)
    if case.refused or (case.expect == "records" and case.records == 0):
        assert r.returncode == 1, err
        assert str(case.path) in err and err.startswith("error: "), err
        assert not out.exists()
        return
    ledger = json.loads(out.read_text(encoding="utf-8"))
    for s in case.absent:
        assert s not in out.read_text(encoding="utf-8")
    assert len(ledger["documents"]) == (1 if case.expect == "ok" else case.records)
    if case.expect == "records":
        assert len(error_lines(err)) == case.bad_records
        assert r.returncode == (1 if case.bad_records else 0)
    else:
        assert r.returncode == 0, err


@pytest.mark.parametrize("name", ["jsonl-ids", "jsonl-lone-surrogates", "control-chars", "undecodable-name",
                                  "rtl-zero-width-combining", "html-script-style"])
@pytest.mark.parametrize("ext", ["xlsx", "docx", "csv", "md"])
def test_issues_every_format(corpus, name, ext, tmp_path):
    """The odd texts, ids and names in every export format (a 5,000-digit id
    made the Word title property overflow)."""
    case = case_of(corpus, name)
    out = tmp_path / f"ledger.{ext}"
    r = cli("issues", "-o", str(out), "--", str(case.path), cwd=case.path.parent.parent)
    err = stderr_of(r)
    assert r.returncode == 0, err
    assert out.stat().st_size > 0


def test_batch_loses_nothing(corpus, tmp_path):
    """One batch over every case that is not heavy, the 5 MB line and the
    joined speeches, and good files: a record for every good document, an
    error for every bad one, nothing else."""
    folder = tmp_path / "good"
    folder.mkdir()
    good = []
    for i in range(6):
        p = folder / f"good-{i}.txt"
        p.write_text(hostile.SPEECH.replace("6月", f"{i + 1}月"), encoding="utf-8")
        good.append(p)
    cases = [c for c in corpus.values() if not c.heavy]
    inputs = [str(c.path) for c in cases] + [str(folder)]
    out = tmp_path / "out.jsonl"
    r = cli("batch", "-o", str(out), "--jobs", "2", "--", *inputs, cwd=tmp_path)
    err = stderr_of(r)
    assert r.returncode == 1, err
    records = json_lines(out.read_bytes())
    errors = json_lines((tmp_path / "out.jsonl.errors.jsonl").read_bytes())
    by_path: dict[str, list[dict]] = {}
    for rec in records:
        by_path.setdefault(rec["source"]["path"], []).append(rec)
    failed: dict[str, list[dict]] = {}
    for e in errors:
        failed.setdefault(e["path"], []).append(e)
    expected_records = expected_errors = 0
    for p in good:
        assert len(by_path.get(str(p), [])) == 1, p
        expected_records += 1
    for case in cases:
        path = str(case.path)
        if case.batch_walks:          # a folder named x.txt is a folder: its files are read
            assert len(by_path.get(str(case.path / "inside.txt"), [])) == 1
            expected_records += 1
        elif case.refused:
            assert len(failed.get(path, [])) == 1 and path not in by_path, case.name
            expected_errors += 1
        elif case.expect == "ok":
            assert len(by_path.get(path, [])) == 1 and path not in failed, case.name
            text = by_path[path][0]["text"]
            assert case.check is None or case.check(text), case.name
            expected_records += 1
        else:
            assert len(by_path.get(path, [])) == case.records, case.name
            assert len(failed.get(path, [])) == case.bad_records, case.name
            assert all(e["line"] for e in failed.get(path, []))
            expected_records += case.records
            expected_errors += case.bad_records
        for s in case.absent:
            assert all(s not in json.dumps(rec, ensure_ascii=False) for rec in by_path.get(path, []))
    assert (len(records), len(errors)) == (expected_records, expected_errors)
    # every error is also said on stderr, in one line naming the file
    assert err.count("error: ") >= expected_errors


def test_batch_limits_each_jsonl_record_not_the_corpus(tmp_path):
    """--max-bytes is per record for a JSON Lines corpus: a corpus far above it
    is read, only the record above it is refused (naming its line)."""
    corpus = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": f"r{i}", "text": hostile.SENTENCE}, ensure_ascii=False) for i in range(40)]
    lines[7] = json.dumps({"id": "big", "text": hostile.SENTENCE * 100}, ensure_ascii=False)
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert corpus.stat().st_size > 4000
    out = tmp_path / "out.jsonl"
    r = cli("batch", "-o", str(out), "--jobs", "1", "--max-bytes", "1000", str(corpus), cwd=tmp_path)
    err = stderr_of(r)
    assert r.returncode == 1
    assert len(json_lines(out.read_bytes())) == 39
    (bad,) = json_lines((tmp_path / "out.jsonl.errors.jsonl").read_bytes())
    assert bad["line"] == 8 and "--max-bytes" in bad["reason"]
    assert f"{corpus}:8" in err


def test_refusal_above_max_bytes_names_file_size_limit_and_option(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text(hostile.SENTENCE * 100, encoding="utf-8")
    r = cli("analyze", "--max-bytes", "1000", str(p), cwd=tmp_path)
    err = stderr_of(r)
    assert r.returncode == 1 and err.count("\n") == 1
    assert str(p) in err and f"{p.stat().st_size:,}" in err and "1,000" in err and "--max-bytes" in err


# --- the library fixes behind the cases -----------------------------------------

from analyzer.encoding import decode  # noqa: E402
from analyzer.readers import InputError, html_text, jsonl_record, scrub  # noqa: E402

S = hostile.SPEECH


@pytest.mark.parametrize("data,encoding,tail", [
    (S.encode("utf-32-le"), "utf-32-le", "谢谢大家。\n"),                 # UTF-32 without BOM was "binary"
    (S.encode("utf-32-be"), "utf-32-be", "谢谢大家。\n"),
    (S.encode("utf-8")[:-2], "utf-8", "谢谢大家\ufffd"),                 # a cut last character was refused
    (S.encode("utf-8") + S.encode("gb18030"), "utf-8+gb18030", "谢谢大家。\n"),   # pasted-together files
    (S.encode("utf-8") + hostile.TRAD.encode("big5"), "utf-8+big5", "弄虛作假。\n"),
])
def test_decode_reads(data, encoding, tail):
    text, enc = decode(data)
    assert enc == encoding and text.endswith(tail)


@pytest.mark.parametrize("line,problem_or_id", [
    ('{"id": %s, "text": "要"}' % ("9" * 5000), "9" * 5000),    # int beyond Python's conversion limit: was a crash
    ('{"id": null, "text": "要"}', "f.jsonl:3"),                 # null id: the line's own id
    ('{"id": [1, {"a": 2}], "text": "要"}', '[1, {"a": 2}]'),
    ('{"id": "a\\ud800", "text": "要"}', "a\ufffd"),              # lone surrogate
    ("[" * 100_000, "nested too deeply"),                         # RecursionError: was a crash
    ('{"text": 1e999999}', 'a string "text"'),
])
def test_jsonl_record(line, problem_or_id):
    rec = jsonl_record(line, "f.jsonl", 3)
    if isinstance(rec, InputError):
        assert problem_or_id in rec.problem and rec.source == "f.jsonl:3"
    else:
        assert rec.id == problem_or_id


def test_lone_surrogates_are_analyzed_and_written():
    from analyzer.pipeline import Options, analyze

    doc = analyze("各单位要\ud800在年底前完成整改。\udcff", Options(tokens=True))
    json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8")
    assert "\ufffd" in doc.original and doc.directives
    assert scrub("a\udcffb") == "a\ufffdb" and scrub("中") == "中"


def test_json_utf8_escapes_surrogates_of_file_names_and_reads_back():
    from analyzer.output import json_utf8

    line = json.dumps({"path": "in/\udcff\udcfe.txt"}, ensure_ascii=False)
    assert json.loads(json_utf8(line)) == {"path": "in/\udcff\udcfe.txt"}


@pytest.mark.parametrize("html,text", [
    (f'<p>{hostile.SENTENCE}</p><a href="' + "x" * 10_000, hostile.SENTENCE),    # unclosed tag at the end
    (f"<p>{hostile.SENTENCE}</p><!-- never closed <p>要删除</p>", hostile.SENTENCE),
    ("<p>a &lt; b</p> c <3", "a < b\nc <3"),
])
def test_html_tail_that_never_closes_is_not_text(html, text):
    assert html_text(html)[0] == text


def test_duplicate_jsonl_records_are_each_a_document(tmp_path):
    from analyzer.batch.sources import jsonl_tasks

    p = tmp_path / "d.jsonl"
    rec = json.dumps({"id": "same", "text": "要整改。"}, ensure_ascii=False)
    p.write_text("\n".join([rec, rec, rec]) + "\n", encoding="utf-8")
    wheres = [t.where for t in jsonl_tasks(str(p))]
    assert len(set(wheres)) == 3 and wheres[1].endswith("#same#2")
    assert wheres == [t.where for t in jsonl_tasks(str(p))]     # the same keys on every run (resume)


def test_joined_speeches_each_get_their_part_and_closing():
    """800 texts run together (was quadratic in the parts, ~20 s)."""
    from analyzer.structure.outline import build_outline

    one = "今天，我们召开第{i}次整改工作会议。\n一、统一思想\n各单位要完成自查。\n二、压实责任\n我就讲这些，谢谢大家。\n"
    text = "".join(one.format(i=i) for i in range(800))
    outline = build_outline(text)
    assert len(outline.parts) == 800
    assert all(p.closing and text[p.closing[0]:p.closing[1]] == "我就讲这些，谢谢大家。" for p in outline.parts)
    assert len(outline.sections) == 1600


def test_trigger_context_is_local():
    """not_before/not_after look a few characters away (a million 要 was
    quadratic); what they cancel next to the trigger is unchanged."""
    from analyzer.extract.directives import find_triggers

    assert [h.word for h in find_triggers("按照上级的要求")] == []
    assert len(find_triggers("要" * 5000)) == 5000


def test_merge_rows_matches_pairwise_merge():
    """The indexed merge gives what comparing every pair gives (it was
    quadratic in the rows: a 5 MB speech timed out in `issues`)."""
    import copy
    import random

    from analyzer.ledger.build import Row, Source, bigrams, jaccard, merge_rows
    from analyzer.ledger.merging import _row_text

    def pairwise(rows, threshold):
        merged, grams, docs = [], [], []
        for row in rows:
            g, mine = bigrams(_row_text(row)), {s.doc for s in row.sources}
            best, best_score = None, 0.0
            for i in range(len(merged)):
                if not docs[i] & mine:
                    score = jaccard(g, grams[i])
                    if score >= threshold and score > best_score:
                        best, best_score = i, score
            if best is None:
                merged.append([s.span for s in row.sources])
                grams.append(g)
                docs.append(set(mine))
            else:
                merged[best] += [s.span for s in row.sources]
                docs[best] |= mine
        return merged

    rng = random.Random(7)
    alphabet = "要整改落实责任单位年底前完成督查一二。，"
    for _ in range(1500):
        rows = sorted((Row("".join(rng.choice(alphabet[:rng.randint(2, len(alphabet))])
                                   for _ in range(rng.choice([0, 1, 2, 3, 5, 8, 12]))),
                           "other", [], [], [], [], [Source(f"d{rng.randint(0, 3)}", None, (), (), (), (k, k), "none")])
                       for k in range(rng.randint(0, 25))), key=lambda r: r.sources[0].doc)
        threshold = rng.choice([0.3, 0.5, 0.6, 0.75, 1.0])
        got = [[s.span for s in r.sources] for r in merge_rows(copy.deepcopy(rows), threshold)]
        assert got == pairwise(rows, threshold)


def test_a_page_that_lost_its_line_breaks_is_not_page_noise():
    """The sample page with its newlines removed is one line starting with a
    breadcrumb: it was removed whole as boilerplate (nothing analyzed)."""
    from analyzer.pipeline import Options, analyze

    page = "首页 > 讲话材料 > 正文" + hostile.SPEECH.replace("\n", "") * 20
    doc = analyze(page, Options(tokens=False))
    assert "6月底前" in doc.text and len(doc.directives) >= 20
    short = analyze("首页 > 讲话材料 > 正文\n" + hostile.SPEECH, Options(tokens=False))
    assert not short.text.startswith("首页")    # a short breadcrumb line is still noise


@pytest.mark.parametrize("charset", ["unicode_escape", "raw-unicode-escape", "utf-7", "idna", "undefined"])
def test_html_charset_that_is_no_page_charset_is_not_believed(charset):
    """A page declaring unicode_escape made `\\ud800` in its text a lone surrogate."""
    from analyzer.readers import texts_from_bytes

    page = f'<meta charset="{charset}"><p>各单位要整改\\ud800。</p>'.encode("utf-8")
    item = next(iter(texts_from_bytes(page, "x.html")))
    assert item.encoding == "utf-8" and item.text == "各单位要整改\\ud800。"
