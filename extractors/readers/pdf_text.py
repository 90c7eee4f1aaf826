"""One born-digital PDF page → Page, from its text layer (pdfplumber): lines, ruled tables,
checkbox glyphs and drawn boxes, AcroForm fields, key–value pairs."""
from __future__ import annotations

import bisect
import math
import statistics


from ..grid import index_cells
from ..kv import kvs_from_lines, kvs_from_table, split_inline, union
from ..layout import Cell, Checkbox, KeyValue, Line, Page, Table, Word
from ..marks import BOX_GLYPHS, CHECKED, boxes_in_text

WORD_GAP = 0.3     # × char size: a gap this wide starts a new word
SEGMENT_GAP = 2.0  # × char size: a gap this wide (or a ruling between) starts a new line segment


def read_text_page(page, number: int) -> Page:
    """Read one pdfplumber page into a Page in PDF points, origin top left."""
    chars = [c for c in page.chars if c["text"].strip() or c["text"] == " "]
    _mark_overflowing_runs(chars)
    table_objs = page.find_tables()
    centres = _Centres(chars) if table_objs else None
    tables = [_table(t, chars, centres) for t in table_objs]
    walls = _vertical_rulings(page)
    lines = _lines(chars, walls)
    drawn = _drawn_checkboxes(page, lines, table_objs)
    checkboxes = _glyph_checkboxes(lines) + drawn
    form_kvs, form_boxes = _form_fields(page, lines)
    _boxes_into_cells(tables, drawn + form_boxes)
    kvs = [kv for t in tables for kv in kvs_from_table(t)] + kvs_from_lines([ln for ln, _ in lines]) + form_kvs
    return Page(number=number, width=float(page.width), height=float(page.height), unit="pt",
                method="text", lines=[ln for ln, _ in lines], tables=tables,
                checkboxes=checkboxes + form_boxes, kvs=kvs)


def _char_size(chars) -> float:
    sizes = [c.get("size") or (c["bottom"] - c["top"]) for c in chars]
    return statistics.median(sizes) if sizes else 10.0


def _vertical_rulings(page) -> list[tuple[float, float, float]]:
    """Vertical ruling segments (x, top, bottom), sorted by x: text never runs across a table border."""
    out = []
    for e in page.edges:
        if e.get("orientation") == "v" and (e["bottom"] - e["top"]) > 4:
            out.append((e["x0"], e["top"], e["bottom"]))
    return sorted(out)


def _crosses_wall(x0, x1, top, bottom, walls) -> bool:
    """Whether a ruling stands between x0 and x1 at this height (`walls` sorted by x: only the few
    between the two characters are looked at, not every ruling of the page)."""
    mid = (top + bottom) / 2
    i = bisect.bisect_right(walls, (x0, math.inf, math.inf))
    while i < len(walls) and walls[i][0] < x1:
        _, t, b = walls[i]
        if t <= mid <= b:
            return True
        i += 1
    return False


def _mark_overflowing_runs(chars) -> None:
    """Text runs drawn over each other on one row are kept apart: each of their glyphs gets its run
    (`run`) and where the run starts (`run_x0`).

    A spreadsheet saved as PDF draws a cell's text that is too long for it past its right edge and
    clips it where the next cell's text begins; the clipped glyphs stay in the text layer. Sorted by
    position alone the two cells' glyphs interleave (非常用保存水 2L×6本 | 避難・非常用品 read as
    「非常用保存水 2L避×6難本・非常用品」). A run is a stretch of glyphs in drawing order, each just after
    the one before on the same baseline."""
    if not chars:
        return
    size = _char_size(chars)
    runs: list[list[dict]] = [[chars[0]]]
    for c in chars[1:]:
        p = runs[-1][-1]
        if abs(c["top"] - p["top"]) < 0.3 * size and -0.3 * size <= c["x0"] - p["x1"] < 0.5 * size:
            runs[-1].append(c)
        else:
            runs.append([c])
    spans = [(r[0]["top"], min(c["x0"] for c in r), max(c["x1"] for c in r), k) for k, r in enumerate(runs)]
    spans.sort()
    overlapped = set()
    for i, (top, x0, x1, k) in enumerate(spans):
        for top2, x0b, x1b, k2 in spans[i + 1:]:
            if top2 - top >= 0.3 * size:
                break
            if max(x0, x0b) < min(x1, x1b) - 0.5 * size:      # one starts inside the other
                overlapped |= {k, k2}
    for k in overlapped:
        start = min(c["x0"] for c in runs[k])
        for c in runs[k]:
            c["run"], c["run_x0"] = k, start


