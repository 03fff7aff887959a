"""Every command's messages follow the user's language (issue 17): batch,
eval, train, tables, compare, query, check-data and click's own usage errors
say it in Chinese for a Chinese user, and stay as they were in English."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from analyzer.cli import main
from analyzer.cli.usage_zh import translate
from analyzer.messages import MESSAGES, output_problem

HAN = re.compile(r"[\u4e00-\u9fff]")
# As in tests/web/test_web_i18n.py: three English words in a row make a sentence.
ENGLISH_SENTENCE = re.compile(r"[A-Za-z][a-z]+(?:[\s,;:'’-]+[A-Za-z][a-z]+){2,}")


def english_in(text: str, tmp_path) -> list[str]:
    """English sentences in ``text`` once what a user types is taken out:
    paths, quoted values and choices, option names and the help hint's command."""
    text = text.replace(str(tmp_path), "")
    text = re.sub(r"'[^'\n]*'", "", text)
    text = re.sub(r"查看帮助：.*", "", text)
    text = re.sub(r"--?[a-z][\w-]*", "", text)
    return ENGLISH_SENTENCE.findall(text)


def _corpus(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "ok.txt").write_text("县教育局要在9月底前完成校舍排查。\n", encoding="utf-8")
    (folder / "notes.xyz").write_text("不读这个\n", encoding="utf-8")
    (folder / "bin.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00" * 20)
    return folder


def _not_results(tmp_path):
    path = tmp_path / "plain.jsonl"
    path.write_text("这不是 JSON\n{\"title\": \"没有正文\"}\n", encoding="utf-8")
    return path


# (name, arguments given tmp_path, expected exit code, a Chinese piece the stderr holds)
CASES = [
    ("batch: skipped, failed, summary", lambda t: ["batch", str(_corpus(t)), "-o", str(t / "o.jsonl"), "-j", "1"], 1,
     "成功 1 份，失败 1 份"),
    ("batch: no input", lambda t: ["batch"], 2, "缺少参数 'INPUTS"),
    ("batch: output exists", lambda t: ["batch", str(_corpus(t)), "-o", str(_not_results(t))], 1, "已存在（加 --force"),
    ("batch: no such folder for the output", lambda t: ["batch", "x", "-o", str(t / "none" / "o.jsonl")], 1,
     "文件夹"),
    ("batch: --resume --force", lambda t: ["batch", "x", "-o", str(t / "o.jsonl"), "--resume", "--force"], 2,
     "互相矛盾"),
    ("batch: --scheduler without dask", lambda t: ["batch", "x", "-o", str(t / "o.jsonl"), "--scheduler", "tcp://h:1"],
     2, "只用于 --engine dask"),
    ("batch: unknown option", lambda t: ["batch", "x", "--nope"], 2, "没有选项 --nope"),
    ("batch: bad number", lambda t: ["batch", "x", "-o", str(t / "o.jsonl"), "-j", "0"], 2, "不在范围"),
    ("eval: bad choice", lambda t: ["eval", "--set", "everything"], 2, "不在可选值之中"),
    ("eval: no seeds", lambda t: ["eval", "--set", "seeds", "--seeds", str(t)], 1, "找不到种子文档"),
    ("eval: corpus labels skipped", lambda t: ["eval", "--set", "corpus", "--corpus", str(t)], 1, "条标注已跳过"),
    ("train: option without value", lambda t: ["train", "--out"], 2, "需要一个值"),
    ("tables: not results", lambda t: ["tables", str(_not_results(t)), "-o", str(t / "tables")], 1, "不是 JSON 记录"),
    ("tables: output is a file", lambda t: ["tables", str(_not_results(t)), "-o", str(_not_results(t)),
                                            "--format", "csv"], 1, "不是存放表格的文件夹"),
    ("tables: missing output", lambda t: ["tables", "x.jsonl"], 2, "缺少选项"),
    ("compare: bad --by", lambda t: ["compare", str(_not_results(t)), "--by", "colour"], 2, "不能按此列分组"),
    ("query: not results", lambda t: ["query", str(_not_results(t))], 1, "不是分析记录"),
    ("query: bad date", lambda t: ["query", "x.jsonl", "--since", "2024-02-30"], 2, "格式的日期"),
    ("query: bad pattern", lambda t: ["query", "x.jsonl", "--pattern", "(整改"], 2, "正则表达式"),
    ("check-data: no folder", lambda t: ["check-data", "--corpora", str(t / "none")], 2, "不存在"),
    ("no such command", lambda t: ["anlyze"], 2, "没有命令"),
    ("extra argument", lambda t: ["check-data", "more"], 2, "多余的参数"),
]


