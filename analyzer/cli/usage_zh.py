"""Click's own usage errors ("Usage:", "Error: No such option", "Missing
argument", bad values) in Chinese for a Chinese user.  The ``Error:``
prefix stays, as ``error:`` does (scripts look for it; docs/USAGE.md#languages).

Click formats its messages in English when it raises them; they are
rewritten here, piece by piece, when they are shown.  ``--help`` stays English
(it is the reference, docs/CLI.md).  A piece the table does not know stays as
click said it, so a new click message is never lost, only untranslated.
"""
from __future__ import annotations

import contextlib
import functools
import re

import click

# (pattern, replacement) applied in order with re.sub to click's message:
# the pieces compose ("Invalid value for '--jobs': 0 is not in the range x>=1.").
_CLICK_ZH = [
    (r"^No such option:? '?([^'\s]+?)'?\.?(?= |$)", r"没有选项 \1。"),
    (r" ?\(Did you mean one of: (.+)\?\)", r"（是不是指其中之一：\1？）"),
    (r" ?Did you mean '?([^'?]+)'?\?", r"是不是指 \1？"),
    (r" ?\(Possible options: (.+)\)", r"（可能的选项：\1）"),
    (r"^No such command '(.+?)'\.", r"没有命令 \1。"),
    (r"^Missing command\.", "缺少命令。"),
    (r"^Missing argument ('.+?')\.(?= |$)", r"缺少参数 \1。"),
    (r"^Missing option ('.+?')\.(?= |$)", r"缺少选项 \1。"),
    (r"^Missing parameter:? '?([^'\s]+?)'?\.?$", r"缺少参数 \1。"),
    (r"^Got unexpected extra arguments? \((.+)\)", r"多余的参数：\1"),
    (r"^Option '(.+?)' requires an argument\.", r"选项 \1 需要一个值。"),
    (r"^Option '(.+?)' requires (\d+) arguments\.", r"选项 \1 需要 \2 个值。"),
    (r"^Option '(.+?)' does not take a value\.", r"选项 \1 不接受值。"),
    (r"^Invalid value for (.+?): ", r"\1 的值无效："),
    (r"^Invalid value: ", "值无效："),
    # the values (click's types, and the commands' own callbacks)
    (r"('.*?') is not a date YYYY-MM-DD$", r"\1 不是 YYYY-MM-DD 格式的日期。"),
    # Python's own words on the pattern are English: only where it went wrong is kept
    (r"('.*?') is not a regular expression \(.* at position (\d+)\)$", r"\1 不是有效的正则表达式（第 \2 个字符附近有误）。"),
    (r"('.*?') is not a regular expression \(.*\)$", r"\1 不是有效的正则表达式。"),
    (r"('?.*?'?) is not a valid integer\.$", r"\1 不是整数。"),
    (r"('?.*?'?) is not a valid float\.$", r"\1 不是数字。"),
    (r"('.*?') is not one of (.+)\.$", r"\1 不在可选值之中：\2。"),
    (r"('.*?') is not ('.+')\.$", r"\1 不是可选值 \2。"),
    (r"(\S+) is not in the range (.+?)\.$", r"\1 不在范围 \2 之内。"),
    (r"(?:File|Directory|Path) ('.+?') does not exist\.$", r"\1 不存在。"),
    (r"(?:File|Directory|Path) ('.+?') is a file\.$", r"\1 是文件，不是文件夹。"),
    (r"(?:File|Directory|Path) ('.+?') is a directory\.$", r"\1 是文件夹，不是文件。"),
]


def translate(message: str) -> str:
    """Click's English ``message`` with every piece the table knows in Chinese."""
    for pattern, replacement in _CLICK_ZH:
        message = re.sub(pattern, replacement, message)
    return message


def show_zh(exc: click.ClickException, file=None) -> None:
    """What ``exc.show`` prints, in Chinese: the usage line, where to find
    help, and the error."""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        usage = re.sub(r"^Usage:\s*", "用法：", ctx.get_usage())
        click.echo(usage, err=True, file=file)
        if ctx.command.get_help_option(ctx) is not None:
            click.echo(f"查看帮助：{ctx.command_path} --help", err=True, file=file)
    click.echo("Error: " + translate(exc.format_message()), err=True, file=file)


def lang_asked(args) -> str | None:
    """The value of a ``--lang`` among the command line's ``args`` (None when
    not given): a usage error comes before the command has read it."""
    args = list(args or [])
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
    return None


@contextlib.contextmanager
def localized_errors(lang: str | None = None):
    """Let a click error raised inside show itself in the user's language
    (``lang``: a --lang given; its exit code and everything else unchanged)."""
    try:
        yield
    except click.ClickException as exc:
        from ..messages import user_lang

        if user_lang(lang) == "zh":
            exc.show = functools.partial(show_zh, exc)  # exc itself is unbound after except
        raise


class LocalizedGroup(click.Group):
    """The top-level group: its own and its commands' usage errors follow the
    user's language (``localized_errors``)."""

    def make_context(self, info_name, args, *rest, **kwargs):
        """click's ``make_context``, its usage errors in the language asked on the command line."""
        self._lang = lang_asked(args)
        with localized_errors(self._lang):
            return super().make_context(info_name, args, *rest, **kwargs)

    def invoke(self, ctx):
        """click's ``invoke``, the subcommands' usage errors in the same language."""
        with localized_errors(getattr(self, "_lang", None)):
            return super().invoke(ctx)
