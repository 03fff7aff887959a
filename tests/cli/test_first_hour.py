"""The first hour of a new user (issue 17): each stumble a new user met is a
row here, so that it does not come back."""
from __future__ import annotations

import configparser
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer import plot as plotting
from analyzer.cli import main
from analyzer.cli import serve as serve_cmd
from analyzer.messages import MESSAGES, user_lang

from project_root import ROOT  # noqa: E402
HAN = re.compile(r"[\u4e00-\u9fff]")


def run(args, input=None):
    return CliRunner().invoke(main, args, input=input, catch_exceptions=False)


# --- install -------------------------------------------------------------------------

def test_flask_is_installed_by_the_readme_command():
    # `pip install .` must give a working `analyzer serve`.
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    required = [line.strip().split(">")[0] for line in cfg["options"]["install_requires"].splitlines()
                if line.strip() and not line.strip().startswith("#")]
    assert "flask" in required


def test_no_install_hint_names_a_package_no_index_has():
    # The distribution is not on PyPI: a hint must be runnable from a checkout.
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "analyzer").rglob("*.py")
                 if "zh-speech-analyzer[" in p.read_text(encoding="utf-8")]
    assert offenders == []


# --- no machine's path in the repository ---------------------------------------------

MACHINE_PATHS = re.compile("|".join(re.escape("/" + d + "/") for d in ("work", "root", "tmp")))


@pytest.mark.parametrize("folder", ["analyzer", "tests", "docs", "benchmarks", "scripts", "corpora/eval"])
def test_no_absolute_path_of_one_machine(folder):
    hits = []
    for p in sorted((ROOT / folder).rglob("*")):
        if p.suffix in (".py", ".md", ".toml", ".cfg", ".html", ".js") and ".venv" not in p.parts:
            for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if MACHINE_PATHS.search(line):
                    hits.append(f"{p.relative_to(ROOT)}:{n}")
    assert hits == []


def test_readme_has_no_machine_path():
    assert not MACHINE_PATHS.search((ROOT / "README.md").read_text(encoding="utf-8"))


# --- analyze / issues on a terminal ----------------------------------------------------

@pytest.mark.parametrize("args", [["analyze"], ["issues", "-"]])
def test_no_file_on_a_terminal_is_a_hint_not_a_wait(args):
    # A real process whose standard input is a terminal (a pseudo-terminal):
    # it used to wait silently for text nobody knew to type.
    import os
    import subprocess
    import sys

    master, slave = os.openpty()
    try:
        r = subprocess.run([sys.executable, "-m", "analyzer", *args], stdin=slave, capture_output=True,
                           text=True, timeout=60, cwd=ROOT)
    finally:
        os.close(slave)
        os.close(master)
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "--sample" in r.stderr


def test_no_file_with_piped_input_still_reads_it():
    r = run(["analyze", "--no-tokens"], input="各单位要在6月底前完成整改。\n")
    assert r.exit_code == 0 and json.loads(r.output)["directives"]


# --- empty files -----------------------------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"   \n\n\t", "\u3000\n".encode("utf-8"), b"\xef\xbb\xbf"])
@pytest.mark.parametrize("command", ["analyze", "issues"])
def test_an_empty_file_gives_a_warning_naming_it(tmp_path, content, command):
    empty = tmp_path / "空白.txt"
    empty.write_bytes(content)
    full = tmp_path / "full.txt"
    full.write_text("各单位要在6月底前完成整改。", encoding="utf-8")
    r = CliRunner().invoke(main, [command, str(empty), str(full)])
    warnings = [line for line in r.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "空白.txt" in warnings[0] and "full.txt" not in warnings[0]


def test_a_file_with_text_gives_no_warning(tmp_path):
    full = tmp_path / "full.txt"
    full.write_text("各单位要在6月底前完成整改。", encoding="utf-8")
    assert "warning" not in run(["analyze", str(full), "--no-tokens"]).output


# --- stats -------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [
    "第一行\n第二行\n" * 20,                                              # plain text: 41 errors before
    '{"id": "a", "text": "各单位要抓好整改。"}\n' * 3,                     # a JSON Lines corpus, not results
    "[1, 2]\n",
])
def test_stats_on_a_file_that_is_not_results_is_one_error_with_a_hint(tmp_path, content):
    f = tmp_path / "notes.jsonl"
    f.write_text(content, encoding="utf-8")
    r = CliRunner().invoke(main, ["stats", str(f), "-o", str(tmp_path / "s.csv")])
    assert r.exit_code == 1
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and "notes.jsonl" in lines[0] and "analyzer batch" in lines[0]
    assert not (tmp_path / "s.csv").exists()


