"""Align the cells of one printed row with the columns its header declares.

Conversion damage shifts cells: a name split over two cells (“公共安 | 全支出”),
an empty cell after a merged one, a footer label spread over several columns,
trailing empty cells. Each column is a slot of a kind:

- ``code``: one cell, a code, a label printed in the code column (合计), or empty
- ``code_part``: one cell, the 类, 款 or 项 digits of a code printed in three columns, a label, or empty
- ``label``: one or more cells of text (joined), possibly empty
- ``line_no``: one cell, an integer or empty
- ``value``: one cell, a number, a placeholder dash, or empty; at a cost, a cell that
  cannot be read as a number (a damaged amount such as “26,O16.91”, or text), which the
  reader then reports and does not store

The alignment with the fewest repairs wins; a value never lands in a column
group that has neither code nor label (an orphan), and a code (30201, 2040201)
lands in a value column only at a high cost: a damaged cell never lets its
neighbour shift into its place. No alignment → None, and the caller records a
parse warning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from juesuan.loaders.tables.headers import is_code
from juesuan.loaders.normalise import clean_label, is_blank, is_placeholder, looks_numeric

KEY_KINDS = ("code", "code_part", "label", "line_no")
MAX_LABEL_CELLS = 4
ORPHAN_COST = 5.0
MISSING_SLOT_COST = 1.0
EMPTY_LABEL_COST = 2.0
DAMAGED_COST = 2.0        # a value slot holding an amount that cannot be read (mostly digits)
TEXT_AS_VALUE_COST = 4.0  # a value slot holding text
CODE_AS_VALUE_COST = 3.0  # a value slot holding what reads as a 科目 code, in a table that prints codes
LINE_NO_DAMAGED_WIDTH = 3  # a 行次 cell that is not digits: damaged, when it is no amount or this short
_CODE_SHAPE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_CJK = re.compile(r"[\u3400-\u9fff]")
NUMBER_AS_LABEL_COST = 6.0  # a label slot holding a number: dearer than any repair that keeps the columns
SPLIT_NAME_WITHOUT_SURPLUS_COST = 3.0
SPAN_DAMAGE_COST = 1.5   # a damaged cell ending a name's span over blank cells (reported, not read)
NON_NAME_COST = 5.0       # a label continued by a cell with no Chinese character (“:”, “abc”): a damaged value, not a name


@dataclass(frozen=True)
class Placed:
    slot: int
    cells: tuple[int, ...]  # indexes of the cells this slot took (empty: nothing printed)


def is_damaged_amount(cell: str) -> bool:
    """Mostly digits, yet not a number: an amount a conversion or a typo damaged (“26,O16.91”, “1e308”)."""
    text = "".join(cell.split())
    digits = sum(1 for c in text if c.isdigit() or c in ",.，．")
    return bool(text) and any(c.isdigit() for c in text) and digits >= 0.6 * len(text)


def value_cost(cell: str, coded: bool) -> float | None:
    """What it costs to read ``cell`` as a value column's cell; None when it cannot stand there."""
    text = cell.strip()
    if not text or is_placeholder(text):
        return 0.0
    if looks_numeric(text):
        return CODE_AS_VALUE_COST if coded and _CODE_SHAPE.match(text) else 0.0
    if is_damaged_amount(text):
        return DAMAGED_COST
    return TEXT_AS_VALUE_COST


def _accepts(kind: str, cell: str) -> bool:
    text = cell.strip()
    if kind == "value":
        return not text or looks_numeric(text) or is_placeholder(text)
    if kind == "line_no":
        return not text or text.isdigit()
    if kind == "code":
        return not text or is_code(text) or not looks_numeric(text)
    if kind == "code_part":
        return not text or (text.isdigit() and len(text) in (2, 3, 5, 7)) or not looks_numeric(text)
    return not looks_numeric(text) or not text  # label