def _rows(chars) -> list[list[dict]]:
    """Group chars into visual rows by vertical overlap, top to bottom."""
    rows: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        mid = (c["top"] + c["bottom"]) / 2
        for row in reversed(rows[-3:]):
            top, bottom = row[0]["top"], row[0]["bottom"]
            if top <= mid <= bottom:
                row.append(c)
                break
        else:
            rows.append([c])
    return rows


def _lines(chars, walls) -> list[tuple[Line, list]]:
    """Lines in reading order, each with its per-character (char, bbox) list for glyph lookups."""
    size = _char_size(chars)
    out = []
    for row in _rows(chars):
        row.sort(key=_reading_x)
        segment: list[dict] = []
        for c in row:
            if segment:
                prev = segment[-1]
                gap = c["x0"] - prev["x1"]
                if gap > SEGMENT_GAP * size or prev.get("run") != c.get("run") or _crosses_wall(
                        prev["x1"] - 0.5, c["x0"] + 0.5, prev["top"], prev["bottom"], walls):
                    out.append(_make_line(segment, size))
                    segment = []
            segment.append(c)
        if segment:
            out.append(_make_line(segment, size))
    return [x for x in out if x[0].text.strip()]


def _reading_x(c) -> tuple[float, float]:
    """Where a glyph stands in its row's reading: a run drawn over another is read whole, at its start."""
    return c.get("run_x0", c["x0"]), c["x0"]


def _make_line(chars, size) -> tuple[Line, list]:
    groups: list[list[dict]] = []
    current: list[dict] = []
    for c in chars:
        if c["text"] == " " or (current and c["x0"] - current[-1]["x1"] > WORD_GAP * size):
            if current:
                groups.append(current)
            current = []
        if c["text"] != " ":
            current.append(c)
    if current:
        groups.append(current)
    words = [_word(g) for g in groups]
    text_chars: list = []          # (char text, bbox or None) per character of the line text
    for i, g in enumerate(groups):
        if i:
            text_chars.append((" ", None))
        text_chars.extend((c["text"], [c["x0"], c["top"], c["x1"], c["bottom"]]) for c in g)
    text = "".join(t for t, _ in text_chars)
    bbox = union([w.bbox for w in words])
    return Line(text=text, bbox=bbox, confidence=1.0, words=words), text_chars


def _word(chars) -> Word:
    bbox = [min(c["x0"] for c in chars), min(c["top"] for c in chars),
            max(c["x1"] for c in chars), max(c["bottom"] for c in chars)]
    return Word(text="".join(c["text"] for c in chars), bbox=[round(v, 2) for v in bbox])


def _glyph_checkboxes(lines) -> list[Checkbox]:
    out = []
    for line, text_chars in lines:
        for label, checked, start, _end in boxes_in_text(line.text):
            glyph_bbox = text_chars[start][1]
            if not label:
                label = _label_left(line.text[:start])
            out.append(Checkbox(label=label, checked=checked,
                                bbox=[round(v, 2) for v in glyph_bbox] if glyph_bbox else line.bbox))
    return out


def _label_left(prefix: str) -> str:
    """`はい☑` style: the label sits left of the box when nothing follows it."""
    return prefix.strip().split(" ")[-1] if prefix.strip() else ""


def _drawn_checkboxes(page, lines, table_objs) -> list[Checkbox]:
    """Small drawn squares (not table cells) with the label on their right; ticked if a mark is inside."""
    out = []
    cell_boxes = {tuple(round(v) for v in cb) for t in table_objs for cb in t.cells}
    for r in page.rects:
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        if not (5 <= w <= 20 and 5 <= h <= 20 and abs(w - h) <= 0.25 * max(w, h)):
            continue
        box = [r["x0"], r["top"], r["x1"], r["bottom"]]
        if tuple(round(v) for v in box) in cell_boxes:
            continue
        inside = [c for c in page.chars if _center_in(c, box)]
        if inside and all(c["text"] in BOX_GLYPHS for c in inside):
            continue                      # a glyph box drawn over a glyph is already read as a glyph
        marks = [ln for ln in page.lines + page.curves if _center_in(ln, box)]
        checked = bool(inside) or bool(marks) or _dark_fill(r)
        out.append(Checkbox(label=_label_right(box, lines), checked=checked, bbox=[round(v, 2) for v in box]))
    return out


def _dark_fill(rect) -> bool:
    """A box filled with a non-white colour is a ticked box (■ drawn as a rectangle)."""
    if not rect.get("fill"):
        return False
    color = rect.get("non_stroking_color")
    values = list(color) if isinstance(color, (list, tuple)) else [color] if color is not None else []
    if not values or not all(isinstance(v, (int, float)) for v in values):
        return False
    if len(values) == 4:                     # CMYK: ink adds up
        return values[3] > 0.5 or sum(values[:3]) > 1.5
    return min(values) < 0.5


