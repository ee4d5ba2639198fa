"""Ruled tables on a PDF page → rows of cells, merged cells and wrapped cell text resolved.

A 任务分工表 set in Word or WPS and saved as PDF is a grid of drawn rules: each cell's
borders are thin filled rectangles or stroked lines. The rules give the grid: where two
rules meet a cell has a corner, and where a rule between two grid squares is missing
they are one merged cell (`责任单位` over two columns, a task merged down three rows). Each
character goes to the cell its centre lies in; a cell's lines join where one reaches the
cell's right side (a wrap) and keep a line break where one stops short (`省财政厅⏎省科技厅`),
which cleaning/sheets.py then reads as a spreadsheet's cell. The geometry here is pure:
pdflayout.py gathers the rules and characters with PDFium.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# A rule is at most this thick (points); a thicker shape is a box whose sides are rules.
RULE_WIDTH = 2.0
# A rule is at least this long: shorter strokes are underlines, bullets or glyph parts.
MIN_RULE = 8.0
# Two rules meet, or continue one another, within this many points.
JOIN = 2.5
# A table has at least this many columns and rows of grid squares.
MIN_COLUMNS = 2
MIN_ROWS = 2
# A cell's line wraps when it ends within this many character widths of the cell's right
# side less its padding (Word pads a cell by 5.4 points, reportlab by 6).
WRAP_SLACK = 1.2
CELL_PADDING = 8.0


@dataclass(frozen=True)
class Rule:
    """A horizontal (`at` is y) or vertical (`at` is x) rule from `start` to `end`."""

    at: float
    start: float
    end: float

    def covers(self, position: float) -> bool:
        return self.start - JOIN <= position <= self.end + JOIN


@dataclass(frozen=True)
class Char:
    """One character and its box (PDF points, y upwards), in the page's text order."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Grid:
    """A table: its row lines top to bottom, its column lines left to right, and its rules."""

    ys: tuple[float, ...]  # descending: the top rule first
    xs: tuple[float, ...]
    horizontal: tuple[Rule, ...]
    vertical: tuple[Rule, ...]

    def holds(self, x: float, y: float) -> bool:
        return self.xs[0] <= x <= self.xs[-1] and self.ys[-1] <= y <= self.ys[0]


