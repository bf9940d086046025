"""Ruled tables from a PDF page's vector paths, and the page's characters placed into their cells.

Pure geometry, no PDF library here: the reader (pdf_text) gives the page's line
segments (from stroked paths, and thin filled rectangles that some producers draw
as borders) and its characters with their boxes. A table is a connected set of
horizontal and vertical rulings; its rows and columns are cut where rulings run,
and two neighbouring slots of the grid are one merged cell where no ruling
separates them. Each character goes to the cell its centre falls in, so text that
one producer emitted as one chunk across two cells (“9746.50  一、一般公共服务支出”)
is split at the ruling; a merged cell's text stands in its top-left slot (as the
recognisers expect of a header spanning columns). A grid is kept even when every
cell is blank. Coordinates are PDF points, origin at the bottom left.
"""
from __future__ import annotations

from dataclasses import dataclass, field

LINE_TOLERANCE = 1.5     # points: segments this close on the other axis are one ruling
JOIN_GAP = 2.5           # points: collinear pieces this close are joined
TOUCH = 3.0              # points: a horizontal and a vertical ruling this close meet
MIN_RULING = 3.0         # points: shorter strokes are not rulings (dots, ticks)
THIN = 2.5               # points: a filled rectangle this thin is drawn as a ruling
COVERED = 0.6            # share of a slot's side a ruling must cover to separate two slots
SPACE_GAP = 0.25         # of a character's height: a wider gap between two characters is a space


@dataclass(frozen=True, slots=True)
class Segment:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) <= LINE_TOLERANCE and abs(self.x1 - self.x0) >= MIN_RULING

    @property
    def vertical(self) -> bool:
        return abs(self.x1 - self.x0) <= LINE_TOLERANCE and abs(self.y1 - self.y0) >= MIN_RULING


@dataclass(frozen=True, slots=True)
class Char:
    text: str
    left: float
    bottom: float
    right: float
    top: float

    @property
    def cx(self) -> float:
        return (self.left + self.right) / 2

    @property
    def cy(self) -> float:
        return (self.bottom + self.top) / 2

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass(frozen=True, slots=True)
class Line:
    """A ruling: ``at`` on one axis, from ``start`` to ``end`` on the other."""

    at: float
    start: float
    end: float


def segments_of_path(points: list[tuple[float, float]], closes: list[bool], filled: bool,
                     stroked: bool) -> list[Segment]:
    """The rulings a path draws: its straight strokes, or a thin filled rectangle's centre line."""
    out: list[Segment] = []
    if stroked:
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            out.append(Segment(x0, y0, x1, y1))
        if points and any(closes):
            out.append(Segment(*points[-1], *points[0]))
    if filled and points:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
        if top - bottom <= THIN and right - left >= MIN_RULING:
            out.append(Segment(left, (top + bottom) / 2, right, (top + bottom) / 2))
        elif right - left <= THIN and top - bottom >= MIN_RULING:
            out.append(Segment((left + right) / 2, bottom, (left + right) / 2, top))
    return [s for s in out if s.horizontal or s.vertical]


def merge(lines: list[Line]) -> list[Line]:
    """Pieces of one ruling (same position, touching or overlapping) as one line."""
    groups: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ln.at):
        if groups and line.at - groups[-1][-1].at <= LINE_TOLERANCE:
            groups[-1].append(line)
        else:
            groups.append([line])
    out: list[Line] = []
    for group in groups:
        at = sum(ln.at for ln in group) / len(group)
        joined: list[Line] = []
        for line in sorted(group, key=lambda ln: ln.start):
            if joined and line.start <= joined[-1].end + JOIN_GAP:
                joined[-1] = Line(at, joined[-1].start, max(joined[-1].end, line.end))
            else:
                joined.append(Line(at, line.start, line.end))
        out.extend(joined)
    return out


def rulings(segments: list[Segment]) -> tuple[list[Line], list[Line]]:
    """(horizontal, vertical) rulings: horizontal ``at`` is y, vertical ``at`` is x."""
    horizontal = [Line((s.y0 + s.y1) / 2, min(s.x0, s.x1), max(s.x0, s.x1)) for s in segments if s.horizontal]
    vertical = [Line((s.x0 + s.x1) / 2, min(s.y0, s.y1), max(s.y0, s.y1)) for s in segments if s.vertical]
    return merge(horizontal), merge(vertical)


