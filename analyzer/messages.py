"""The language of the command line's messages and readable views (zh or en).

The rule, in order: ``--lang`` where a command has it; else ``ANALYZER_LANG``;
else the locale, read as gettext reads it (the first non-empty of
``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``): a value starting with
``zh`` gives Chinese, anything else English.  ``issues --lang`` keeps its
default of Chinese for the list's headers (the list is an office document,
not a message), and the web page has its own switch (a cookie).

Messages are looked up by key in ``MESSAGES`` so that the two languages are
written side by side and a test can check every key has both.
"""
from __future__ import annotations

import os

LANGS = ("zh", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "stdin_tty": "没有给出文件：请写文件名（如 analyzer {cmd} 讲话.txt），或用 --sample 试用自带的样例，"
                     "或把文本通过管道送入（cat 讲话.txt | analyzer {cmd} -）。",
        "empty_input": "警告：{name}：文件里没有文字（空文件或只有空白）。",
        "not_results": "{path}：不是分析结果（应为每行一条带 \"text\" 和 \"directives\" 的 JSON 记录）。"
                       "结果由 analyzer batch 文件夹 -o 结果.jsonl 生成。",
        "bad_lines_more": "{path}：另有 {n} 行不是分析记录（未逐行列出）。",
        "plot_missing": "警告：未画图：--plot 需要 matplotlib，请在源码目录中运行 pip install '.[plot]'；"
                        "CSV 已照常写出。",
        "web_missing": "网页需要 Flask（{detail}）；请在源码目录中运行 pip install '.[web]'。",
        "serve_at": "分析页面已启动：{url}　（按 Ctrl+C 停止）",
        "serve_browser": "正在打开浏览器；如未打开，请手动访问上面的地址。",
        "serve_stopped": "已停止。",
        "serve_port": "无法在 {host}:{port} 上监听（{detail}）；端口可能被其他程序占用，请用 --port 换一个。",
        "interrupted": "已中断",
        "internal": "内部错误（{kind}: {detail}）；设置 ANALYZER_DEBUG=1 可查看详情",
        "none_read": "没有能读取的文件；未写出任何内容",
        "no_document": "{paths}：其中没有文档；未写出任何内容",
        "list_written": "{output}：从 {docs} 份文档整理出 {rows} 项任务",
        "list_unaddressed": "，另有 {n} 个问题没有对应措施（只列在 .json 中）",
        "serve_public": "警告：正在 {host} 上监听：能访问本机 {port} 端口的任何人都可以上传文件、查看内存中的"
                        "每份分析和台账，且没有登录。除非确有需要，请使用默认的 --host 127.0.0.1。",
        # analyzer batch (the records and the errors file stay English: machines read them)
        "batch_skipped": "跳过：{path}：{reason}",
        "batch_failed_other": "{where}：无法读取或分析（原因见错误文件）",
        "batch_summary": "batch：成功 {ok:,} 份，失败 {failed:,} 份",
        "batch_summary_skipped": "，跳过 {skipped:,} 份（已完成）",
        "batch_summary_unread": "，{unread:,} 个文件未读取（类型不支持或不匹配 --glob）",
        "batch_summary_rate": "；{mb:,.2f} MB，用时 {seconds:,.1f} 秒（每秒 {docs_s:,.1f} 份，{mb_s:,.2f} MB/s）",
        "batch_summary_failures": "；失败记录见 {path}",
        "batch_summary_interrupted": "；已中断：加 --resume 再次运行可继续",
        "progress_docs_of": "{docs:,}/{total:,} 份",
        "progress_docs": "{docs:,} 份",
        "progress_rate": "每秒 {n:,.1f} 份 {mb:,.2f} MB/s",
        "progress_eta": "剩余 {left}",
        "batch_resume_force": "--resume 与 --force 互相矛盾：是接着做，还是从头来？",
        "batch_dask_only": "{option} 只用于 --engine dask",
        "batch_jobs_scheduler": "--jobs 只决定本机集群的大小；--scheduler 指向的集群有自己的工作进程",
        "dask_waiting": "正在等待 Dask 工作进程加入 {scheduler} 上的调度器",
        "dask_no_workers": "{scheduler} 上没有 Dask 工作进程：等待其加入",
        # analyzer eval and train
        "eval_no_seeds": "找不到种子文档（请用 --seeds 文件夹 指定）",
        "eval_no_corpus": "找不到语料文档（请用 --corpus 文件夹 指定）",
        "eval_no_sets": "没有找到任何标注集",
        "eval_ledger_no_seeds": "ledger：找不到 ../shared/seeds（请用 --seeds 文件夹 指定）；未评分",
        "train_needs_sklearn": "训练需要 scikit-learn：请在源码目录中运行 pip install '.[train]'",
        "train_no_corpus": "找不到 ../shared/corpus：训练时不含语料中的句子（随包模型训练时含有）",
        "train_same": "重新训练的结果与随包模型逐字节相同",
        "train_differs": "重新训练的结果与随包模型不同（请运行 analyzer train）",
        # analyzer tables, compare, query, check-data
        "tables_written": "tables：已写出 {output}（{fmt}），各表行数：{counts}",
        "meta_unused": "{meta}：有 {n} 行没有对应任何文档（第一行：{first}）",
        "parquet_missing": "Parquet 需要 pyarrow：请在源码目录中运行 pip install '.[parquet]'（或 pip install pyarrow）",
        "figures_missing": "画图需要 matplotlib：请在源码目录中运行 pip install '.[plot]'（或 pip install matplotlib）；"
                           "表格照常写出",
        "compare_bad_by": "--by {by}：不能按此列分组；请选 year、issuer、speaker、genre 或以下之一：{known}",
        "compare_written": "compare：按 {by} 分为 {n} 组 -> {output}",
        "compare_figures": "compare：图 -> {path}",
        "compare_report": "compare：报告 -> {path}",
        "query_written": "query：{n} 条指示 -> {output}",
        "query_count": "query：{n} 条指示",
        "check_problems": "规则数据中有 {n} 个问题",
        "check_ok": "ok：{n} 套规则（{folders}），{examples} 个示例",
    },
    "en": {
        "stdin_tty": "no file given: name one (analyzer {cmd} speech.txt), try --sample, or pipe text in "
                     "(cat speech.txt | analyzer {cmd} -).",
        "empty_input": "warning: {name}: holds no text (empty or only white space).",
        "not_results": "{path}: is not analyzer results (expected one JSON record per line with \"text\" and "
                       "\"directives\"); results are made by: analyzer batch FOLDER -o results.jsonl",
        "bad_lines_more": "{path}: {n} more lines are not analyzer records (not listed one by one).",
        "plot_missing": "warning: no plot: --plot needs matplotlib: pip install '.[plot]' from a checkout; "
                        "the CSV was written.",
        "web_missing": "the web page needs Flask ({detail}): pip install '.[web]' from a checkout.",
        "serve_at": "analyzer web page: {url}   (Ctrl+C stops it)",
        "serve_browser": "opening the browser; if it does not open, go to the address above.",
        "serve_stopped": "stopped",
        "serve_port": "cannot listen on {host}:{port} ({detail}); is another program using the port? "
                      "Try another with --port",
        "interrupted": "interrupted",
        "internal": "internal error ({kind}: {detail}); set ANALYZER_DEBUG=1 for details",
        "none_read": "no document could be read; nothing written",
        "no_document": "{paths}: no document in it; nothing written",
        "list_written": "{output}: {rows} tasks from {docs} document(s)",
        "list_unaddressed": ", {n} problem(s) with no measure (listed in .json only)",
        "serve_public": "warning: listening on {host}: anyone who can reach this computer on port {port} can "
                        "upload documents and read every analysis and list kept in memory; there is no login. "
                        "Use the default --host 127.0.0.1 unless that is what you want.",
        "batch_skipped": "skipped: {path}: {reason}",
        "batch_failed_other": "{where}: could not be read or analyzed (see the errors file)",
        "batch_summary": "batch: {ok:,} ok, {failed:,} failed",
        "batch_summary_skipped": ", {skipped:,} skipped (already done)",
        "batch_summary_unread": ", {unread:,} files not read (unsupported or not matched)",
        "batch_summary_rate": "; {mb:,.2f} MB in {seconds:,.1f} s ({docs_s:,.1f} docs/s, {mb_s:,.2f} MB/s)",
        "batch_summary_failures": "; failures in {path}",
        "batch_summary_interrupted": "; interrupted: run again with --resume to continue",
        "progress_docs_of": "{docs:,}/{total:,} docs",
        "progress_docs": "{docs:,} docs",
        "progress_rate": "{n:,.1f} docs/s {mb:,.2f} MB/s",
        "progress_eta": "ETA {left}",
        "batch_resume_force": "--resume and --force contradict each other: continue, or start over?",
        "batch_dask_only": "{option} is for --engine dask",
        "batch_jobs_scheduler": "--jobs sizes a local cluster; the cluster at --scheduler has its own workers",
        "dask_waiting": "waiting for Dask workers to join the scheduler at {scheduler}",
        "dask_no_workers": "no Dask workers at {scheduler}: waiting for some to join",
        "eval_no_seeds": "seed documents not found (use --seeds DIR)",
        "eval_no_corpus": "corpus documents not found (use --corpus DIR)",
        "eval_no_sets": "no labeled sets found",
        "eval_ledger_no_seeds": "ledger: ../shared/seeds not found (use --seeds DIR); nothing scored",
        "train_needs_sklearn": "training needs scikit-learn: pip install '.[train]' from a checkout",
        "train_no_corpus": "../shared/corpus not found: training without the corpus clauses "
                           "(the shipped model was trained with them)",
        "train_same": "the shipped model is reproduced byte for byte",
        "train_differs": "the shipped model differs from a rebuild (run `analyzer train`)",
        "tables_written": "tables: {output} ({fmt}): {counts}",
        "meta_unused": "{meta}: {n} rows matched no document (first: {first})",
        "parquet_missing": "Parquet needs pyarrow: pip install '.[parquet]' from a checkout (or: pip install pyarrow)",
        "figures_missing": "figures need matplotlib: pip install '.[plot]' from a checkout (or: pip install "
                           "matplotlib); the tables are written without them",
        "compare_bad_by": "--by {by}: not a column to group by; choose year, issuer, speaker, genre, or one of: {known}",
        "compare_written": "compare: {n} groups by {by} -> {output}",
        "compare_figures": "compare: figures -> {path}",
        "compare_report": "compare: report -> {path}",
        "query_written": "query: {n} directives -> {output}",
        "query_count": "query: {n} directives",
        "check_problems": "{n} problem(s) in the rule data",
        "check_ok": "ok: {n} rule sets ({folders}), {examples} examples",
    },
}


