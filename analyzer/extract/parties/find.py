"""Finding parties: the lexicon scan, units, coordination groups, party
positions and task roles (see the package docstring)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

from ...spans import Span
from .data import (_HEAD, _NUMQ_START, _PLACEHOLDER_START, _PUNCT, _QUOTE_OPEN, _ROLE, _SCAN_SPECIAL, Lexicon,
                   load_party_data)

# ---------------------------------------------------------------------------
# tokens

class Token(NamedTuple):
    """A token of the lexicon scan: its place, lexicon class (or other,
    punct …) and text."""
    # A NamedTuple, not a frozen dataclass: thousands are made per document
    # and a frozen dataclass pays a setattr call per field.
    start: int
    end: int
    cls: str
    text: str


_PLACEHOLDER = re.compile(r"[xX×*＊]+|某某|某")
_NUMQ = re.compile(r"(?:\d+|[一二两三四五六七八九十百几]+|[xX]+)(?:个|家|名|支)")
_PAREN = re.compile(r"[(（]([^()（）\n]{1,10})[)）]")
_ORDINAL_END = re.compile(r"(?:[一二三四五六七八九十]+[是要]|其[一二三四五六七八九十])$")
# 巡察组反馈的问题要…: the party is the agent of a relative clause, not of the directive
_RELATIVE = re.compile(r"[^\W的要须应必务得能不是将会都也还]{1,4}的")
_ADMIN_HEADS = set("乡镇县区市省州旗")
_DISTRIBUTIVE = {"各", "每个", "每一个", "其他", "所有"}
_PAREN_WORD = re.compile(r"[党纪][(（]工[)）]委|村[(（]居[)）](?:委会|委员会)?")
_ORDINAL = re.compile(r"第[一二三四五六七八九十\dxX]{1,3}(?=[\u4e00-\u9fff])")
_QUOTED = re.compile(r"[“「‘\"]([\u4e00-\u9fff]{1,8})[”」’\"]")
_QUOTABLE = {"body", "qbody", "gbody", "role"}
# Characters that may start something other than a lexicon word.
# After `对X`: X's work or situation, then the guidance or urging it receives.
_GUIDED = re.compile(
    r"(?:的)?(?:[^，。；的]{0,8}?(?:工作|情况|整改))?(?:的)?(?:业务|全过程|全面|日常)?"
    r"(?:进行|开展|加强|加大)?(?P<verb>指导督促|督促指导|督促检查|统筹调度|指导|督促|督导|帮扶|调度|领导|督办)")
_UNIT_START = {"admin", "place", "qual", "cuequal", "mod", "vmod", "body", "qbody", "gbody", "role", "suffix"}

# allowed transitions inside a unit (previous class -> next classes)
_NEXT: dict[str, set[str]] = {
    "admin": {"admin", "place", "qual", "cuequal", "mod", "vmod", "body", "qbody", "gbody", "suffix", "role", "wrole"},
    "place": {"admin", "qual", "cuequal", "mod", "vmod", "body", "qbody", "gbody", "suffix", "role", "wrole"},
    "qual": {"qual", "admin", "place", "cuequal", "mod", "vmod", "body", "qbody", "gbody", "role", "wrole"},
    "cuequal": {"gbody", "role", "wrole"},
    "mod": {"mod", "vmod", "body", "gbody", "suffix", "role"},
    "vmod": {"mod", "vmod", "body", "suffix"},
    "body": {"body", "qbody", "gbody", "suffix", "qual", "cuequal", "mod", "vmod", "role", "wrole", "de", "paren"},
    "qbody": {"body", "qbody", "gbody", "suffix", "qual", "cuequal", "mod", "vmod", "role", "wrole", "de", "paren"},
    "gbody": {"body", "qbody", "gbody", "suffix", "qual", "cuequal", "mod", "vmod", "role", "wrole", "de", "paren"},
    "suffix": {"body", "qbody", "gbody", "qual", "cuequal", "mod", "vmod", "role", "wrole", "de", "paren"},
    "paren": {"body", "qbody", "gbody", "qual", "cuequal", "mod", "vmod", "role", "wrole", "de"},
    "role": {"role", "wrole", "qual"},
    "wrole": {"role", "wrole", "qual"},
    "de": {"role", "wrole"},
}
_DE_WROLE = {"成员", "委员", "领导"}  # 单位的领导 is a role; 巡察组的干部 is a crowd
_PAREN_OK = {"admin", "qual", "mod", "vmod", "body", "qbody", "gbody", "suffix", "role"}


_PHRASE_END = re.compile(r"[，,。！？!?；;：:]")
_HEADISH = {"body", "qbody", "gbody", "suffix", "role", "wrole"}


def _phrase_has_head(phrase: str, lex: Lexicon) -> bool:
    """Can this comma-delimited phrase hold a party head?  A quick, generous
    test: a head-class word, a quoted or bracketed name, or a head character
    a lexicon word does not swallow."""
    if lex.head_chars.isdisjoint(phrase):
        return False
    if "“" in phrase or "(" in phrase or "（" in phrase or '"' in phrase:
        return True
    words = lex.words
    pos = 0
    for m in lex.word_re.finditer(phrase):
        if words[m.group()] in _HEADISH:
            return True
        # a head character between words (an unknown name ending in 局/办 …)
        if not lex.head_chars.isdisjoint(phrase[pos:m.start()]):
            return True
        pos = m.end()
    return not lex.head_chars.isdisjoint(phrase[pos:])


def scan_tokens(text: str, lex: Lexicon | None = None) -> list[Token]:
    """The lexicon tokens of ``text`` (the public form of ``_scan``): the
    scanner every extractor that needs organization or role words uses."""
    return _scan(text, lex or load_party_data())


def _scan(text: str, lex: Lexicon) -> list[Token]:
    """Cut ``text`` into tokens: maximal lexicon cover, then fewest tokens.

    Phrases (between commas) that cannot hold a head are kept as one coarse
    "other" token: no party starts or ends inside them, and the fine scan of a
    long clause is what costs."""
    if lex.word_re is None or len(text) < 24:
        return _scan_fine(text, lex)
    toks: list[Token] = []
    start = 0
    for m in _PHRASE_END.finditer(text):
        _scan_phrase(text, start, m.start(), lex, toks)
        toks.append(Token(m.start(), m.end(), "punct", m.group()))
        start = m.end()
    _scan_phrase(text, start, len(text), lex, toks)
    return toks


def _scan_phrase(text: str, start: int, end: int, lex: Lexicon, out: list[Token]) -> None:
    if start >= end:
        return
    phrase = text[start:end]
    if _phrase_has_head(phrase, lex):
        out.extend(_scan_fine(phrase, lex, start))
    else:
        out.append(Token(start, end, "other", phrase))


def _scan_fine(text: str, lex: Lexicon, offset: int = 0) -> list[Token]:
    """The full scan (see ``_scan``); token offsets are shifted by ``offset``."""
    n = len(text)
    words = lex.words
    conj = lex.ctx_sets["conj"]
    lens_by_first = lex.lens_by_first
    special = lex.special or (_SCAN_SPECIAL | {w[0] for w in conj})
    INF = (n + 1, n + 1)
    best: list[tuple[int, int]] = [INF] * (n + 1)
    back: list[tuple[int, str] | None] = [None] * (n + 1)
    best[0] = (0, 0)
    # A shortest path over positions: cost (uncovered characters, tokens).
    # Written out inline (no helper call per edge): this loop runs once per
    # character of every directive clause.
    for i in range(n):
        cur = best[i]
        if cur is INF:
            continue
        unc, cnt = cur
        ch = text[i]
        if ch not in special and ch not in lens_by_first:
            # a plain character: only the "other" edge
            cand = (unc + 1, cnt + 1)
            if cand < best[i + 1]:
                best[i + 1] = cand
                back[i + 1] = (i, "other")
            continue
        edges: list[tuple[int, str, bool]] = []
        if ch in _QUOTE_OPEN:
            m = _QUOTED.match(text, i)
            if m and words.get(m.group(1)) in _QUOTABLE:
                edges.append((m.end(), words[m.group(1)], True))  # 村“两委”, “一把手”
        if ch in "党纪村":
            m = _PAREN_WORD.match(text, i)
            if m:  # 党(工)委, 纪(工)委, 村(居)委会, 村(居)
                edges.append((m.end(), "gbody" if m.group(0)[-1] in ")）" else "body", True))
        if ch == "第":
            m = _ORDINAL.match(text, i)
            if m:
                edges.append((m.end(), "qual", True))  # 省委第三巡视组
        if ch in "(（":
            m = _PAREN.match(text, i)
            if m and _paren_is_np(m.group(1), lex):
                edges.append((m.end(), "paren", True))
        if ch in _PUNCT:
            edges.append((i + 1, "punct", True))
        else:
            for L in lens_by_first.get(ch, ()):
                if i + L > n:
                    break
                cls = words.get(text[i:i + L])
                if cls is not None:
                    edges.append((i + L, cls, True))
            for L in (1, 2):
                if i + L <= n and text[i:i + L] in conj and (text[i:i + L] not in words):
                    edges.append((i + L, "conj", True))
            if ch == "的":
                edges.append((i + 1, "de", True))
            elif ch == "等":
                edges.append((i + 1, "deng", True))
            if ch in _PLACEHOLDER_START:
                m = _PLACEHOLDER.match(text, i)
                if m:
                    edges.append((m.end(), "place", True))
            if ch in _NUMQ_START:
                m = _NUMQ.match(text, i)
                if m:
                    edges.append((m.end(), "qual", True))
            edges.append((i + 1, "other", False))
        for j, cls, covered in edges:
            cand = (unc + (0 if covered else j - i), cnt + 1)
            if cand < best[j]:
                best[j] = cand
                back[j] = (i, cls)
    toks: list[Token] = []
    j = n
    while j > 0:
        b = back[j]
        assert b is not None
        i, cls = b
        toks.append(Token(i + offset, j + offset, cls, text[i:j]))
        j = i
    toks.reverse()
    # 各镇, 各乡(街道): a one-character administrative word after 各 is a head
    for k in range(1, len(toks)):
        t = toks[k]
        if t.cls == "admin" and t.text in _ADMIN_HEADS and toks[k - 1].text in _DISTRIBUTIVE:
            toks[k] = Token(t.start, t.end, "gbody", t.text)
    return toks


def _paren_is_np(inner: str, lex: Lexicon) -> bool:
    inner = inner.strip()
    if not inner or len(inner) > 10:
        return False
    # a list such as (街道、社区) or a single name such as (党委)
    for part in re.split(r"[、，,/]", inner):
        if not part:
            return False
        toks = _scan_plain(part, lex)
        if not toks or any(t.cls not in _PAREN_OK for t in toks):
            return False
        if toks[-1].cls not in _HEAD | _ROLE and toks[-1].cls != "admin":
            return False
    return True


def _scan_plain(text: str, lex: Lexicon) -> list[Token]:
    # lexicon-only scan used inside parentheses (no recursion into parentheses)
    out: list[Token] = []
    i = 0
    n = len(text)
    while i < n:
        for L in range(min(lex.maxlen, n - i), 0, -1):
            cls = lex.words.get(text[i:i + L])
            if cls is not None:
                out.append(Token(i, i + L, cls, text[i:i + L]))
                i += L
                break
        else:
            return []
    return out


# ---------------------------------------------------------------------------
# units: maximal chains that end in a head

@dataclass
class _Unit:
    t0: int            # first token index
    t1: int            # one past the last token index kept
    start: int
    end: int
    tail: str = ""     # class of the first trimmed token after the head ("" if none)
    kind: str = "unit"  # unit | crowd | headless


def _units(toks: list[Token]) -> list[_Unit]:
    units: list[_Unit] = []
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        if tok.cls == "crowd":
            units.append(_Unit(i, i + 1, tok.start, tok.end, kind="crowd"))
            i += 1
            continue
        if tok.cls not in _UNIT_START:
            i += 1
            continue
        # extend while transitions are valid
        j = i + 1
        prev = tok.cls
        while j < n and (toks[j].cls in _NEXT.get(prev, ()) or (
                prev in _HEAD and toks[j].cls == "admin" and toks[j].text.startswith("驻"))):
            if toks[j].cls == "de" and not (j + 1 < n and (
                    toks[j + 1].cls == "role" or toks[j + 1].text in _DE_WROLE)):
                break
            prev = toks[j].cls
            j += 1
        # trim back to the last head
        k = j
        while k > i and toks[k - 1].cls not in _HEAD | _ROLE | {"paren"}:
            k -= 1
        if k == i:
            # no head: a headless modifier run (组织、财政…等部门) or nothing
            if all(t.cls in {"mod", "vmod", "admin", "place"} for t in toks[i:j]):
                units.append(_Unit(i, j, toks[i].start, toks[j - 1].end, kind="headless"))
            i = j if j > i else i + 1
            continue
        cls_seq = [t.cls for t in toks[i:k]]
        if len(cls_seq) == 1 and toks[i].text == "村":
            i += 1  # a lone 村 is a place word, not a party
            continue
        tail = toks[k].cls if k < n else ""
        if tail in {"other", "punct"}:
            tail = ""
        u = _Unit(i, k, toks[i].start, toks[k - 1].end, tail=tail)
        if cls_seq[0] == "suffix":
            u.kind = "needstem"  # 局 alone: only with an unknown stem (住房保障局)
        units.append(u)
        i = k
    return units


# ---------------------------------------------------------------------------
# groups

@dataclass
class _Group:
    items: list[_Unit]
    start: int
    end: int
    parties: list[tuple[int, int]] = field(default_factory=list)  # (start, end) spans
    rule: str = ""


def _longest_suffix(text: str, words: Iterable[str], maxlen: int) -> str:
    best = ""
    wset = words if isinstance(words, (set, frozenset)) else set(words)
    for L in range(1, min(maxlen, len(text)) + 1):
        w = text[-L:]
        if w in wset and L > len(best):
            best = w
    return best


def _left_context(clause: str, toks: list[Token], t0: int, lex: Lexicon) -> tuple[str, str]:
    """Classify what precedes token ``t0``: (kind, word)."""
    if t0 == 0:
        return "boundary", ""
    prev = toks[t0 - 1]
    if prev.cls == "punct":
        return "boundary", prev.text
    if prev.text == "、" and (t0 < 2 or toks[t0 - 2].cls == "punct" or toks[t0 - 2].text.isdigit()
                              or toks[t0 - 2].text in "一二三四五六七八九十"):
        return "boundary", prev.text  # 1、各单位要…
    if prev.cls == "de":
        return "de", "的"
    if prev.cls == "crowd" and prev.text in {"其", "我", "你", "他", "她", "谁"}:
        return "pronoun", prev.text
    before = clause[max(0, prev.end - 12):prev.end]
    if _ORDINAL_END.search(before):
        return "opener", _ORDINAL_END.search(before).group(0)
    best_kind, best_word = "", ""
    for kind in ("pivot", "agent_frame", "recipient", "preposition", "opener"):
        w = _longest_suffix(before, lex.ctx_sets[kind], lex.ctx_maxlen)
        if len(w) > len(best_word):
            best_kind, best_word = kind, w
    if best_kind:
        return best_kind, best_word
    return "other", prev.text


_STEM_SUFFIX = set("局委办厅院科部")  # one-character heads that may take an unknown name
_STEM_BLOCK = set("要请由对向在把将和与及的了是等为从被给也都还就并或而以之其我你他她该此这那个")
_STEM_VERBS = ("成立", "组建", "设立", "建立", "明确", "落实", "加强", "强化", "抓好", "做好", "开展",
               "推动", "加大", "完善", "健全", "形成", "构建", "发挥", "提高", "提升", "召开", "坚持",
               "实行", "实施", "通过", "利用", "借助", "依托", "整合", "组成", "选派", "派出", "抽调")


def _try_stem(clause: str, toks: list[Token], unit: _Unit, lex: Lexicon) -> int | None:
    """Extend a unit left over 1-4 unknown characters to a boundary (住房保障|局, 柞水|县纪委).

    Only for units whose first token can take a name in front of it (a one-character
    head or prefix, or a modifier).  Returns the new first token index, or None.
    """
    first = toks[unit.t0]
    if not ((unit.kind == "needstem" and first.text in _STEM_SUFFIX) or first.cls in {"mod", "vmod"}
            or (first.cls == "admin" and len(first.text) == 1)):
        return None
    for steps in range(1, 5):
        idx = unit.t0 - steps
        if idx < 0:
            return None
        t = toks[idx]
        if t.cls != "other" or t.text in _STEM_BLOCK or not ("\u4e00" <= t.text <= "\u9fff"):
            return None
        kind, _ = _left_context(clause, toks, idx, lex)
        if kind in {"boundary", "pivot", "agent_frame", "opener"}:
            stem = clause[t.start:first.start]
            if any(w in stem for w in _STEM_VERBS):
                return None
            return idx
    return None


def _starts_with_any(text: str, words: Iterable[str]) -> str:
    best = ""
    for w in words:
        if text.startswith(w) and len(w) > len(best):
            best = w
    return best


def _in_title(clause: str, start: int, end: int) -> bool:
    """Inside 《…》, or inside a quotation that says more than the party itself."""
    depth = 0
    for ch in clause[:start]:
        if ch == "《":
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
    if depth:
        return True
    # “…” quotes
    open_q = clause.rfind("“", 0, start)
    close_q = clause.rfind("”", 0, start)
    if open_q > close_q:
        close_after = clause.find("”", end)
        if close_after != -1 and not (open_q == start - 1 and close_after == end):
            return True
    return False


def _group_units(units: list[_Unit], toks: list[Token], lex: Lexicon) -> list[list[_Unit]]:
    groups: list[list[_Unit]] = []
    cur: list[_Unit] = []
    for u in units:
        if cur:
            last = cur[-1]
            between = toks[last.t1:u.t0]
            joined = False
            if len(between) == 1 and between[0].cls in {"conj", "deng"}:
                joined = True
            if joined:
                cur.append(u)
                continue
            groups.append(cur)
        cur = [u]
    if cur:
        groups.append(cur)
    return groups


def _unit_is_generic_bare(u: _Unit, toks: list[Token]) -> bool:
    ts = toks[u.t0:u.t1]
    return len(ts) == 1 and ts[0].cls == "gbody"


def _unit_has_role(u: _Unit, toks: list[Token]) -> bool:
    return u.kind != "crowd" and toks[u.t1 - 1].cls in _ROLE


def _unit_has_body(u: _Unit, toks: list[Token]) -> bool:
    return any(t.cls in _HEAD or t.cls == "paren" for t in toks[u.t0:u.t1])


def _deng_tail(u: _Unit, toks: list[Token], lex: Lexicon) -> bool:
    """A unit that only closes a list after 等: 部门, 相关部门, 多个单位, x个单位."""
    ts = toks[u.t0:u.t1]
    last = ts[-1]
    heads = lex.ctx_sets["deng_heads"]
    if last.cls not in {"gbody", "body", "qbody"}:
        return False
    if not any(last.text.endswith(h) for h in heads):
        return False
    return all(t.cls in {"qual", "gbody"} for t in ts[:-1]) and (
        last.cls == "gbody" or last.text in {"相关部门", "有关部门", "职能部门", "成员单位"}
    )


def _resolve_group(items: list[_Unit], toks: list[Token], lex: Lexicon,
                   between: list[list[Token]]) -> list[tuple[int, int]]:
    """Turn a coordination group into party spans (start, end)."""
    # 1. X等部门: drop the generic tail when every conjunct before it is complete
    seq = list(items)
    seps = list(between)  # seps[i] separates seq[i] and seq[i+1]
    if len(seq) >= 2 and seps[-1] and seps[-1][0].cls == "deng" and _deng_tail(seq[-1], toks, lex):
        if not any(u.kind == "headless" for u in seq[:-1]):
            seq = seq[:-1]
            seps = seps[:-1]
    # 2. spans with merges
    spans: list[list] = []  # [start, end, has_role, has_body, pending_headless]
    pending: int | None = None
    for idx, u in enumerate(seq):
        if u.kind == "crowd":
            pending = None
            continue
        if u.kind == "headless":
            if pending is None:
                pending = u.start
            continue
        start = pending if pending is not None else u.start
        pending = None
        prev_ok = spans and idx > 0 and seq[idx - 1].kind not in {"crowd", "headless"}
        sep_text = "".join(t.text for t in seps[idx - 1]) if idx > 0 and idx - 1 < len(seps) else ""
        if prev_ok and (_unit_is_generic_bare(u, toks) or sep_text == "及其"):
            spans[-1][1] = u.end  # 相关单位和部门, 领导小组及其办公室: one party
            continue
        spans.append([start, u.end, _unit_has_role(u, toks), _unit_has_body(u, toks)])
    if not spans:
        return []
    # 3. role distribution: X和Y主要负责人 -> one party
    if len(spans) >= 2:
        last = spans[-1]
        last_unit = next(u for u in reversed(seq) if u.kind not in {"crowd", "headless"})
        last_has_body_before_role = any(
            t.cls in _HEAD or t.cls == "paren" for t in toks[last_unit.t0:last_unit.t1]
        )
        if last[2] and last_has_body_before_role and all(not s[2] and s[3] for s in spans[:-1]):
            # only when the conjuncts are contiguous (no crowd in between)
            return [(spans[0][0], last[1])]
    return [(s[0], s[1]) for s in spans]


# ---------------------------------------------------------------------------
# roles

_SUPERVISE_HEAD = re.compile(r"(?<!被)(督查|督导|督办|监督|检查)(工作)?(组|室|办|专班|小组|工作组|组长|员)")


def _role_from_text(text: str, lex: Lexicon) -> str | None:
    if re.search(r"牵头|主责|主办|第一责任人|主体责任人", text):
        return "lead"
    if re.search(r"配合|协办|参与|协作", text):
        return "support"
    if _SUPERVISE_HEAD.search(text):
        return "supervise"
    return None


def _role_from_predicate(pred: str, lex: Lexicon) -> str | None:
    masked = pred
    for w in sorted(lex.ctx["cue_void"], key=len, reverse=True):
        masked = masked.replace(w, "\0" * len(w))
    best: tuple[int, str] | None = None
    for role, key in (("lead", "cue_lead"), ("support", "cue_support"), ("supervise", "cue_supervise")):
        for w in lex.ctx[key]:
            pos = masked.find(w)
            if pos != -1 and (best is None or pos < best[0]):
                best = (pos, role)
    return best[1] if best else None


# ---------------------------------------------------------------------------
# public API

def normalize_party_name(text: str, lex: Lexicon | None = None) -> str:
    """Normalized party name: half-width parentheses, no 的 between body and role,
    no quotes or spaces."""
    lex = lex or load_party_data()
    s = text.replace("（", "(").replace("）", ")")
    s = re.sub(r"[\s“”\"‘’'「」]", "", s)
    if "的" in s:
        toks = _scan(s, lex)
        keep = []
        for i, t in enumerate(toks):
            if t.cls == "de" and i > 0 and toks[i - 1].cls in _HEAD | {"paren"} and i + 1 < len(toks) \
                    and all(x.cls in _ROLE | {"qual"} for x in toks[i + 1:]) and toks[-1].cls in _ROLE:
                continue
            keep.append(t.text)
        s = "".join(keep)
    return s


def find_parties(clause: str, lex: Lexicon | None = None) -> list[Span]:
    """The responsible parties a directive clause names, in text order.

    Offsets are into ``clause``; ``label`` is ``body`` or ``role``; ``value`` holds
    the normalized ``name`` and the task ``role`` (lead/support/supervise/None);
    ``rule`` says which position licensed the party.
    """
    if not clause:
        return []
    lex = lex or load_party_data()
    if lex.head_chars.isdisjoint(clause):
        return []
    toks = _scan(clause, lex)
    units = _units(toks)
    # stems for name heads with unknown modifiers (住房保障局, 柞水县纪委)
    for u in units:
        if u.kind in {"unit", "needstem"} and _left_context(clause, toks, u.t0, lex)[0] == "other":
            k = _try_stem(clause, toks, u, lex)
            if k is not None:
                u.t0 = k
                u.start = toks[k].start
                u.kind = "unit"
    units = [u for u in units if u.kind != "needstem"]
    groups = _group_units(units, toks, lex)

    accepted: list[tuple[list[tuple[int, int]], str, int]] = []  # spans, rule, group end
    for items in groups:
        if all(u.kind in {"crowd", "headless"} for u in items):
            continue
        g_start = items[0].start
        g_end = items[-1].end
        if _in_title(clause, g_start, g_end):
            continue
        first_t, after_t = items[0].t0, items[-1].t1
        quoted = (first_t > 0 and after_t < len(toks) and toks[first_t - 1].text in "“「‘\""
                  and toks[after_t].text in "”」’\"")
        if quoted:  # “一把手”要… : judge the context outside the quotes
            first_t -= 1
            after_t += 1
        kind, word = _left_context(clause, toks, first_t, lex)
        guided = None
        if kind == "preposition" and word in ("对", "对于") and after_t < len(toks):
            # 加强对分管单位和联系村的指导督促 / 对各督查组的工作进行统筹调度:
            # the body after 对 is the one guided or urged, so it is a party.
            guided = _GUIDED.match(clause, toks[after_t].start)
        if guided is not None:
            kind, word = "guided", guided.group("verb")
        elif kind in {"de", "pronoun", "recipient", "preposition", "other"}:
            continue
        if kind == "agent_frame" and word == "作为":
            # 作为X，… opens the clause; "Y作为第一责任人" only describes Y
            pos = toks[first_t].start - len(word)
            if pos > 0 and clause[pos - 1] not in _PUNCT:
                continue
        if (len(items) == 1 and clause[g_start:g_end] in lex.ctx_sets["field_label"]
                and clause[g_end:g_end + 1] in {"：", ":"}):
            label_role = _role_from_text(clause[g_start:g_end], lex)
            accepted.append(([], "label", g_end, label_role))
            continue
        last = items[-1]
        after = clause[toks[after_t].start:] if after_t < len(toks) else ""
        after_tok = toks[after_t] if after_t < len(toks) else None
        if after_tok is not None and after_tok.cls == "meeting":
            continue
        if after_tok is not None and after_tok.cls == "de" and kind not in ("agent_frame", "guided"):
            # 追究相关责任人的责任: held to account
            if not (kind == "pivot" and word in lex.ctx_sets["account"]
                    and re.match(r"的(主体|监督|领导|直接|管理|整改)?(责任|职责)", after)):
                continue
        possessed = _starts_with_any(after, lex.ctx["possessed"])
        if kind in {"boundary", "opener"}:
            if possessed or _RELATIVE.match(after):
                continue
            if last.tail == "mod":
                continue
            rule = "subject" if kind == "boundary" else f"subject:{word}"
        elif kind == "pivot":
            if possessed and not (
                word in lex.ctx_sets["account"] and re.match(r"(主体|监督|领导|直接|管理|整改)?(责任|职责)", after)
            ):
                continue
            if last.tail == "mod" and not possessed:
                continue  # 推动机关党建… : the body only modifies a noun
            rule = f"object:{word}"
        elif kind == "guided":
            rule = f"guided:{word}"
        else:  # agent_frame
            rule = f"agent:{word}"
        between = [toks[items[i].t1:items[i + 1].t0] for i in range(len(items) - 1)]
        spans = _resolve_group(items, toks, lex, between)
        if spans:
            accepted.append((spans, rule, g_end, None))

    out: list[Span] = []
    field_role: str | None = None
    has_label = False
    for gi, (spans, rule, g_end, label_role) in enumerate(accepted):
        if rule == "label":  # 牵头单位：X、Y — the label is no party, it gives X, Y a role
            field_role, has_label = label_role, True
            continue
        later = [a[0][0][0] for a in accepted[gi + 1:] if a[0]]
        nxt = later[0] if later else len(clause)
        pred = clause[g_end:nxt]
        if rule.startswith("agent:") and rule != "agent:作为":
            # 由X牵头 / 由X负责 / 由X配合: only the verb right after the frame counts
            pred = re.sub(r"^等[^，,。；;、]{0,4}?(?=牵头|负责|负总责|配合|协助|协同|参与|督办|监督)", "", pred)[:4]
        seg = re.split(r"[，,：:]", pred, maxsplit=1)
        pred_role = _role_from_predicate(seg[0], lex)
        if pred_role is None and len(seg) > 1 and not rule.startswith("object:"):
            pred_role = _role_from_predicate(seg[1], lex)
        for s, e in spans:
            if clause[s] in _QUOTE_OPEN and clause[e - 1] in "”」’\"":
                s, e = s + 1, e - 1  # “一把手” -> 一把手
            text = clause[s:e]
            role = _role_from_text(text, lex) or (field_role if has_label else pred_role)
            last_tok = None
            for t in toks:
                if t.start < e <= t.end:
                    last_tok = t
                    break
            label = "role" if last_tok is not None and last_tok.cls in _ROLE else "body"
            out.append(Span(s, e, text, label,
                            {"name": normalize_party_name(text, lex), "role": role},
                            "field" if has_label and rule == "subject" else rule))
    out.sort(key=lambda sp: (sp.start, sp.end))
    # never overlapping
    cleaned: list[Span] = []
    for sp in out:
        if cleaned and sp.start < cleaned[-1].end:
            continue
        cleaned.append(sp)
    return cleaned


def find_organizations(text: str, lex: Lexicon | None = None) -> list[Span]:
    """Every organization or role name in ``text``, wherever it stands (not
    only in a party position, unlike ``find_parties``).

    Spans are maximal lexicon chains ending in an organization head (label
    ``body``) or a role head (``role``), with the normalized ``name``; rule
    ``unit``.  Sorted, never overlapping."""
    lex = lex or load_party_data()
    if not text or lex.head_chars.isdisjoint(text):
        return []
    toks = _scan(text, lex)
    out = []
    for u in _units(toks):
        if u.kind != "unit":
            continue
        name = text[u.start:u.end]
        label = "role" if toks[u.t1 - 1].cls in _ROLE else "body"
        out.append(Span(u.start, u.end, name, label, {"name": normalize_party_name(name, lex)}, "unit"))
    return out


def link_parties(names: Iterable[str], lex: Lexicon | None = None) -> dict[str, str]:
    """Map every name to the fullest body the same document names for it.

    ``各科室`` -> ``区组织部各科室`` when that longer name is present: the longer name
    ends with the short one and what it adds in front is an owner (an administrative
    prefix or a complete body).  Distinct bodies stay distinct: ``区纪委`` is not
    ``区纪委监委`` (neither ends with the other).  A short name with two different
    possible owners stays as it is.  Names map to themselves when nothing links.
    """
    lex = lex or load_party_data()
    normed = {}
    for n in names:
        normed[n] = normalize_party_name(n, lex)
    uniq = sorted(set(normed.values()), key=len)
    target: dict[str, str] = {}
    for a in uniq:
        cands = []
        for b in uniq:
            if len(b) <= len(a) or not b.endswith(a):
                continue
            owner = b[: len(b) - len(a)]
            toks = _scan_plain(owner, lex)
            if not toks:
                continue
            classes = [t.cls for t in toks]
            owner_ok = classes[-1] in _HEAD | {"admin"} and all(
                c in {"admin", "mod", "vmod", "body", "qbody", "gbody", "suffix", "qual"} for c in classes
            )
            if classes[-1] == "qual" or (classes[-1] in {"admin"} and a[:1] in {"各", "全"}):
                owner_ok = False
            a_first = _scan_plain(a, lex)
            if not a_first or a_first[0].cls in {"mod", "vmod", "suffix"}:
                owner_ok = False
            if owner_ok:
                cands.append(b)
        # keep only maximal candidates; several unrelated owners -> ambiguous
        maximal = [c for c in cands if not any(o != c and o.endswith(c) for o in cands)]
        if len(maximal) == 1:
            target[a] = maximal[0]
    def resolve(x: str) -> str:
        seen = set()
        while x in target and x not in seen:
            seen.add(x)
            x = target[x]
        return x
    return {orig: resolve(n) for orig, n in normed.items()}
