"""The head of a text: site navigation, title, subtitles; and what a title says.

Speech titles follow fixed formulas, so speaker and occasion are read from them:
`区组织部长在党建巡察反馈问题整改专题部署会上的讲话` -> speaker `区组织部长`,
occasion `党建巡察反馈问题整改专题部署会`.  A title without a speaker
(`在…会议上的讲话`) leaves the speaker to the text's own words
(`我对全乡整改工作负总责` -> `乡党委书记`), marked as inferred.
"""
from __future__ import annotations

import re

from .edits import Edit

# Where the body starts: a greeting, an outline heading, or a real sentence.
GREETING_RE = re.compile(r"^(?:(?:各位|尊敬的)[^。，：:]{0,20}[，、])?(?:同志们|各位领导|各位同志|同事们|朋友们|各位代表)[，、]?[^。]{0,12}[：:]\s*$")
_OUTLINE_START_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")
_SENTENCE_PUNCT_RE = re.compile(r"[。！？；]")
_DECLARED_LEN_RE = re.compile(r"\s*[(（]\s*(?P<n>\d+)\s*字\s*[)）]\s*$")
# Site navigation: three or more short items separated by blanks or bars.
_NAV_RE = re.compile(r"^(?:[^\s。，；！？、]{1,12}(?:\s+|\s*[|｜/]\s*)){2,}[^\s。，；！？、]{1,12}$")

TITLE_RE = re.compile(
    r"^(?:——\s*)?(?P<speaker>.*?)(?:同志)?(?:在|于)(?P<occasion>.+?)(?:上|中|开幕式上|闭幕式上)?的"
    r"(?:讲话|发言|致辞|报告|讲稿|动员讲话|总结讲话|主持词|讲话提纲|表态发言|交流发言|辅导报告|党课讲稿|讲话稿)"
    r"(?:[(（].*[)）])?$")
OPENING_OCCASION_RE = re.compile(
    r"今天[，,]?\s*(?:我们)?(?:在这里)?(?:隆重)?(?:召开|举行)(?:这次|本次)?(?P<occasion>[^，。；]{2,60}?(?:会议|大会|会|座谈会|推进会|部署会|动员会|培训班))[，,。]")
_SELF_ROLE_RE = re.compile(
    r"我作为(?P<who>[^，。；]{2,14}?(?:书记|主任|部长|局长|组长|县长|区长|乡长|镇长|主席|负责人))")
_SELF_LEAD_RE = re.compile(r"我对全(?P<unit>[乡镇县区市省])[^，。；]{0,14}负总责")


def parse_title(title: str) -> dict:
    """speaker / occasion read from a speech title; {} when it is not one."""
    m = TITLE_RE.match(title.strip())
    if not m:
        return {}
    out = {"occasion": m.group("occasion").strip()}
    speaker = m.group("speaker").strip(" ：:—")
    if speaker:
        out["speaker"] = speaker
    return out


def infer_speaker(body: str) -> str | None:
    """The speaker's role from how the speaker speaks of themself, if they do."""
    m = _SELF_ROLE_RE.search(body)
    if m:
        return m.group("who")
    m = _SELF_LEAD_RE.search(body)
    if m:
        return f"{m.group('unit')}党委书记"
    return None


def opening_occasion(text: str) -> str | None:
    """The occasion a speech's opening sentence names (今天召开…会议), or None."""
    m = OPENING_OCCASION_RE.search(text)
    return m.group("occasion") if m else None


def is_body_line(line: str) -> bool:
    """Whether a line reads as body text (a greeting, an outline item, or a long sentence) rather than header."""
    if GREETING_RE.match(line) or _OUTLINE_START_RE.match(line):
        return True
    return len(line) >= 40 and bool(_SENTENCE_PUNCT_RE.search(line)) or len(line) >= 80


def _title_key(line: str) -> str:
    return _DECLARED_LEN_RE.sub("", line).strip()


def header_edits(text: str, max_lines: int = 12) -> tuple[list[Edit], dict]:
    """Edits that take the head of the text (before the body starts) out of the
    body, and the metadata it holds: title, subtitles, declared length."""
    edits: list[Edit] = []
    meta: dict = {}
    pos = 0
    seen = 0
    title_key = None
    lines = []
    while pos < len(text) and seen < max_lines:
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        end_nl = len(text) if nl < 0 else nl + 1
        lines.append((pos, end, end_nl))
        pos = end_nl
        seen += 1
    body_lines = [i for i, (s, e, _) in enumerate(lines) if text[s:e].strip() and is_body_line(text[s:e].strip())]
    if not body_lines:
        return edits, meta  # one paragraph, a clause, or no head: nothing to take
    head = lines[:body_lines[0]]
    for s, e, e_nl in head:
        line = text[s:e].strip()
        if not line:
            continue
        if _NAV_RE.match(line) and title_key is None:
            edits.append(Edit(s, e_nl, "", kind="boilerplate", detail={"rule": "site-nav"}))
            continue
        key = _title_key(line)
        if title_key is None:
            title_key = key
            meta["title"] = key
            m = _DECLARED_LEN_RE.search(line)
            if m:
                meta["declared_length"] = int(m.group("n"))
            edits.append(Edit(s, e_nl, "", kind="metadata", detail={"field": "title", "value": key}))
        elif key == title_key:
            edits.append(Edit(s, e_nl, "", kind="metadata", detail={"field": "title", "value": key, "duplicate": True}))
        else:
            meta.setdefault("subtitles", []).append(line)
            edits.append(Edit(s, e_nl, "", kind="metadata", detail={"field": "subtitle", "value": line}))
    for sub in meta.get("subtitles", []):
        if "speaker" not in meta and "occasion" not in meta and parse_title(sub):
            meta.update(parse_title(sub))
    if "title" in meta:
        for key, value in parse_title(meta["title"]).items():
            meta.setdefault(key, value)
    return edits, meta
