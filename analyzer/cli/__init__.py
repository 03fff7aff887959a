"""The command line: thin click commands over the library.

Each command lives in its own module and only parses options, calls library
functions and prints; shared options are decorators defined here.  Heavy
imports happen inside the commands, so `analyzer --help` starts fast.
"""
from __future__ import annotations

import click

from .. import __version__
from .common import CONTEXT_SETTINGS
from .usage_zh import LocalizedGroup


@click.group(cls=LocalizedGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="analyzer")
def main() -> None:
    """Chinese speech and document analyzer.

    Reads Chinese official speeches and documents (txt in any encoding, html,
    docx, PDF, scans and images, JSON Lines, stdin), normalizes them to
    simplified text, maps their outline, and extracts directives, responsible
    parties, time limits, problems and their categories.
    """
    from ..messages import use_lang

    use_lang(None)  # a --lang of an earlier command run in this process is forgotten


def run() -> None:
    """The console script ``analyzer``: ``main``, then, after a command that
    asked for it (``common.quick_exit``), an exit without the interpreter's
    teardown."""
    from . import common

    try:
        main()
    except SystemExit as exc:
        if common.quick_exit:
            common.exit_quickly(exc.code)
        raise


def _register() -> None:
    # The commands register themselves on import.
    from . import analyze, batch, check_data, compare, evaluate, issues, query, serve, stats, tables, train  # noqa: F401


_register()