@pytest.mark.parametrize("name, args, code, piece", CASES, ids=[c[0] for c in CASES])
def test_a_chinese_user_reads_chinese(tmp_path, monkeypatch, name, args, code, piece):
    monkeypatch.setenv("ANALYZER_LANG", "zh")
    r = CliRunner().invoke(main, args(tmp_path), prog_name="analyzer")
    assert r.exit_code == code, r.output
    assert piece in r.stderr and english_in(r.stderr, tmp_path) == [], r.stderr
    assert "Usage:" not in r.stderr and re.search(r"^(Error|error): |^跳过：", r.stderr, re.M)   # the prefix stays


@pytest.mark.parametrize("name, args, code, piece", CASES, ids=[c[0] for c in CASES])
def test_an_english_user_reads_english(tmp_path, name, args, code, piece):
    r = CliRunner().invoke(main, args(tmp_path), prog_name="analyzer")   # conftest pins ANALYZER_LANG=en
    assert r.exit_code == code and piece not in r.stderr and "用法：" not in r.stderr, r.stderr
    assert re.search(r"^(Error|error|skipped|batch): ", r.stderr, re.M), r.stderr


def test_english_output_is_as_before(tmp_path):
    folder = _corpus(tmp_path)
    r = CliRunner().invoke(main, ["batch", str(folder), "-o", str(tmp_path / "o.jsonl"), "-j", "1"])
    lines = r.stderr.splitlines()
    assert f"skipped: {folder / 'notes.xyz'}: unsupported file type '.xyz'" in lines
    assert f"error: {folder / 'bin.txt'}: looks like a binary file" in "\n".join(lines)
    assert re.fullmatch(r"batch: 1 ok, 1 failed, 1 files not read \(unsupported or not matched\); [\d.]+ MB in "
                        r"[\d.]+ s \([\d.]+ docs/s, [\d.]+ MB/s\); failures in .*o\.jsonl\.errors\.jsonl", lines[-1])
    r = CliRunner().invoke(main, ["batch", "x", "--nope"], prog_name="analyzer")   # click's own words, untouched
    assert r.stderr.startswith("Usage: analyzer batch [OPTIONS] INPUTS...\nTry 'analyzer batch --help' for help.\n\n"
                               "Error: No such option"), r.stderr


