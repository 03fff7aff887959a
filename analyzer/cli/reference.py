"""The command-line reference (docs/CLI.md), generated from the click
commands' own help, so that the documentation cannot drift from them.

    python -m analyzer.cli.reference docs/CLI.md   # regenerate
    python -m analyzer.cli.reference               # print it

tests/cli/test_reference.py fails when docs/CLI.md differs from ``render()``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

# Help is wrapped at a fixed width, not the terminal's, so that the file is
# the same wherever it is generated.
WIDTH = 100
COMMAND = "python -m analyzer.cli.reference docs/CLI.md"


def _context(command: click.Command, name: str, parent: click.Context | None = None) -> click.Context:
    settings = {**command.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    return click.Context(command, info_name=name, parent=parent, **settings)


def render() -> str:
    """docs/CLI.md: ``analyzer --help``, then each command's ``--help``, in name order."""
    from . import main

    parent = _context(main, "analyzer")
    parts = ["# Command-line reference", "",
             f"Generated from the commands' `--help` by `{COMMAND}`; do not edit by hand",
             "(tests/cli/test_reference.py checks that it is current).", "",
             "## analyzer", "", "```text", main.get_help(parent), "```", ""]
    for name in sorted(main.commands):
        command = main.commands[name]
        if command.hidden:
            continue
        parts += [f"## analyzer {name}", "", "```text", command.get_help(_context(command, name, parent)), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    if len(sys.argv) > 2:
        sys.exit(f"usage: {COMMAND}  (or no argument: print it)")
    if len(sys.argv) == 2:
        Path(sys.argv[1]).write_text(render(), encoding="utf-8")
    else:
        sys.stdout.write(render())
