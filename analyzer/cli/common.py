"""Options and helpers shared by the commands (one definition, many commands)."""
from __future__ import annotations

import datetime as dt
import functools
import sys

import click

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_FAILED_INPUTS = 1
EXIT_USAGE = 2


def _parse_date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date YYYY-MM-DD") from None


def input_options(fn):
    """--ref-date and --max-bytes, for every command that reads documents."""
    from ..limits import DEFAULT_MAX_BYTES

    fn = click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
                      help="Refuse input files larger than this many bytes.")(fn)
    fn = click.option("--ref-date", callback=_parse_date, metavar="YYYY-MM-DD",
                      help="Reference date for relative deadlines (default: the document's own date).")(fn)
    return fn


def output_options(fn):
    """-o/--output and --force, for every command that writes a file."""
    fn = click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")(fn)
    fn = click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
                      help="Write to this file instead of standard output.")(fn)
    return fn


# Set by a command whose process holds what the interpreter is slow to tear
# down (a Dask run: tearing down distributed's modules and objects takes some
# 0.1-0.2 s); the console script then ends with os._exit once everything is
# written (``exit_quickly``).  Only the console script looks at it: code that
# calls the commands in-process (tests, click's runner) exits as usual.
quick_exit = False


def exit_quickly(code) -> None:
    """End this process now with ``code`` (a SystemExit's), without tearing
    down the interpreter: the exit handlers run (logging flushed, child
    processes reaped), the standard streams are flushed, then os._exit.
    Returns (for a normal exit) when a thread that is not a daemon is still
    running: that exit waits for it."""
    import atexit
    import os
    import threading

    if any(t is not threading.current_thread() and t.is_alive() and not t.daemon for t in threading.enumerate()):
        return
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # a message, as Python prints it
        print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass  # a closed pipe: nothing more can reach it
    os._exit(status)


def error(message: str) -> None:
    """Print one line ``error: MESSAGE`` on stderr."""
    click.echo(f"error: {message}", err=True)


def unreadable(exc) -> None:
    """The one-line error of an input that cannot be read (an InputError), in
    the user's language where the reason is one the messages know."""
    from ..messages import input_reason, user_lang

    error(input_reason(user_lang(), exc.source, exc.problem) or str(exc))


def refuse_terminal_stdin(paths: list[str], command: str, stdin=None) -> None:
    """Exit 2 with a one-line hint when ``paths`` would read standard input
    and that is a terminal: the user forgot the file, and waiting for text
    they do not know to type looks like a hang."""
    from ..messages import msg

    stdin = sys.stdin if stdin is None else stdin
    if paths and "-" not in paths:
        return
    try:
        tty = stdin.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        tty = False
    if tty:
        click.echo(msg("stdin_tty", cmd=command), err=True)
        sys.exit(EXIT_USAGE)


def warn_if_empty(item) -> None:
    """One warning line naming a read input whose text is empty or blank
    (it is still analyzed: an empty list is its honest result)."""
    from ..messages import msg

    if not item.text.strip():
        click.echo(msg("empty_input", name=item.source), err=True)


def guarded(fn):
    """Turn expected failures into one-line errors with a non-zero exit; never a
    traceback (set ANALYZER_DEBUG=1 to see one)."""
    import os

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from ..output import OutputError
        from ..readers import InputError
        from ..resources import DataError

        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            unreadable(exc)
            sys.exit(EXIT_FAILED_INPUTS)
        except OutputError as exc:
            from ..messages import output_problem

            error(output_problem(str(exc)))
            sys.exit(EXIT_FAILED_INPUTS)
        except DataError as exc:   # the rule files: for who edits them, in English
            error(str(exc))
            sys.exit(EXIT_FAILED_INPUTS)
        except KeyboardInterrupt:
            from ..messages import msg

            error(msg("interrupted"))
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug: say so in one line, keep the exit code honest
            if os.environ.get("ANALYZER_DEBUG"):
                raise
            from ..messages import msg

            error(msg("internal", kind=type(exc).__name__, detail=exc))
            sys.exit(3)
    return wrapper