class _Groups:
    """Items joined into groups (union-find): rules that meet, grid squares merged."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def rules_of(boxes: Sequence[tuple[float, float, float, float]]) -> tuple[list[Rule], list[Rule]]:
    """Return the horizontal and vertical rules drawn by shapes with these bounds
    (left, bottom, right, top): thin ones are rules, a larger box gives its four sides."""
    horizontal: list[Rule] = []
    vertical: list[Rule] = []
    for left, bottom, right, top in boxes:
        width, height = right - left, top - bottom
        if height <= RULE_WIDTH and width >= MIN_RULE:
            horizontal.append(Rule((top + bottom) / 2, left, right))
        elif width <= RULE_WIDTH and height >= MIN_RULE:
            vertical.append(Rule((left + right) / 2, bottom, top))
        elif width >= MIN_RULE and height >= MIN_RULE:
            horizontal += [Rule(top, left, right), Rule(bottom, left, right)]
            vertical += [Rule(left, bottom, top), Rule(right, bottom, top)]
    return _merged(horizontal), _merged(vertical)


def _merged(rules: list[Rule]) -> list[Rule]:
    """Join rules on one line that touch or overlap (Word draws each cell's border apart)."""
    out: list[Rule] = []
    for rule in sorted(rules, key=lambda r: (round(r.at / JOIN), r.start)):
        last = out[-1] if out else None
        if last and abs(last.at - rule.at) <= JOIN and rule.start <= last.end + JOIN:
            out[-1] = Rule(last.at, last.start, max(last.end, rule.end))
        else:
            out.append(rule)
    return out


def find_grids(horizontal: list[Rule], vertical: list[Rule]) -> list[Grid]:
    """Return the tables the rules make: groups of rules that meet one another, with
    MIN_ROWS rows and MIN_COLUMNS columns at least, top to bottom."""
    rules = [("h", r) for r in horizontal] + [("v", r) for r in vertical]
    meets = _Groups(len(rules))

    for i, (kind, a) in enumerate(rules):
        if kind != "h":
            continue
        for j, (other, b) in enumerate(rules):
            if other == "v" and a.covers(b.at) and b.covers(a.at):
                meets.join(i, j)
    groups: dict[int, list[tuple[str, Rule]]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(meets.find(i), []).append(rule)
    grids = []
    for group in groups.values():
        hs = tuple(r for kind, r in group if kind == "h")
        vs = tuple(r for kind, r in group if kind == "v")
        ys = _lines(r.at for r in hs)
        xs = _lines(r.at for r in vs)
        if len(ys) > MIN_ROWS and len(xs) > MIN_COLUMNS:
            grids.append(Grid(tuple(sorted(ys, reverse=True)), tuple(sorted(xs)), hs, vs))
    return sorted(grids, key=lambda g: -g.ys[0])


def _lines(positions) -> list[float]:
    """Positions closer than JOIN are one line."""
    out: list[float] = []
    for p in sorted(positions):
        if not out or p - out[-1] > JOIN:
            out.append(p)
    return out


def grid_rows(grid: Grid, chars: Sequence[Char]) -> list[list[str]]:
    """Return the table's rows of cell texts, a merged cell's text in its top-left square
    and its other squares empty (as a spreadsheet stores it); a cell's line breaks are `\\n`."""
    rows, columns = len(grid.ys) - 1, len(grid.xs) - 1
    cells = _Groups(rows * columns)
    find = cells.find

    def ruled(rules: tuple[Rule, ...], at: float, middle: float) -> bool:
        return any(abs(r.at - at) <= JOIN and r.covers(middle) for r in rules)

    for i in range(rows):
        y_mid = (grid.ys[i] + grid.ys[i + 1]) / 2
        for j in range(columns):
            x_mid = (grid.xs[j] + grid.xs[j + 1]) / 2
            if j + 1 < columns and not ruled(grid.vertical, grid.xs[j + 1], y_mid):
                cells.join(i * columns + j + 1, i * columns + j)
            if i + 1 < rows and not ruled(grid.horizontal, grid.ys[i + 1], x_mid):
                cells.join((i + 1) * columns + j, i * columns + j)
    # Each cell's text goes to its first square (top-left: the smallest index); its right
    # side is its last column's.
    first: dict[int, int] = {}
    right: dict[int, float] = {}
    for k in range(rows * columns):
        root = find(k)
        first.setdefault(root, k)
        right[root] = max(right.get(root, 0.0), grid.xs[k % columns + 1])
    texts: dict[int, list[Char]] = {}
    sides: dict[int, float] = {}
    for char in chars:
        x, y = (char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2
        i = next((n for n in range(rows) if grid.ys[n + 1] <= y <= grid.ys[n]), None)
        j = next((n for n in range(columns) if grid.xs[n] <= x <= grid.xs[n + 1]), None)
        if i is not None and j is not None:
            root = find(i * columns + j)
            texts.setdefault(first[root], []).append(char)
            sides[first[root]] = right[root]
    return [
        [_cell_text(texts.get(k, []), sides.get(k, 0.0)) for k in range(i * columns, (i + 1) * columns)]
        for i in range(rows)
    ]


def _cell_text(chars: list[Char], side: float) -> str:
    """Join a cell's lines: one that ends where the next character would not have fitted
    before the cell's right side (``side``, its padding allowed) wraps into the next; one
    that stops short ends with a line break (`省财政厅⏎省科技厅`)."""
    lines: list[list[Char]] = []
    for char in chars:
        if not char.text.strip() and not (lines and lines[-1]):
            continue
        if lines and lines[-1] and abs(char.y0 - lines[-1][-1].y0) <= (char.y1 - char.y0) / 2:
            lines[-1].append(char)
        else:
            lines.append([char])
    lines = [line for line in lines if "".join(c.text for c in line).strip()]
    out = ""
    for k, line in enumerate(lines):
        text = "".join(c.text for c in line).strip()
        size = line[0].y1 - line[0].y0
        wraps = line[-1].x1 >= side - CELL_PADDING - WRAP_SLACK * size
        out += text + ("" if wraps or k == len(lines) - 1 else "\n")
    return out