def test_stats_lists_a_few_bad_lines_then_counts_the_rest(tmp_path):
    good = run(["analyze", "--sample", "--no-tokens"]).output
    f = tmp_path / "out.jsonl"
    f.write_text(good + "broken\n" * 12, encoding="utf-8")
    r = CliRunner().invoke(main, ["stats", str(f), "-o", str(tmp_path / "s.csv")])
    errors = [line for line in r.output.splitlines() if line.startswith("error:")]
    assert r.exit_code == 1 and len(errors) == 6 and "7 more lines" in errors[-1]


def test_plot_without_matplotlib_still_writes_the_csv_to_stdout(tmp_path, monkeypatch):
    good = run(["analyze", "--sample", "--no-tokens"]).output
    f = tmp_path / "out.jsonl"
    f.write_text(good, encoding="utf-8")
    monkeypatch.setattr(plotting, "available", lambda: False)
    r = CliRunner().invoke(main, ["stats", str(f), "--plot", str(tmp_path / "p.png")])
    assert r.exit_code == 1 and "speech_sample.txt" in r.output
    assert [line for line in r.output.splitlines() if "matplotlib" in line] == [
        MESSAGES["en"]["plot_missing"]]


# --- the text view and the language of messages ------------------------------------------

def test_text_view_shows_chinese_category_names_by_default():
    out = run(["analyze", "--sample", "--format", "text"]).output
    assert "## 要求" in out and "- [思想认识] " in out and "- [制度机制] " in out
    assert not re.search(r"\[(ideology|system|work_style|discipline|other)\]", out)


def test_text_view_in_english_keeps_the_codes():
    out = run(["analyze", "--sample", "--format", "text", "--lang", "en"]).output
    assert "## Directives" in out and "- [ideology] " in out


@pytest.mark.parametrize("environ, lang", [
    ({}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, "zh"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "ANALYZER_LANG": "zh"}, "zh"),
    ({"LANG": "zh_CN.UTF-8", "ANALYZER_LANG": "en"}, "en"),
    ({"LANGUAGE": "zh_CN:en", "LANG": "C"}, "zh"),
])
def test_the_language_rule(environ, lang):
    assert user_lang(environ=environ) == lang
    assert user_lang("en", environ=environ) == "en"     # --lang wins


def test_every_message_has_both_languages_and_the_chinese_ones_are_chinese():
    assert set(MESSAGES["zh"]) == set(MESSAGES["en"])
    for key, text in MESSAGES["zh"].items():
        assert HAN.search(text), key


