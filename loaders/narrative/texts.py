"""The report's running text kept as text: 部门职责 (part one, 一、部门职责) and 名词解释 (part four).

Each duty (（一）贯彻落实…) and each term (一、财政拨款收入：单位从…) is one entry, its lines joined
back where a conversion broke them, with the line it starts on. Pure Python, no database.
"""
from __future__ import annotations

import re

from juesuan.loaders.grids import TextLine
from juesuan.loaders.narrative.sentences import clean_line, part_lines
from juesuan.loaders.report import NarrativeText

DUTIES, GLOSSARY = "部门职责", "名词解释"
DUTY_HEADINGS = ("职责", "职能")   # 一、部门职责; 一、主要职能 (Shanghai)

_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、\s*")
_DUTY_LABEL = re.compile(r"^([（(][一二三四五六七八九十]+[）)]|\d+\s*[.、．])\s*")
_TERM = re.compile(r"^(?P<label>[一二三四五六七八九十]+、|\d+\s*[.、．])\s*(?P<term>[^：:]{1,30})[：:]\s*(?P<text>.*)$")
_ENDS = tuple("。！？；;")


def read_texts(lines: list[TextLine]) -> list[NarrativeText]:
    return _duties(part_lines(lines, "一")) + _glossary(part_lines(lines, "四"))


def _entries(lines: list[TextLine], starts_entry) -> list[tuple[str, TextLine]]:
    """Lines joined into entries: an entry starts where ``starts_entry`` says, or after a finished sentence."""
    out: list[tuple[str, TextLine]] = []
    for line in lines:
        text = clean_line(line.text)
        if not text:
            continue
        if out and not starts_entry(text) and not out[-1][0].endswith(_ENDS):
            out[-1] = (out[-1][0] + text, out[-1][1])
        else:
            out.append((text, line))
    return out


def _duties(lines: list[TextLine]) -> list[NarrativeText]:
    body: list[TextLine] = []
    inside = False
    for line in lines:
        text = clean_line(line.text)
        if _LEVEL1.match(text) and len(text) <= 20:   # a heading: 一、部门职责, 二、机构设置
            inside = any(word in text for word in DUTY_HEADINGS)
            continue
        if inside:
            body.append(line)
    out = []
    for seq, (text, line) in enumerate(_entries(body, lambda t: bool(_DUTY_LABEL.match(t))), start=1):
        label = _DUTY_LABEL.match(text)
        out.append(NarrativeText(DUTIES, seq, label.group(1) if label else None, None,
                                 text[label.end():] if label else text, line.where))
    return out


def _glossary(lines: list[TextLine]) -> list[NarrativeText]:
    out = []
    for text, line in _entries(lines, lambda t: bool(_TERM.match(t))):
        if m := _TERM.match(text):
            out.append(NarrativeText(GLOSSARY, len(out) + 1, m.group("label"), m.group("term").strip(),
                                     m.group("text").strip(), line.where))
        elif out:   # a paragraph under the last term (a term's explanation printed over several paragraphs)
            last = out[-1]
            out[-1] = NarrativeText(last.kind, last.seq, last.label, last.term, last.text + "\n" + text, last.where)
    return out