# Set by a command given --lang, for the messages of that one run.
_chosen: str | None = None


def use_lang(lang: str | None) -> None:
    """Make ``lang`` (a command's --lang; None: not given) the language of
    this run's messages."""
    global _chosen
    _chosen = lang if lang in LANGS else None


# Why a file cannot be read: the readers say it in English; Chinese users
# (the command line in a Chinese locale, the Chinese web page) read it in
# Chinese.  Matched on the start of the reason, so that details (sizes, the
# supported list) carry over.  A reason not listed stays English on the command line; the web page
# says it generically and logs the English to the console.
_INPUT_REASONS_ZH = [
    (r"no such file", "文件不存在。"),
    (r"broken symbolic link", "符号链接指向的文件不存在。"),
    (r"is a directory", "是文件夹（处理文件夹请用 analyzer batch）。"),
    (r"is not a regular file", "不是普通文件。"),
    (r"unsupported file type '([^']*)' \(supported: ([^)]*)\)", "不支持的文件类型 {0}（支持：{1}）。"),
    (r"is not a Word \.docx file", "不是 Word .docx 文件。"),
    (r"refused: would inflate to ([\d,]+) bytes", "已拒绝：解压后将达 {0} 字节（可能是恶意压缩文件）。"),
    (r"is a damaged \.docx", "是损坏的 .docx 文件。"),
    (r"starts with a (\S+) byte-order mark", "以 {0} 字节顺序标记开头，但内容不是有效的 {0} 编码。"),
    (r"looks like a binary file", "看起来是二进制文件，不是文本。"),
    (r"cannot tell its encoding", "无法判断文件的编码（试过的编码都不像中文文本）；请另存为 UTF-8 后再试。"),
    (r"not valid JSON", "不是有效的 JSON。"),
    (r"a record must be an object", "每条记录应为带文本字段 \"text\" 的 JSON 对象。"),
    (r'"date" must be', "日期字段 \"date\" 应为 YYYY-MM-DD 格式。"),
    (r"is (?:[\d,]+ bytes, )?above the limit of ([\d,]+)", "超过 {0} 字节的上限（命令行可用 --max-bytes 调高）。"),
    # PDF, images and the other office formats (analyzer/formats)
    (r"is encrypted", "已加密（请先去掉密码）。"),
    (r"is not a readable PDF", "不是可读的 PDF 文件。"),
    (r"has no text \(empty pages\)", "没有文字（页面为空）。"),
    (r"needs OCR, which is not installed: (.*)", "是扫描件或图片，需要文字识别（OCR），尚未安装：{0}"),
    (r"is not a readable image", "不是可读的图片。"),
    (r"has no text the OCR could read", "文字识别（OCR）没有读出文字。"),
    (r"is a damaged \.xlsx", "是损坏的 .xlsx 文件。"),
    (r"is an empty workbook", "是空的工作簿（没有单元格有文字）。"),
    (r"cannot read (.+?) files: no converter is installed", "无法读取 {0} 文件：没有安装转换工具（LibreOffice 或 antiword）。"),
    (r"LibreOffice could not convert", "LibreOffice 无法转换此文件（文件损坏或格式不符？）。"),
    (r"(\S+) took more than (\d+) s", "{0} 转换超过 {1} 秒，已放弃。"),
    (r"(\S+) could not read this", "{0} 无法读取此文件。"),
    # analyzer batch and the workbench commands
    (r"unsupported file type '([^']*)'$", "不支持的文件类型 {0}。"),
    (r"not matched by --glob", "不匹配 --glob 给出的模式。"),
    (r"a path list on standard input cannot name standard input", "标准输入中的路径列表不能再写 -（标准输入）。"),
    (r"cannot read \((.*)\)", "无法读取（{0}）。"),
    (r"record is ([\d,]+) bytes, above the limit of ([\d,]+)", "该记录有 {0} 字节，超过 {1} 字节的上限（可用 --max-bytes 调高）。"),
    (r"record is not valid UTF-8", "该记录不是有效的 UTF-8 文本。"),
    (r"the worker process died", "分析它的工作进程意外退出（崩溃、内存不足或被终止）。"),
    (r"not a JSON record", "不是 JSON 记录（结果文件应由 analyzer batch 生成）。"),
    (r"not an analyzer record", "不是分析记录（结果文件应由 analyzer batch 生成）。"),
    (r"not UTF-8 text", "不是 UTF-8 文本（请把 CSV 另存为 UTF-8）。"),
    (r"empty \(a header line", "是空文件（需要一行含 id 或 file 列的表头）。"),
    (r"no key column: the header needs 'id' or 'file' \(has (.*)\)", "没有键列：表头需要 id 或 file 列（现有：{0}）。"),
    (r"two columns have the same name", "有两列同名。"),
]