@dataclass
class RuledTable:
    """A grid of cells cut by rulings. ``xs`` left to right, ``ys`` top to bottom (descending)."""

    xs: list[float]
    ys: list[float]
    horizontal: list[Line]
    vertical: list[Line]
    anchor: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    @property
    def left(self) -> float:
        return self.xs[0]

    @property
    def right(self) -> float:
        return self.xs[-1]

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.ys) - 1, len(self.xs) - 1

    def holds(self, x: float, y: float) -> bool:
        return self.left - 1 <= x <= self.right + 1 and self.bottom - 1 <= y <= self.top + 1

    def slot(self, x: float, y: float) -> tuple[int, int] | None:
        """The (row, column) of the grid slot a point falls in; None outside the table."""
        if not self.holds(x, y):
            return None
        row = next((i for i in range(len(self.ys) - 1) if y >= self.ys[i + 1]), len(self.ys) - 2)
        col = next((j for j in range(len(self.xs) - 1) if x <= self.xs[j + 1]), len(self.xs) - 2)
        return row, col

    def rows(self, chars: list[Char]) -> list[tuple[str, ...]]:
        """The cell texts, row by row; a merged cell's text in its top-left slot."""
        n_rows, n_cols = self.shape
        placed: dict[tuple[int, int], list[Char]] = {}
        for ch in chars:
            where = self.slot(ch.cx, ch.cy)
            if where is not None:
                placed.setdefault(self.anchor.get(where, where), []).append(ch)
        return [tuple(cell_text(placed.get((r, c), [])) for c in range(n_cols)) for r in range(n_rows)]


def _cluster(values: list[float], tolerance: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


def _meets(h: Line, v: Line) -> bool:
    return (h.start - TOUCH <= v.at <= h.end + TOUCH) and (v.start - TOUCH <= h.at <= v.end + TOUCH)


def find_tables(segments: list[Segment]) -> list[RuledTable]:
    """Every ruled table: a connected set of at least two horizontal and two vertical rulings
    cutting at least two rows and two columns."""
    horizontal, vertical = rulings(segments)
    # connected components of the meet graph (union-find over h and v lines)
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if _meets(h, v):
                a, b = find(i), find(len(horizontal) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[Line], list[Line]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(find(len(horizontal) + j), ([], []))[1].append(v)
    tables = []
    for hs, vs in groups.values():
        if len(hs) < 2 or len(vs) < 2:
            continue
        xs = _cluster([v.at for v in vs], TOUCH)
        ys = sorted(_cluster([h.at for h in hs], TOUCH), reverse=True)
        if len(xs) < 3 or len(ys) < 3:
            continue  # a box around text, or a single row or column: not a table
        table = RuledTable(xs, ys, hs, vs)
        table.anchor = _merged_cells(table)
        tables.append(table)
    return sorted(tables, key=lambda t: -t.top)


def _covered(lines: list[Line], at: float, start: float, end: float) -> bool:
    """Some ruling at ``at`` covers most of [start, end]."""
    need = (end - start) * COVERED
    for line in lines:
        if abs(line.at - at) <= TOUCH:
            overlap = min(end, line.end) - max(start, line.start)
            if overlap >= need:
                return True
    return False


def _merged_cells(table: RuledTable) -> dict[tuple[int, int], tuple[int, int]]:
    """For every slot of a merged cell, the top-left slot of that cell."""
    n_rows, n_cols = table.shape
    parent = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the top-left slot (row, then column) anchors the cell

    for r in range(n_rows):
        top, bottom = table.ys[r], table.ys[r + 1]
        for c in range(n_cols - 1):
            if not _covered(table.vertical, table.xs[c + 1], bottom, top):
                union((r, c), (r, c + 1))
    for c in range(n_cols):
        left, right = table.xs[c], table.xs[c + 1]
        for r in range(n_rows - 1):
            if not _covered(table.horizontal, table.ys[r + 1], left, right):
                union((r, c), (r + 1, c))
    return {k: find(k) for k in parent if find(k) != k}


def cell_text(chars: list[Char]) -> str:
    """The characters of one cell as text: lines top to bottom joined by a space, a space where a gap is wide."""
    if not chars:
        return ""
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: -c.cy):
        if lines and abs(lines[-1][0].cy - ch.cy) <= max(ch.height, lines[-1][0].height) * 0.5:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    texts = []
    for line in lines:
        line.sort(key=lambda c: c.left)
        text = ""
        previous: Char | None = None
        for ch in line:
            if previous is not None and ch.left - previous.right > SPACE_GAP * max(ch.height, 1.0) \
                    and not text.endswith(" ") and not ch.text.isspace():
                text += " "
            text += ch.text
            previous = ch
        texts.append(" ".join(text.split()))
    return " ".join(t for t in texts if t)