def test_messages_follow_the_locale(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYZER_LANG", "zh")
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    r = CliRunner().invoke(main, ["analyze", str(empty)])
    assert "警告：" in r.output and "warning" not in r.output
    r = CliRunner().invoke(main, ["analyze", str(empty), "--lang", "en"])
    assert "warning:" in r.output                         # --lang says which


# --- serve ---------------------------------------------------------------------------------

@pytest.mark.parametrize("host, environ, platform, wanted", [
    ("127.0.0.1", {"DISPLAY": ":0"}, "linux", True),
    ("127.0.0.1", {}, "linux", False),                      # no display: a text browser would take the terminal
    ("127.0.0.1", {"WAYLAND_DISPLAY": "w"}, "linux", True),
    ("127.0.0.1", {}, "darwin", True),
    ("127.0.0.1", {}, "win32", True),
    ("0.0.0.0", {"DISPLAY": ":0"}, "linux", False),          # served for others
    ("::1", {"DISPLAY": ":0", "ANALYZER_NO_BROWSER": "1"}, "linux", False),
])
def test_when_serve_opens_the_browser(host, environ, platform, wanted):
    assert serve_cmd.browser_wanted(host, environ, platform) is wanted


class _Server:
    events: list = []

    def __init__(self, host, port, app, threaded):
        self.port = port or 40404
        _Server.events.append("listening")

    def serve_forever(self):
        _Server.events.append("serving")
        raise KeyboardInterrupt

    def server_close(self):
        pass


@pytest.mark.parametrize("flag, opened", [([], True), (["--no-browser"], False)])
def test_serve_opens_the_browser_after_listening(monkeypatch, flag, opened):
    import werkzeug.serving

    _Server.events = []
    monkeypatch.setattr(werkzeug.serving, "make_server", _Server)
    monkeypatch.setattr(serve_cmd, "browser_wanted", lambda host: True)
    monkeypatch.setattr(serve_cmd, "start_browser", lambda url: _Server.events.append(url))
    r = CliRunner().invoke(main, ["serve", "--port", "0", *flag])
    assert r.exit_code == 0
    expected = ["listening", "http://127.0.0.1:40404/", "serving"] if opened else ["listening", "serving"]
    assert _Server.events == expected


def test_tests_never_open_a_browser():
    assert serve_cmd.browser_wanted("127.0.0.1", platform="darwin") is False


# --- the README and the docs -------------------------------------------------------------

LINK = re.compile(r"\]\(([^)\s]+)\)")
README = ROOT / "README.md"


def test_readme_is_short_and_starts_with_what_people_do():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 150
    head = text[:text.index("## Two commands")]
    assert "Office staff" in head and "Researchers" in head


def test_readme_two_commands():
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", text, re.S)
    assert blocks[0] == "python3 -m pip install . && analyzer issues --sample && analyzer serve"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert blocks[1] == ci == "python3 -m pip install -e '.[test]' && python3 -m pytest --full"   # CI runs the README's command


@pytest.mark.parametrize("page", [README, *sorted((ROOT / "docs").glob("*.md"))], ids=lambda p: p.name)
def test_links_stay_inside_the_repository_and_resolve(page):
    text = page.read_text(encoding="utf-8")
    for target in LINK.findall(text):
        assert not re.match(r"[a-z]+:", target), f"{page.name} links outside the repository: {target}"
        path = (page.parent / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT) and path.exists(), f"{page.name}: {target} does not resolve"
    assert "SPEC.md" not in text, f"{page.name} points at a contract file the repository does not hold"


def test_a_commands_lang_does_not_leak_into_the_next(tmp_path):
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    assert "警告：" in CliRunner().invoke(main, ["analyze", str(empty), "--lang", "zh"]).output
    assert "warning:" in CliRunner().invoke(main, ["issues", str(empty), "-o", str(tmp_path / "l.md")]).output
    r = CliRunner().invoke(main, ["issues", str(empty), "-o", str(tmp_path / "l.json"), "--lang", "zh"])
    assert "从 1 份文档整理出 0 项任务" in r.output


def test_interrupted_and_internal_errors_follow_the_language(monkeypatch):
    import analyzer.pipeline

    def boom(*a, **kw):
        raise KeyboardInterrupt

    monkeypatch.setenv("ANALYZER_LANG", "zh")
    monkeypatch.setattr(analyzer.pipeline, "analyze", boom)
    r = CliRunner().invoke(main, ["analyze", "--sample"])
    assert r.exit_code == 130 and r.output.strip() == "error: 已中断"


@pytest.mark.parametrize("name, data, zh", [
    ("x.xyz", b"abc", "x.xyz：不支持的文件类型 .xyz"),
    ("fake.docx", b"not a zip", "fake.docx：不是 Word .docx 文件。"),
    ("bin.txt", bytes(range(256)) * 8, "bin.txt：看起来是二进制文件，不是文本。"),
])
def test_unreadable_files_are_said_in_the_users_language(tmp_path, monkeypatch, name, data, zh):
    f = tmp_path / name
    f.write_bytes(data)
    r = CliRunner().invoke(main, ["analyze", str(f)])
    assert r.exit_code == 1 and r.output.startswith(f"error: {f}: ")          # English by default here
    monkeypatch.setenv("ANALYZER_LANG", "zh")
    r = CliRunner().invoke(main, ["analyze", str(f)])
    assert r.exit_code == 1 and r.output.startswith(f"error: {tmp_path}/{zh}") and r.output.count("\n") == 1


def test_a_reason_the_messages_do_not_know_stays_as_the_reader_said_it(tmp_path, monkeypatch):
    import analyzer.readers
    from analyzer.readers import InputError

    def new_reader(path, **kw):
        raise InputError(str(path), "needs a converter that is not installed")

    monkeypatch.setenv("ANALYZER_LANG", "zh")
    r = CliRunner().invoke(main, ["analyze", str(tmp_path / "missing.txt")])
    assert r.exit_code == 1 and r.output.strip().endswith("missing.txt：文件不存在。")
    monkeypatch.setattr(analyzer.readers, "read_path", new_reader)
    r = CliRunner().invoke(main, ["analyze", str(tmp_path / "old.wps")])
    assert r.exit_code == 1 and r.output.strip() == f"error: {tmp_path / 'old.wps'}: needs a converter that is not installed"


@pytest.mark.parametrize("page", [README, *sorted((ROOT / "docs").glob("*.md"))], ids=lambda p: p.name)
def test_docs_give_no_install_line_no_index_can_serve(page):
    assert "pip install 'zh-speech-analyzer[" not in page.read_text(encoding="utf-8")
