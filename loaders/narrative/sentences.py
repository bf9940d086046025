"""The running text of a report as headed paragraphs and sentences, and the numbers in them.

Pure functions, no I/O. A PDF-to-text conversion breaks paragraphs over lines
(“…行政运行（项）年初” / “预算为 59749.74 万元…”) and numbers inside them
(“90 0 万元”); paragraphs are joined back, and every character still knows the
line (and page) it was printed on, so each value keeps its provenance. ``fact`` and
``number_fact`` turn a value found in a sentence into a ``NarrativeFact`` with that place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from juesuan.loaders.grids import TextLine, Where
from juesuan.loaders.normalise import clean_text
from juesuan.loaders.numbers import NUMBER, PCT, chinese_number, parse_number
from juesuan.loaders.report import NarrativeFact

_PART = re.compile(r"^第([一二三四五六])部分")
_HEADING1 = re.compile(r"^[一二三四五六七八九十]+、")
_HEADING2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_ITEM = re.compile(r"^(\d+)\s*(?:[、．]|\.(?!\d))\s*")
_MARKUP = re.compile(r"\*\*|__|^#+\s*|^[-•·]\s+")
_ENDS_PARAGRAPH = tuple("。！？：；:;")
_SENTENCE_END = re.compile(r"[。！？]")
HEADING_MAX = 40  # a numbered line longer than this is a paragraph (part one's duties), not a heading

AMOUNT = re.compile(rf"({NUMBER})\s*万元")

# phrases every section uses: a change against the prior year, a completion rate
CHANGE = re.compile(rf"(增加|减少|增长|下降|上升)\s*({NUMBER})\s*万元[，,]?\s*(?:同比)?(增长|下降|减少|增加|上升)\s*{PCT}")
DECREASE = ("减少", "下降")
COMPLETION = re.compile(rf"完成了?(?:年初|全年|调整)?预算数?的\s*{PCT}")

PART_ONE, PART_THREE = "概况", "情况说明"


@dataclass(frozen=True)
class Paragraph:
    text: str
    places: tuple[tuple[int, Where], ...]   # (offset in text, where that line was printed)
    headings: tuple[str, ...]               # the headings above it: (一、…, （一）…)
    item_no: int | None = None              # “4. 公共安全支出…” → 4

    def where_at(self, offset: int) -> Where:
        found = self.places[0][1]
        for start, where in self.places:
            if start > offset:
                break
            found = where
        return found

    @property
    def section(self) -> str | None:
        return " / ".join(self.headings) or None


@dataclass(frozen=True)
class Sentence:
    text: str
    offset: int              # where it starts in its paragraph
    paragraph: Paragraph

    def where_at(self, position: int) -> Where:
        return self.paragraph.where_at(self.offset + position)


@dataclass(frozen=True)
class Number:
    value: Decimal
    raw: str
    start: int
    end: int


def clean_line(text: str) -> str:
    text = _MARKUP.sub("", text.strip())
    text = clean_text(text).replace("％", "%").replace("**", "")  # **因公出国（境）费** mid-line
    return text


def part_lines(lines: list[TextLine], number: str) -> list[TextLine]:
    """The body of part ``number`` (一…四): from its last heading (the first ones are the contents) to the next part."""
    starts = [i for i, line in enumerate(lines) if (m := _PART.match(clean_line(line.text))) and m.group(1) == number]
    if not starts:
        return []
    body: list[TextLine] = []
    for line in lines[starts[-1] + 1:]:
        if _PART.match(clean_line(line.text)):
            break
        body.append(line)
    return body


def heading_level(text: str) -> int | None:
    if len(text) > HEADING_MAX:
        return None
    if _HEADING1.match(text):
        return 1
    if _HEADING2.match(text):
        return 2
    return None


def paragraphs(lines: list[TextLine]) -> list[Paragraph]:
    """Join lines a conversion broke mid-sentence; headings and numbered items start paragraphs.

    A numbered item (“4. 公共安全支出（类）…”, “27、…项目”) keeps the lines that follow it until
    the next item or heading: its figures and reasons are often printed as separate sentences.
    """
    out: list[Paragraph] = []
    headings: list[str] = []
    text, places, item = "", [], None

    def flush() -> None:
        nonlocal text, places, item
        if text:
            out.append(Paragraph(text, tuple(places), tuple(headings), item))
        text, places, item = "", [], None

    for line in lines:
        cleaned = clean_line(line.text)
        if not cleaned:
            continue
        level = heading_level(cleaned)
        if level is not None:
            flush()
            del headings[level - 1:]
            headings.append(cleaned.rstrip("。"))
            continue
        numbered = _ITEM.match(cleaned)
        # a finished sentence ends a paragraph, except inside a numbered item: its text runs to the next item
        if numbered or not text or (item is None and text.endswith(_ENDS_PARAGRAPH)):
            flush()
            item = int(numbered.group(1)) if numbered else None
        places.append((len(text), line.where))
        text += cleaned
    flush()
    return out


def sentences(paragraph: Paragraph) -> list[Sentence]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(paragraph.text):
        out.append(Sentence(paragraph.text[start:m.end()], start, paragraph))
        start = m.end()
    if start < len(paragraph.text):
        out.append(Sentence(paragraph.text[start:], start, paragraph))
    return out


def amounts(text: str) -> list[Number]:
    """Every “… 万元” amount of the text, exact."""
    return [Number(parse_number(m.group(1)), m.group(1), m.start(1), m.end(1)) for m in AMOUNT.finditer(text)]


def count_value(raw: str) -> Decimal | None:
    value = int(raw) if raw.isdigit() else chinese_number(raw)
    return Decimal(value) if value is not None else None


def fact(sentence: Sentence, part: str, fact_type: str, key: str, measure: str, value: Decimal | None,
         unit: str | None, *, raw: str | None = None, at: int = 0, text_value: str | None = None,
         subject_code: str | None = None) -> NarrativeFact:
    """A fact stated by ``sentence``; ``at`` is where its value stands in the sentence (its provenance)."""
    where = sentence.where_at(at).printed(raw)
    return NarrativeFact(fact_type, key, measure, value, unit, sentence.text, part, sentence.paragraph.section,
                         text_value, subject_code, sentence.paragraph.item_no, where)


def number_fact(sentence: Sentence, fact_type: str, key: str, measure: str, m: re.Match, group: int, unit: str,
                sign: int = 1, **kw) -> NarrativeFact:
    """A part-three fact whose value is ``m.group(group)``: an amount (万元), a percent, a score or a count."""
    raw = m.group(group)
    value = parse_number(raw) if unit == "万元" else (count_value(raw) if unit not in ("%", "分") else Decimal(raw))
    return fact(sentence, PART_THREE, fact_type, key, measure, -value if sign < 0 else value, unit,
                raw=raw, at=m.start(group), **kw)