def input_reason(lang: str, name: str, problem: str) -> str | None:
    """Why ``name`` could not be read, in Chinese for ``lang`` zh (None when
    the reason is not in the table), else as the reader said it."""
    if lang != "zh":
        return f"{name}: {problem}"
    text = reason_zh(problem)
    return None if text is None else f"{name}：{text}"


# The notes of `analyzer eval` on labels it cannot use (evaluate.py, ledger/scoring.py).
_EVAL_NOTES_ZH = [
    (r"(\S+?): (\S+) not found in (.+); its (\d+) labels skipped", "{0}：在 {2} 中找不到 {1}；其 {3} 条标注已跳过"),
    (r"(\S+?): (\S+) does not match the (?:seed text|file) \(hash\); label skipped",
     "{0}：{1} 与文件内容不符（哈希不同）；该标注已跳过"),
    (r"(\S+?): (\S+) not found; skipped", "{0}：找不到 {1}；已跳过"),
    (r"(\S+?): (\S+) does not match its hash; skipped", "{0}：{1} 与其哈希不符；已跳过"),
]


# Why an output cannot be written (analyzer/output.py, the batch's sink and
# runner, the workbench writers) and why the Dask engine cannot run: the whole
# message, its file first.
_OUTPUT_PROBLEMS_ZH = [
    (r"(.+): already exists \(use --force to overwrite it\)$", "{0}：已存在（加 --force 才会覆盖）"),
    (r"(.+): is a directory, not an output file$", "{0}：是文件夹，不是输出文件"),
    (r"(.+): folder (.+) does not exist$", "{0}：文件夹 {1} 不存在"),
    (r"(.+): folder (.+) is not writable$", "{0}：文件夹 {1} 不可写"),
    (r"(.+): cannot create a file in (.+) \((.*)\)$", "{0}：无法在 {1} 中创建文件（{2}）"),
    (r"(.+): cannot write \((.*)\); earlier output left intact$", "{0}：无法写入（{1}）；原有输出未改动"),
    (r"(.+): cannot (write|replace) \((.*)\)$", "{0}：无法写入（{2}）"),
    (r"(.+): cannot write the database \((.*)\)$", "{0}：无法写入数据库（{1}）"),
    (r"(.+): is a file, not a folder for the tables$", "{0}：是文件，不是存放表格的文件夹"),
    (r"(.+): is a file, not a folder for the figures$", "{0}：是文件，不是存放图的文件夹"),
    (r"(.+): cannot create the folder \((.*)\)$", "{0}：无法创建文件夹（{1}）"),
    (r"(.+): the errors file cannot be the output file$", "{0}：错误文件不能就是输出文件"),
    (r"(.+): not a record written by `analyzer batch`; not resuming", "{0}：不是 analyzer batch 写出的记录；不继续（文件未改动）"),
    (r"(.+): cannot read to resume \((.*)\)$", "{0}：无法读取，不能继续（{1}）"),
    (r"(.+): --resume and --force contradict each other", "{0}：--resume 与 --force 互相矛盾：是接着做，还是从头来？"),
    (r"(.+): unknown output type '(.*)' \(use (.*)\)$", "{0}：未知的输出类型 {1}（请用 {2}）"),
    (r"Parquet needs pyarrow", "Parquet 需要 pyarrow：请在源码目录中运行 pip install '.[parquet]'（或 pip install pyarrow）"),
    (r"--engine dask needs Dask's distributed scheduler, which is not installed: (.*)$",
     "--engine dask 需要 Dask 的 distributed 调度器，尚未安装：{0}"),
    (r"cannot connect to the Dask scheduler at (\S+) \((.*)\)$", "无法连接 {0} 上的 Dask 调度器（{1}）"),
    (r"lost the Dask cluster \((.*)\); run again with --resume to continue$",
     "与 Dask 集群失去联系（{0}）；加 --resume 再次运行可继续"),
]