def align(kinds: list[str], cells: tuple[str, ...]) -> list[Placed] | None:
    best: tuple[float, list[Placed]] | None = None
    n_slots, n_cells = len(kinds), len(cells)
    coded = any(k in ("code", "code_part") for k in kinds)
    group_starts = {group[0] for group in column_groups(kinds)}
    # a name split over two cells (“公共安 | 全支出”) gives its row a cell more than its columns; without
    # that surplus, a label taking the next cell would take a damaged amount's place
    fragment = 1.0 if n_cells > n_slots else SPLIT_NAME_WITHOUT_SURPLUS_COST
    blank_from = n_cells  # cells[blank_from:] are all blank
    while blank_from > 0 and is_blank(cells[blank_from - 1]):
        blank_from -= 1

    def finish(cost: float, placed: list[Placed]) -> None:
        nonlocal best
        total = cost + _orphan_cost(kinds, cells, placed)
        if best is None or total < best[0]:
            best = (total, list(placed))

    def search(slot: int, cell: int, cost: float, placed: list[Placed]) -> None:
        if best is not None and cost >= best[0]:
            return
        if slot == n_slots:
            if cell >= blank_from:
                finish(cost, placed)
            return
        # the row may end early when what is left of it is blank: either nothing was
        # shifted (trailing blanks trimmed) or whole trailing column groups are absent.
        # A shifted row never loses a column in the middle of a group.
        if cell >= blank_from and (cell == slot or slot in group_starts):
            rest = [Placed(s, ()) for s in range(slot, n_slots)]
            finish(cost + MISSING_SLOT_COST * (n_slots - slot), placed + rest)
        if cell == n_cells:
            return
        kind = kinds[slot]
        if kind == "label":
            if not cells[cell].strip() or not looks_numeric(cells[cell]):
                first = 0.0 if is_blank(cells[cell]) or _CJK.search(cells[cell]) else NON_NAME_COST
                for take in range(1, MAX_LABEL_CELLS + 1):
                    chunk = cells[cell: cell + take]
                    if len(chunk) < take or not all(_accepts("label", c) for c in chunk):
                        break
                    # a name printed over blank cells (a footer's span) may hold one damaged cell (text, never
                    # a number: that could be the total itself), which the reader reports and does not read
                    filled = [c for c in chunk[1:] if not is_blank(c)]
                    span = take >= 3 and len(filled) == 1
                    extra = sum(0.5 if is_blank(c) else fragment if _CJK.search(c) else
                                SPAN_DAMAGE_COST if span else NON_NAME_COST for c in chunk[1:])
                    search(slot + 1, cell + take, cost + first + extra,
                           placed + [Placed(slot, tuple(range(cell, cell + take)))])
            else:  # a number where the row's name stands: kept in its column at a cost, never moving the row
                search(slot + 1, cell + 1, cost + NUMBER_AS_LABEL_COST, placed + [Placed(slot, (cell,))])
            search(slot + 1, cell, cost + EMPTY_LABEL_COST, placed + [Placed(slot, ())])
            return
        if kind == "value":
            extra = value_cost(cells[cell], coded)
            if extra is not None:
                search(slot + 1, cell + 1, cost + extra, placed + [Placed(slot, (cell,))])
            return
        if _accepts(kind, cells[cell]):
            text = cells[cell].strip()
            odd = kind in ("code", "code_part") and text and not text.isdigit() and not is_code(text) \
                and not _CJK.search(text)  # a code column holds a code or a name (合计), not “:”
            search(slot + 1, cell + 1, cost + (NON_NAME_COST if odd else 0.0), placed + [Placed(slot, (cell,))])
        elif kind == "line_no" and (not looks_numeric(cells[cell]) or len(cells[cell].strip()) <= LINE_NO_DAMAGED_WIDTH):
            # a damaged 行次 (“:” for “9”) stays in its column: never lets the row's label and amounts
            # slide into the column group to their left
            search(slot + 1, cell + 1, cost + TEXT_AS_VALUE_COST, placed + [Placed(slot, (cell,))])
        elif kind in ("code", "code_part"):
            # a number where a code stands (“0” in a blank code cell): kept in its column at a cost, never an
            # amount, never moving the row; the reader warns of it
            search(slot + 1, cell + 1, cost + NUMBER_AS_LABEL_COST, placed + [Placed(slot, (cell,))])

    search(0, 0, 0.0, [])
    return best[1] if best else None


def _orphan_cost(kinds: list[str], cells: tuple[str, ...], placed: list[Placed]) -> float:
    cost = 0.0
    for group in column_groups(kinds):
        if not any(kinds[s] in KEY_KINDS for s in group):
            continue
        keyed = any(kinds[s] in KEY_KINDS and any(not is_blank(cells[i]) for i in placed[s].cells) for s in group)
        valued = any(kinds[s] == "value" and any(looks_numeric(cells[i]) for i in placed[s].cells) for s in group)
        if valued and not keyed:
            cost += ORPHAN_COST
    return cost


def column_groups(kinds: list[str]) -> list[list[int]]:
    """Slots split into groups: a new group starts at a key column that follows a value column."""
    groups: list[list[int]] = []
    for slot, kind in enumerate(kinds):
        if not groups or (kind in KEY_KINDS and kinds[slot - 1] == "value"):
            groups.append([])
        groups[-1].append(slot)
    return groups


def slot_text(cells: tuple[str, ...], place: Placed) -> str:
    """The repaired text of a slot: its cells joined (a split name made whole)."""
    return clean_label("".join(cells[i].strip() for i in place.cells))
