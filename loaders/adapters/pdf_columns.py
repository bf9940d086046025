"""Tables printed without rulings: columns found from where the text stands, characters placed into them.

Pure geometry, like pdf_rulings. The rows of a region are its text lines; the
columns are the stretches of the page the data rows' words cover (the
projection of every word of the rows that hold amounts), separated by the gaps
no word crosses. Each word goes to the column it stands in; a header word that
spans several columns (“本年支出” over 小计 | 基本支出 | 项目支出) goes to the first
of them, as a merged header cell does in a ruled table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from juesuan.loaders.adapters.pdf_rulings import Char, cell_text

WORD_GAP = 0.8         # of a character's height: a wider gap between characters separates two words
MIN_SPACE = 1.0        # points: a space this wide in a gap between columns separates two words there
COLUMN_GAP = 3.0       # points: a gap in the data rows' coverage at least this wide separates two columns
SPAN_SHARE = 0.6       # a header word covering this share of each of two or more columns spans them
_AMOUNT = re.compile(r"^-?[\d,]+(?:\.\d+)?$")


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    right: float
    cy: float
    chars: tuple[Char, ...]


def lines_of(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into text lines, top to bottom, each left to right."""
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: -c.cy):
        if lines and abs(lines[-1][0].cy - ch.cy) <= 0.5 * max(ch.height, lines[-1][0].height):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    for line in lines:
        line.sort(key=lambda c: c.left)
    return lines


def words_of(line: list[Char], gaps: list[tuple[float, float]] = ()) -> list[Word]:
    """The line's words; with the gaps between columns known, also split where a space lies in one of them."""
    words: list[list[Char]] = []
    for ch in line:
        space = (words[-1][-1].right, ch.left) if words else None
        apart = space is not None and (
            space[1] - space[0] > WORD_GAP * max(ch.height, 1.0)
            or (space[1] - space[0] >= MIN_SPACE and any(a < space[1] and space[0] < b for a, b in gaps)))
        if words and not apart:
            words[-1].append(ch)
        else:
            words.append([ch])
    return [Word(cell_text(w), w[0].left, w[-1].right, sum(c.cy for c in w) / len(w), tuple(w)) for w in words]


def columns(rows: list[list[Word]]) -> list[tuple[float, float]]:
    """Column stretches from the rows holding amounts (or every row, when none does)."""
    data = [row for row in rows if sum(1 for w in row if _AMOUNT.match(w.text.replace(" ", ""))) >= 2
            and not _column_numbers(row)] or rows
    spans = sorted((w.left, w.right) for row in data for w in row)
    out: list[list[float]] = []
    for left, right in spans:
        if out and left <= out[-1][1] + COLUMN_GAP:
            out[-1][1] = max(out[-1][1], right)
        else:
            out.append([left, right])
    return [(a, b) for a, b in out]


def _column_numbers(row: list[Word]) -> bool:
    """The 栏次 row (1 2 3 …), centred under its headers: not where amounts stand."""
    numbers = [w.text for w in row if w.text.isdigit()]
    return len(numbers) >= 2 and [int(n) for n in numbers] == list(range(int(numbers[0]), int(numbers[0]) + len(numbers)))


def place(word: Word, stretches: list[tuple[float, float]]) -> int:
    """The column a word stands in: the first of the columns it spans, else the nearest."""
    covered = [index for index, (left, right) in enumerate(stretches)
               if min(word.right, right) - max(word.left, left) >= SPAN_SHARE * (right - left)]
    if len(covered) >= 2:
        return covered[0]
    centre = (word.left + word.right) / 2
    inside = [i for i, (left, right) in enumerate(stretches) if left <= centre <= right]
    if inside:
        return inside[0]
    return min(range(len(stretches)), key=lambda i: min(abs(centre - stretches[i][0]), abs(centre - stretches[i][1])))


def read_columns(chars: list[Char]) -> list[tuple[str, ...]]:
    """The region's text as rows of cells."""
    lines = lines_of(chars)
    stretches = columns([words_of(line) for line in lines])
    if len(stretches) < 2:
        return []
    gaps = [(a[1], b[0]) for a, b in zip(stretches, stretches[1:])]
    rows = [words_of(line, gaps) for line in lines]
    out = []
    for row in rows:
        cells: list[list[Char]] = [[] for _ in stretches]
        for word in row:
            cells[place(word, stretches)].extend(word.chars)
        out.append(tuple(cell_text(c) for c in cells))
    return out
