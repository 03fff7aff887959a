"""Find and load the data files the analyzer ships: lexicons, rule tables, models.

In a source checkout they live in the top-level ``corpora/`` and ``models/``
folders; in an installed wheel the same folders are the packages
``analyzer.corpora`` and ``analyzer.models`` (see setup.cfg).  Everything is
loaded as data (TOML, TSV, JSON, NPZ without pickle): nothing read here is ever
executed.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

_HERE = Path(__file__).resolve().parent


class DataError(ValueError):
    """A data file is missing, unreadable or fails validation.

    The one error type of rule data: its message names the file and, when
    there is one, the rule (``patterns.toml: rule 'x.y': unknown type``).
    ``path`` and ``rule`` keep them for callers (``analyzer check-data``).
    """

    def __init__(self, message: str, *, path: object = None, rule: str | None = None):
        super().__init__(message)
        self.path = path
        self.rule = rule

    @classmethod
    def at(cls, path: object, rule: str | None, problem: str) -> "DataError":
        """The error for ``rule`` (None: the file as a whole) of ``path``."""
        where = f"{path}: {rule}" if rule else f"{path}"
        return cls(f"{where}: {problem}", path=path, rule=rule)


def unique_id(entry: dict, seen: set, missing: str, duplicate: str) -> str:
    """The ``id`` of a rule table, which must be a non-empty string not in
    ``seen`` (added to it); else a DataError with ``missing`` or ``duplicate``
    (formatted with ``id``)."""
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise DataError(missing)
    if rule_id in seen:
        raise DataError(duplicate.format(id=rule_id))
    seen.add(rule_id)
    return rule_id


# name -> loader, for `analyzer check-data` (every rule folder the analyzer reads).
LOADERS: dict[str, "RuleLoader"] = {}


class RuleLoader:
    """The one convention for rule data: ``load(folder)`` reads, validates and
    compiles the files of a folder under corpora/ and raises ``DataError``
    naming file and rule.

    Call the loader with no argument for the shipped data (loaded once per
    process, thread-safe), or with a folder for other data (a test's broken
    copy: loaded every time, never cached).  ``examples(data)``, when given,
    yields a problem line for each rule example the data does not find (set
    by the extractor package once its finder is importable).
    """

    def __init__(self, name: str, load, folder: str, examples=None):
        self.name, self.folder, self._load, self.examples = name, folder, load, examples
        self._data = None
        import threading

        self._lock = threading.Lock()
        self.__doc__ = load.__doc__

    def __call__(self, directory: str | Path | None = None):
        if directory is not None:
            return self._load(Path(directory))
        data = self._data
        if data is None:
            with self._lock:
                if self._data is None:
                    self._data = self._load(corpus_path(self.folder))
                data = self._data
        return data

    def check_examples(self, data) -> list[str]:
        """Problem lines for the rule examples ``data`` does not find (none
        when the rule data has no examples)."""
        return list(self.examples(data)) if self.examples else []

    def cache_clear(self) -> None:
        """Forget the shipped data (it is loaded again on the next call)."""
        with self._lock:
            self._data = None


def rule_loader(name: str, folder: str | None = None, examples=None):
    """Decorator: make ``load(folder: Path) -> data`` the ``RuleLoader``
    ``name`` of corpora/``folder`` (default: ``name``), listed in LOADERS."""
    def register(load) -> RuleLoader:
        loader = RuleLoader(name, load, folder or name, examples)
        LOADERS[name] = loader
        return loader
    return register


@functools.cache
def _root(package: str) -> Path:
    installed = _HERE / package
    if (installed / "__init__.py").exists():
        return installed
    checkout = _HERE.parent / package
    if checkout.is_dir():
        return checkout
    try:  # an unusual layout (zipapp, custom finder): ask the import system
        from importlib.resources import files

        return Path(str(files(f"analyzer.{package}")))
    except (ModuleNotFoundError, TypeError) as exc:  # pragma: no cover
        raise DataError(f"analyzer data folder '{package}' not found") from exc


def corpus_path(*parts: str) -> Path:
    """Path of a file under corpora/ (lexicons, rule tables, labeled sets)."""
    return _root("corpora").joinpath(*parts)


def model_path(*parts: str) -> Path:
    """Path of a file under models/ (trained models, as JSON/NPZ)."""
    return _root("models").joinpath(*parts)


def read_text(path: Path) -> str:
    """A UTF-8 data file's text, or a DataError naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataError(f"{path}: data file missing") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read data file ({exc})") from exc


def compile_pattern(pattern: object, where: str) -> "re.Pattern":
    """A regular expression from a data file, or a DataError saying ``where``
    (the file and the rule) and what is wrong with it."""
    import re

    if not isinstance(pattern, str) or not pattern:
        raise DataError(f"{where}: pattern must be a non-empty string")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise DataError(f"{where}: pattern does not compile: {exc}") from exc


def literal_pattern(words) -> str:
    """A regex source matching any of ``words`` (literal strings), leftmost and
    then longest, as ``"|".join`` of them sorted longest first would, but built
    as a trie (共享前缀 factored out): the regex engine tries the alternatives of
    a plain alternation one by one at every candidate position, the trie
    branches once per character.  Three times faster on the cue lists."""
    import re

    trie: dict = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        kids = sorted((ch, sub) for ch, sub in node.items() if ch)
        if not kids:
            return ""
        leaves = [re.escape(ch) for ch, sub in kids if list(sub) == [""]]
        alts = [re.escape(ch) + emit(sub) for ch, sub in kids if list(sub) != [""]]
        if leaves:
            alts.append(leaves[0] if len(leaves) == 1 else "[" + "".join(leaves) + "]")
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # Greedy optional: the longer word is tried first, the shorter one
        # (this node's own end) when it fails.
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def load_toml(*parts: str) -> dict:
    """A TOML file under corpora/ (or an absolute path given as one part)."""
    import tomllib

    path = corpus_path(*parts)
    try:
        return tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: not valid TOML ({exc})") from exc


def load_json(path: Path) -> object:
    """A JSON data file, or a DataError naming it."""
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}: not valid JSON ({exc})") from exc


def load_tsv(*parts: str, columns: int | None = None) -> list[list[str]]:
    """Rows of a tab-separated file; blank lines and ``#`` comments skipped.

    A first row whose cells equal the expected header names is the caller's to
    drop; ``columns`` checks every row has that many cells.
    """
    path = corpus_path(*parts)
    rows = []
    for lineno, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if columns is not None and len(cells) != columns:
            raise DataError(f"{path}:{lineno}: expected {columns} tab-separated cells, got {len(cells)}")
        rows.append(cells)
    return rows


def load_lines(*parts: str) -> list[str]:
    """Non-blank, non-comment lines of a word list, stripped."""
    path = corpus_path(*parts)
    return [ln.strip() for ln in read_text(path).splitlines()
            if ln.strip() and not ln.lstrip().startswith("#")]