def test_the_batch_records_stay_english_for_machines(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYZER_LANG", "zh")
    out = tmp_path / "o.jsonl"
    CliRunner().invoke(main, ["batch", str(_corpus(tmp_path)), "-o", str(out), "-j", "1"])
    errors = (tmp_path / "o.jsonl.errors.jsonl").read_text(encoding="utf-8")
    assert "looks like a binary file" in errors and not HAN.search(errors)


@pytest.mark.parametrize("english, chinese", [
    ("No such option: --nope", "没有选项 --nope。"),
    ("No such option '--nope'.", "没有选项 --nope。"),
    ("No such option: --forc Did you mean --force?", "没有选项 --forc。是不是指 --force？"),
    ("No such option: --t (Did you mean one of: '--tokens', '--type'?)",
     "没有选项 --t。（是不是指其中之一：'--tokens', '--type'？）"),
    ("Missing argument 'INPUTS...'.", "缺少参数 'INPUTS...'。"),
    ("Missing option '-o' / '--output'.", "缺少选项 '-o' / '--output'。"),
    ("No such command 'anlyze'.", "没有命令 anlyze。"),
    ("Got unexpected extra argument (more)", "多余的参数：more"),
    ("Got unexpected extra arguments (a b)", "多余的参数：a b"),
    ("Option '--out' requires an argument.", "选项 --out 需要一个值。"),
    ("Option '--force' does not take a value.", "选项 --force 不接受值。"),
    ("Invalid value for '--set': 'x' is not one of 'own', 'all'.", "'--set' 的值无效：'x' 不在可选值之中：'own', 'all'。"),
    ("Invalid value for '-j' / '--jobs': 0 is not in the range x>=1.", "'-j' / '--jobs' 的值无效：0 不在范围 x>=1 之内。"),
    ("Invalid value for '--max-bytes': 'lots' is not a valid integer.", "'--max-bytes' 的值无效：'lots' 不是整数。"),
    ("Invalid value for '--since': '2024-02-30' is not a date YYYY-MM-DD",
     "'--since' 的值无效：'2024-02-30' 不是 YYYY-MM-DD 格式的日期。"),
    ("Invalid value for '--corpora': Directory 'x' does not exist.", "'--corpora' 的值无效：'x' 不存在。"),
    ("Invalid value for '--out': Directory 'x' is a file.", "'--out' 的值无效：'x' 是文件，不是文件夹。"),
    ("something click may say one day", "something click may say one day"),   # unknown: kept, not lost
])
def test_click_messages_in_chinese(english, chinese):
    assert translate(english) == chinese


@pytest.mark.parametrize("english, chinese", [
    ("o.jsonl: already exists (use --force to overwrite it)", "o.jsonl：已存在（加 --force 才会覆盖）"),
    ("a: b.csv: cannot write (No space left on device); earlier output left intact",
     "a: b.csv：无法写入（No space left on device）；原有输出未改动"),          # a colon in the name stays
    ("out.jsonl:3: not a record written by `analyzer batch`; not resuming (the file is unchanged)",
     "out.jsonl:3：不是 analyzer batch 写出的记录；不继续（文件未改动）"),
    ("x.pdf: unknown output type '.pdf' (use .xlsx, .docx, .csv, .md or .json)",
     "x.pdf：未知的输出类型 .pdf（请用 .xlsx, .docx, .csv, .md or .json）"),
    ("something new went wrong", "something new went wrong"),                       # unknown: kept
])
def test_output_problems_in_chinese(english, chinese):
    assert output_problem(english, "zh") == chinese and output_problem(english, "en") == english


def test_every_new_message_has_both_languages():
    assert set(MESSAGES["zh"]) == set(MESSAGES["en"])
    for key in ("batch_summary", "batch_skipped", "eval_no_sets", "train_same", "tables_written", "check_ok"):
        assert HAN.search(MESSAGES["zh"][key]) and not HAN.search(MESSAGES["en"][key]), key


@pytest.mark.parametrize("lang, wanted", [
    ("en", "1/10 docs  1.0/5.0 MB   20%  0.5 docs/s 0.50 MB/s  ETA 0:08"),      # as before, byte for byte
    ("zh", "1/10 份  1.0/5.0 MB   20%  每秒 0.5 份 0.50 MB/s  剩余 0:08"),
])
def test_the_progress_line_follows_the_language(monkeypatch, lang, wanted):
    import io

    from analyzer.batch.progress import Progress

    monkeypatch.setenv("ANALYZER_LANG", lang)
    p = Progress(io.StringIO(), enabled=False)
    p.set_totals(10, 5_000_000)
    p.advance(1_000_000)
    assert p.line(p.start + 2) == wanted


@pytest.mark.parametrize("english, chinese", [
    ("training on 900 clauses, 120 held out", "用 900 句训练，留出 120 句"),
    ("  C=0.5: category macro-F1 0.712, problem F1 0.803 (5-fold CV)",
     "  C=0.5：类别 macro-F1 0.712，问题 F1 0.803（5 折交叉验证）"),
    ("  problem logit shift 0.25 (CV F1 0.811, unshifted 0.803)", "  问题 logit 偏移 0.25（交叉验证 F1 0.811，不偏移 0.803）"),
    ("  `other` logit shift -0.5 (CV macro-F1 0.720, unshifted 0.712)",
     "  other 类 logit 偏移 -0.5（交叉验证 macro-F1 0.720，不偏移 0.712）"),
    ("held-out: category macro-F1 0.690, problem F1 0.790", "留出集：类别 macro-F1 0.690，问题 F1 0.790"),
    ("wrote m/classifier.json and m/classifier.npz", "已写出 m/classifier.json 和 m/classifier.npz"),
    ("a line the table does not know", "a line the table does not know"),
])
def test_the_training_log_in_chinese(english, chinese):
    from analyzer.messages import train_log

    assert train_log(english, "zh") == chinese and train_log(english, "en") == english


@pytest.mark.parametrize("english, chinese", [
    ("corpus_clauses.jsonl: gov/a.html not found in corpus; its 29 labels skipped",
     "corpus_clauses.jsonl：在 corpus 中找不到 gov/a.html；其 29 条标注已跳过"),
    ("own.jsonl:4: seeds/x.txt@10-40 does not match the seed text (hash); label skipped",
     "own.jsonl:4：seeds/x.txt@10-40 与文件内容不符（哈希不同）；该标注已跳过"),
    ("ledger_gold.jsonl: seeds/x.txt not found; skipped", "ledger_gold.jsonl：找不到 seeds/x.txt；已跳过"),
    ("ledger_gold.jsonl: seeds/x.txt does not match its hash; skipped", "ledger_gold.jsonl：seeds/x.txt 与其哈希不符；已跳过"),
])
def test_the_notes_of_eval_in_chinese(english, chinese):
    from analyzer.messages import eval_note

    assert eval_note(english, "zh") == chinese and eval_note(english, "en") == english


@pytest.mark.parametrize("env, args, chinese", [
    ("zh", ["analyze", "--lang", "en", "--bogus"], False),     # --lang says which, even for a usage error
    ("en", ["analyze", "--lang", "zh", "--bogus"], True),
    ("en", ["issues", "--lang=zh", "--bogus"], True),
    ("zh", ["analyze", "--bogus"], True),
    ("en", ["anlyze", "--", "--lang", "zh"], False),              # after --, not an option
])
def test_a_usage_error_follows_lang(monkeypatch, env, args, chinese):
    monkeypatch.setenv("ANALYZER_LANG", env)
    r = CliRunner().invoke(main, args, prog_name="analyzer")
    assert r.exit_code == 2 and ("用法：" in r.stderr) == chinese, r.stderr
