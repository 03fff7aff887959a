"""Every public function, class and method of a public class in analyzer/ says
what it is or does in a docstring (one line or more)."""
from __future__ import annotations

import ast

from project_root import ROOT

# Files another branch (shape-extract) rewrites; the lead removes this list
# at merge, once those files carry their docstrings.


def undocumented(source: str, path: str) -> list[str]:
    """``path:line name`` of each public definition of ``source`` without a docstring
    (module level, and the methods of public classes; nested functions are not public)."""
    out = []

    def visit(body, prefix):
        for node in body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            if node.name.startswith("_"):
                continue
            if not ast.get_docstring(node):
                out.append(f"{path}:{node.lineno} {prefix}{node.name}")
            if isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}{node.name}.")

    visit(ast.parse(source).body, "")
    return out


def test_every_public_definition_has_a_docstring():
    missing = []
    for p in sorted((ROOT / "analyzer").rglob("*.py")):
        rel = p.relative_to(ROOT).as_posix()
        missing += undocumented(p.read_text(encoding="utf-8"), rel)
    assert not missing, f"{len(missing)} public definitions without a docstring:\n" + "\n".join(missing)


def test_the_checker_finds_what_is_missing():
    source = '''
def documented():
    """Says what it does."""


def bare():
    return 1


def _private():
    pass


class Public:
    def method(self):
        pass

    def _helper(self):
        pass

    @property
    def told(self):
        """A property with its docstring."""


class _Hidden:
    def method(self):
        pass
'''
    assert undocumented(source, "m.py") == ["m.py:6 bare", "m.py:14 Public", "m.py:15 Public.method"]
