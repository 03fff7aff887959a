"""The command line: help for every command, the sample, errors without tracebacks,
safe output."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from analyzer.cli import main


def run(args, input=None):
    return CliRunner().invoke(main, args, input=input, catch_exceptions=False)


def test_every_command_has_help():
    result = run(["--help"])
    assert result.exit_code == 0 and "Chinese speech and document analyzer" in result.output
    for name, command in main.commands.items():
        r = run([name, "--help"])
        assert r.exit_code == 0, name
        assert command.help and command.help.split("\n")[0].strip(), f"{name} has no help text"
        assert "Usage:" in r.output


def test_analyze_sample_json():
    r = run(["analyze", "--sample", "--no-tokens"])
    assert r.exit_code == 0
    doc = json.loads(r.output)
    assert doc["id"] == "speech_sample.txt"
    assert doc["meta"]["speaker"] == "县委常委、纪委书记"
    assert [s["marker"] for s in doc["outline"]] == ["一、", "二、", "三、"]


def test_analyze_text_view():
    r = run(["analyze", "--sample", "--format", "text", "--lang", "en"])
    assert r.exit_code == 0 and "## Outline" in r.output and "tokens" in r.output
    assert "- [ideology] " in r.output


def test_analyze_jsonl_stdin_keeps_ids_and_order():
    lines = "\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False)
                      for i, t in [("c2", "要抓好整改。"), ("c1", "这是重要举措。")])
    r = run(["analyze", "--no-tokens"], input=lines.encode("utf-8"))
    assert r.exit_code == 0
    assert [json.loads(x)["id"] for x in r.output.splitlines()] == ["c2", "c1"]


@pytest.mark.slow
def test_bad_file_is_one_line_error_and_others_still_run(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("要抓好整改。", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "analyzer", "analyze", "--no-tokens",
                             str(tmp_path / "missing.txt"), str(good)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'missing.txt'}: no such file"
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["id"] == "good.txt"


def test_output_file_is_not_overwritten_without_force(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("keep me", encoding="utf-8")
    r = CliRunner().invoke(main, ["analyze", "--sample", "--no-tokens", "-o", str(out)])
    assert r.exit_code == 1 and "already exists" in r.output
    assert out.read_text(encoding="utf-8") == "keep me"
    r = CliRunner().invoke(main, ["analyze", "--sample", "--no-tokens", "-o", str(out), "--force"])
    assert r.exit_code == 0 and json.loads(out.read_text(encoding="utf-8"))["id"] == "speech_sample.txt"


def test_unwritable_output_is_a_clear_error(tmp_path):
    r = CliRunner().invoke(main, ["analyze", "--sample", "-o", str(tmp_path / "no" / "such" / "dir" / "o.json")])
    assert r.exit_code == 1 and "does not exist" in r.output


def test_bad_ref_date_is_a_usage_error():
    r = CliRunner().invoke(main, ["analyze", "--sample", "--ref-date", "yesterday"])
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output


def test_python_dash_m_and_console_script_start():
    r = subprocess.run([sys.executable, "-m", "analyzer", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and "analyzer" in r.stdout


# --- the console script's quick exit (after a Dask run) ----------------------

QUICK_EXIT = """
import atexit, sys, threading, time
from analyzer.cli import common
atexit.register(lambda: print("exit handler ran", flush=True))
sys.stdout.write("buffered, not flushed")   # os._exit alone would lose it
if {thread}:
    threading.Thread(target=lambda: (time.sleep(0.5), print("thread done", flush=True))).start()
common.exit_quickly({code!r})
print("; back: a normal exit")
sys.exit({code!r})
"""


@pytest.mark.parametrize("code,thread,status,stdout,stderr", [
    (None, False, 0, "buffered, not flushedexit handler ran\n", ""),
    (0, False, 0, "buffered, not flushedexit handler ran\n", ""),
    (1, False, 1, "buffered, not flushedexit handler ran\n", ""),
    (130, False, 130, "buffered, not flushedexit handler ran\n", ""),
    ("a message", False, 1, "buffered, not flushedexit handler ran\n", "a message\n"),
    # a thread that is not a daemon is still running: a normal exit, which waits for it
    (1, True, 1, "buffered, not flushed; back: a normal exit\nthread done\nexit handler ran\n", ""),
])
def test_exit_quickly(code, thread, status, stdout, stderr):
    r = subprocess.run([sys.executable, "-c", QUICK_EXIT.format(code=code, thread=thread)],
                       capture_output=True, text=True)
    assert (r.returncode, r.stdout, r.stderr) == (status, stdout, stderr)


def test_only_the_console_script_exits_quickly(monkeypatch):
    """In-process callers (click's runner here) get their SystemExit back."""
    from analyzer.cli import common, run

    monkeypatch.setattr(common, "quick_exit", True)
    monkeypatch.setattr(sys, "argv", ["analyzer", "--version"])
    quick = []
    monkeypatch.setattr(common, "exit_quickly", quick.append)
    with pytest.raises(SystemExit) as exc:
        run()
    assert exc.value.code == 0 and quick == [0]
    r = CliRunner().invoke(main, ["--version"])
    assert r.exit_code == 0 and quick == [0]