def _center_in(obj, box) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _label_right(box, lines) -> str:
    """Text of the nearest line segment right of the box on the same row."""
    cy = (box[1] + box[3]) / 2
    best = None
    for line, _ in lines:
        b = line.bbox
        if b[1] - 2 <= cy <= b[3] + 2 and b[0] >= box[2] - 1:
            if best is None or b[0] < best.bbox[0]:
                best = line
    if best is None:
        return ""
    first = best.words[0].text if best.words else best.text
    return first.strip()


class _Centres:
    """Every character's centre, sorted by height on the page: the ones inside a box are found by
    bisecting to its rows, not by a loop over all (numpy did this, at 40–70 ms of import per process)."""

    def __init__(self, chars):
        pts = sorted(((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, i) for i, c in enumerate(chars))
        self.ys = [p[0] for p in pts]
        self.pts = pts
        self.x = {i: x for _, x, i in pts}
        self.y = {i: y for y, _, i in pts}

    def inside(self, x0: float, y0: float, x1: float | None, y1: float, strict_x0: bool = False) -> list[int]:
        """Indices (ascending) of the centres with x0 ≤ x ≤ x1 (x0 < x when strict) and y0 ≤ y ≤ y1."""
        lo, hi = bisect.bisect_left(self.ys, y0), bisect.bisect_right(self.ys, y1)
        return sorted(i for _, x, i in self.pts[lo:hi]
                      if (x > x0 if strict_x0 else x >= x0) and (x1 is None or x <= x1))


def _table(t, chars, centres=None) -> Table:
    """A pdfplumber table → Table with row/col indices and spans from the grid of cell edges."""
    pts = centres if centres is not None else _Centres(chars)
    cx, cy = pts.x, pts.y
    members = [pts.inside(cb[0], cb[1], cb[2], cb[3]) for cb in t.cells]
    taken = {i for m in members for i in m}
    # a glyph set past a cell's right edge (a line's closing 、 overhanging the rule) is still its text
    for i in pts.inside(t.bbox[0], t.bbox[1], None, t.bbox[3], strict_x0=True):
        if i in taken:
            continue
        w = chars[i]["x1"] - chars[i]["x0"]
        near = [k for k, cb in enumerate(t.cells) if cb[1] <= cy[i] <= cb[3] and 0 <= chars[i]["x0"] - cb[2] + w <= 1.5 * w]
        if near:
            members[min(near, key=lambda k: cx[i] - t.cells[k][2])].append(i)
    _runs_to_their_cells(members, chars)
    _spills_to_their_cells(members, chars)
    cells = []
    for cb, inside, (row, col, rowspan, colspan) in zip(t.cells, members, index_cells(t.cells)):
        text = _cell_text([chars[i] for i in sorted(inside)])
        cells.append(Cell(row=row, col=col, text=text, bbox=[round(v, 2) for v in cb],
                          rowspan=rowspan, colspan=colspan))
    return Table(cells=sorted(cells, key=lambda c: (c.row, c.col)), bbox=[round(v, 2) for v in t.bbox])


def _spills_to_their_cells(members: list[list[int]], chars) -> None:
    """A cell's text too long for it runs on over an empty neighbour (a spreadsheet draws it whole when
    the next cell is blank: カシューナッ|ツ over the mark column). Glyphs drawn one after another on one
    baseline with no gap between them (a word, not two cells' padded texts) stay in the cell the first
    of them is in."""
    cell_of = {i: k for k, inside in enumerate(members) for i in inside}
    size = _char_size(chars)
    moved = False
    for i in sorted(cell_of):
        j = i + 1
        if j not in cell_of or cell_of[j] == cell_of[i]:
            continue
        a, b = chars[i], chars[j]
        if abs(a["top"] - b["top"]) < 0.3 * size and abs(b["x0"] - a["x1"]) < 0.1 * size and a["text"].strip():
            cell_of[j], moved = cell_of[i], True
    if moved:
        for k, inside in enumerate(members):
            inside[:] = sorted(i for i in cell_of if cell_of[i] == k)


def _runs_to_their_cells(members: list[list[int]], chars) -> None:
    """A run drawn past its cell into the next (`_mark_overflowing_runs`) is the text of the cell it starts in."""
    home: dict[int, int] = {}          # run → the cell holding its first glyph (else the first holding any)
    for k, inside in enumerate(members):
        for i in inside:
            run = chars[i].get("run")
            if run is None:
                continue
            if chars[i]["x0"] == chars[i]["run_x0"]:
                home[run] = k
            else:
                home.setdefault(run, k)
    if not home:
        return
    for k, inside in enumerate(members):
        keep = [i for i in inside if home.get(chars[i].get("run"), k) == k]
        moved = [i for i in inside if home.get(chars[i].get("run"), k) != k]
        inside[:] = keep
        for i in moved:
            members[home[chars[i]["run"]]].append(i)


def _cell_text(chars) -> str:
    if not chars:
        return ""
    size = _char_size(chars)
    rows = []
    for row in _rows(chars):
        row.sort(key=_reading_x)
        parts = []
        for i, c in enumerate(row):
            if i and c["x0"] - row[i - 1]["x1"] > WORD_GAP * size and c["text"] != " " and parts[-1] != " ":
                parts.append(" ")
            parts.append(c["text"])
        rows.append("".join(parts).strip())
    return "\n".join(r for r in rows if r)


def _form_fields(page, lines) -> tuple[list[KeyValue], list[Checkbox]]:
    """AcroForm widgets on this page: text fields → KeyValue, buttons → Checkbox; labelled by nearby text."""
    kvs, boxes = [], []
    try:
        annots = page.annots
    except Exception:  # broken annotation dictionaries must not sink the page
        return kvs, boxes
    for a in annots:
        data = a.get("data") or {}
        if _name(data.get("Subtype")) != "Widget":
            continue
        field = _field_attrs(data)
        box = [a["x0"], a["top"], a["x1"], a["bottom"]]
        label = _label_left_of(box, lines) or field["tooltip"] or field["name"]
        if field["type"] == "Btn":
            state = _name(data.get("AS")) or _name(field["value"])
            boxes.append(Checkbox(label=label, checked=bool(state) and state != "Off",
                                  bbox=[round(v, 2) for v in box]))
        elif field["type"] in ("Tx", "Ch"):
            value = _text(field["value"])
            if value:
                kvs.append(KeyValue(label, value, None, [round(v, 2) for v in box]))
    return kvs, boxes


def _boxes_into_cells(tables, boxes) -> None:
    """A drawn checkbox or a checkbox widget inside a table cell is part of that cell's text, as a typed
    ☑/□ would be (a 含む column of form fields): before the cell's words when it stands in the cell's
    left half."""
    for cb in boxes:
        cx, cy = (cb.bbox[0] + cb.bbox[2]) / 2, (cb.bbox[1] + cb.bbox[3]) / 2
        for t in tables:
            cell = next((c for c in t.cells if c.bbox and c.bbox[0] <= cx <= c.bbox[2] and c.bbox[1] <= cy <= c.bbox[3]), None)
            if cell is not None:
                glyph = "☑" if cb.checked else "☐"
                left = cx < (cell.bbox[0] + cell.bbox[2]) / 2
                cell.text = " ".join(p for p in ((glyph, cell.text) if left else (cell.text, glyph)) if p)
                break


def _field_attrs(data) -> dict:
    from pdfminer.pdftypes import resolve1
    out = {"name": "", "tooltip": "", "type": "", "value": None}
    node, depth = data, 0
    while node is not None and depth < 10:        # field attributes are inherited from parents
        node = resolve1(node)
        if not isinstance(node, dict):
            break
        out["name"] = out["name"] or _text(node.get("T"))
        out["tooltip"] = out["tooltip"] or _text(node.get("TU"))
        out["type"] = out["type"] or _name(node.get("FT"))
        if out["value"] is None and node.get("V") is not None:
            out["value"] = resolve1(node.get("V"))
        node, depth = node.get("Parent"), depth + 1
    return out


def _name(v) -> str:
    from pdfminer.pdftypes import resolve1
    v = resolve1(v)
    if v is None:
        return ""
    return getattr(v, "name", None) or (v.decode("latin-1") if isinstance(v, bytes) else str(v)).lstrip("/")


def _text(v) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text
    v = resolve1(v)
    if isinstance(v, bytes):
        return decode_text(v).strip()
    if v is None:
        return ""
    return getattr(v, "name", str(v)).strip()


def _label_left_of(box, lines) -> str:
    """The line segment ending just left of a widget on its row, else the one just above it."""
    cy = (box[1] + box[3]) / 2
    left = [ln for ln, _ in lines if ln.bbox[1] - 2 <= cy <= ln.bbox[3] + 2 and ln.bbox[2] <= box[0] + 2]
    if left:
        text = max(left, key=lambda ln: ln.bbox[2]).text
        pair = split_inline(text)
        return (pair[0] if pair else text).strip(" ：:")
    above = [ln for ln, _ in lines if ln.bbox[3] <= box[1] + 2 and box[1] - ln.bbox[3] < 30
             and ln.bbox[0] < box[2] and ln.bbox[2] > box[0]]
    if above:
        return max(above, key=lambda ln: ln.bbox[3]).text.strip(" ：:")
    return ""