# The training log of `analyzer train` (classify/train.py): its figures carry over.
_TRAIN_LOG_ZH = [
    (r"training on (\d+) clauses, (\d+) held out$", "用 {0} 句训练，留出 {1} 句"),
    (r"(\s*)C=(\S+): category macro-F1 (\S+), problem F1 (\S+) \(5-fold CV\)$",
     "{0}C={1}：类别 macro-F1 {2}，问题 F1 {3}（5 折交叉验证）"),
    (r"(\s*)problem logit shift (\S+) \(CV F1 (\S+), unshifted (\S+)\)$",
     "{0}问题 logit 偏移 {1}（交叉验证 F1 {2}，不偏移 {3}）"),
    (r"(\s*)`other` logit shift (\S+) \(CV macro-F1 (\S+), unshifted (\S+)\)$",
     "{0}other 类 logit 偏移 {1}（交叉验证 macro-F1 {2}，不偏移 {3}）"),
    (r"held-out: category macro-F1 (\S+), problem F1 (\S+)$", "留出集：类别 macro-F1 {0}，问题 F1 {1}"),
    (r"wrote (.+) and (.+)$", "已写出 {0} 和 {1}"),
]


def output_problem(text: str, lang: str | None = None) -> str:
    """Why an output cannot be written (or the Dask engine cannot run), in the
    user's language (as written when the table does not know it)."""
    return _said(text, _OUTPUT_PROBLEMS_ZH, lang)


