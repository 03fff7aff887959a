"""The party data: the lexicon (corpora/parties/lexicon.tsv, one word a line
with its class) and the context word lists (context.toml), validated on load;
every problem is a ``DataError`` naming file and line or key."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ...resources import DataError, corpus_path, literal_pattern, rule_loader

# Token classes and scan characters the loader precomputes tables from.
_PUNCT = set("，,。．.！!？?；;：:“”‘’\"'「」『』()（）【】[]《》〈〉<>…—-–~～·・ 　\t\r\n|/\\")
_PLACEHOLDER_START = set("xX×*＊某")
_NUMQ_START = set("0123456789一二两三四五六七八九十百几xX")
_QUOTE_OPEN = "“「‘\""
_HEAD = {"body", "qbody", "gbody", "suffix"}
_ROLE = {"role", "wrole"}
_SCAN_SPECIAL = frozenset(_PUNCT | set(_QUOTE_OPEN) | set("党纪村第(（的等") | _PLACEHOLDER_START | _NUMQ_START)


LEXICON_CLASSES = frozenset(
    {"admin", "qual", "cuequal", "mod", "vmod", "body", "gbody", "suffix", "role", "wrole",
     "crowd", "meeting", "stop"}
)
CONTEXT_KEYS = (
    "pivot", "account", "agent_frame", "recipient", "preposition", "opener", "conj",
    "cue_lead", "cue_support", "cue_supervise", "cue_void", "possessed", "deng_heads",
    "field_label",
)
_CJK_WORD = re.compile(r"^[\u3400-\u9fff]+$")
_CONTEXT_WORD = re.compile(r"^[^\s]+$")


@dataclass(frozen=True)
class Lexicon:
    """The loaded party data: words by class, context lists, and tables precomputed for the scan."""
    words: dict[str, str]
    ctx: dict[str, tuple[str, ...]]
    maxlen: int
    ctx_sets: dict[str, frozenset[str]] = field(default_factory=dict)
    ctx_maxlen: int = 1
    lens_by_first: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # Characters that can end a head (body, suffix, role …): a clause without
    # any of them names no party, so it is not scanned at all.
    head_chars: frozenset[str] = frozenset()
    # Characters at which the scan must look beyond the plain "other" edge.
    special: frozenset[str] = frozenset()
    # All lexicon words, longest first: finds the comma-delimited phrases that
    # hold a head word, the only ones the full scan must cut finely.
    word_re: re.Pattern | None = None


def _read_lexicon(path: Path) -> dict[str, str]:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read party lexicon: {exc}") from exc
    words: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for lineno, line in enumerate(raw.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        parts = line.rstrip("\r\n").split("\t")
        if len(parts) != 2:
            raise DataError(f"{path}:{lineno}: expected 'class<TAB>word', got {line!r}")
        cls, word = parts[0].strip(), parts[1].strip()
        if cls not in LEXICON_CLASSES:
            raise DataError(
                f"{path}:{lineno}: unknown class {cls!r} in {line!r} "
                f"(allowed: {', '.join(sorted(LEXICON_CLASSES))})"
            )
        if not _CJK_WORD.match(word):
            raise DataError(f"{path}:{lineno}: word {word!r} must be Chinese characters only")
        if word in words:
            raise DataError(
                f"{path}:{lineno}: duplicate word {word!r} (first on line {first_line[word]} "
                f"as {words[word]!r})"
            )
        words[word] = cls
        first_line[word] = lineno
    if not words:
        raise DataError(f"{path}: party lexicon is empty")
    return words


def _read_context(path: Path) -> dict[str, tuple[str, ...]]:
    import tomllib

    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise DataError(f"{path}: cannot read party context lists: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: invalid TOML: {exc}") from exc
    unknown = sorted(set(data) - set(CONTEXT_KEYS))
    if unknown:
        raise DataError(f"{path}: unknown key(s) {unknown}; allowed: {list(CONTEXT_KEYS)}")
    out: dict[str, tuple[str, ...]] = {}
    for key in CONTEXT_KEYS:
        if key not in data:
            raise DataError(f"{path}: missing key {key!r}")
        value = data[key]
        if not isinstance(value, list):
            raise DataError(f"{path}: key {key!r} must be a list of strings")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not _CONTEXT_WORD.match(item):
                raise DataError(
                    f"{path}: {key}[{i}] = {item!r} must be a non-empty string without spaces"
                )
        out[key] = tuple(value)
    return out


def load_lexicon(lexicon_path: str | Path | None = None,
                 context_path: str | Path | None = None) -> Lexicon:
    """Load and validate the party data; a bad row raises ValueError naming file and line."""
    lp = Path(lexicon_path) if lexicon_path else corpus_path("parties", "lexicon.tsv")
    cp = Path(context_path) if context_path else corpus_path("parties", "context.toml")
    words = _read_lexicon(lp)
    # a body that starts with a qualifier (被巡察单位, 相关部门, 牵头单位) is "qbody":
    # no modifier or verb-like modifier may stand before it
    quals = [w for w, c in words.items() if c in {"qual", "cuequal"}]
    for w, c in list(words.items()):
        if c == "body" and (w.startswith("被") or any(w.startswith(q) and w != q for q in quals)):
            words[w] = "qbody"
    ctx = _read_context(cp)
    sets = {k: frozenset(v) for k, v in ctx.items()}
    ctx_maxlen = max((len(w) for v in ctx.values() for w in v), default=1)
    lens: dict[str, set[int]] = {}
    for w in words:
        lens.setdefault(w[0], set()).add(len(w))
    head_chars = frozenset(w[-1] for w, c in words.items() if c in _HEAD | _ROLE) | frozenset("委)）")
    special = _SCAN_SPECIAL | {w[0] for w in ctx.get("conj", ())}
    word_re = re.compile(literal_pattern(words))
    return Lexicon(words=words, ctx=ctx, maxlen=max(len(w) for w in words),
                   ctx_sets=sets, ctx_maxlen=ctx_maxlen,
                   lens_by_first={c: tuple(sorted(v)) for c, v in lens.items()},
                   head_chars=head_chars, special=special, word_re=word_re)


@rule_loader("parties")
def load_party_data(directory: Path) -> Lexicon:
    """The party lexicon and context lists of ``directory`` (corpora/parties
    when called with no argument: loaded once, shared)."""
    return load_lexicon(directory / "lexicon.tsv", directory / "context.toml")