def train_log(line: str, lang: str | None = None) -> str:
    """A line of the training log in the user's language."""
    return _said(line, _TRAIN_LOG_ZH, lang)


def _said(text: str, table, lang: str | None) -> str:
    """``text`` in Chinese through ``table`` for a Chinese user; else, or
    when the table does not know it, as written."""
    if user_lang(lang) != "zh":
        return text
    return reason_zh(text, table) or text


def eval_note(note: str, lang: str | None = None) -> str:
    """A note of `analyzer eval` in the user's language (as written when the
    table does not know it)."""
    return _said(note, _EVAL_NOTES_ZH, lang)


def reason_zh(problem: str, table=None) -> str | None:
    """A reader's or the batch's English reason in Chinese (None when the
    table does not know it)."""
    import re

    for pattern, text in _INPUT_REASONS_ZH if table is None else table:
        m = re.match(pattern, problem)
        if m:
            return text.format(*m.groups())
    return None


def user_lang(explicit: str | None = None, environ=None) -> str:
    """``explicit`` when given, else a command's --lang, else the language the
    environment asks for (see the module's docstring for the order)."""
    if explicit in LANGS:
        return explicit
    if _chosen is not None and environ is None:
        return _chosen
    env = os.environ if environ is None else environ
    for name in ("ANALYZER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = (env.get(name) or "").strip()
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def msg(key: str, lang: str | None = None, **kw) -> str:
    """The message ``key`` in ``lang`` (default: ``user_lang()``), formatted."""
    return MESSAGES[user_lang(lang)][key].format(**kw)
