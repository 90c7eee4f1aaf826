"""アレルギー情報 / 特定原材料確認表: checked allergens, the 'all confirmed' box, notes."""
from __future__ import annotations

import re

from intake.records import FieldValue

from intake.domain import jp
from ..grid import text_grid
from ..kv import union
from ..layout import Cell, Layout, Page, Table, Word
from . import allergens
from .base import CHECK_OFF, CHECK_ON, Doc, Hit, box_glyphs, circle_style, options, simple_fields

# what a cell of a table's mark column says: the allergen is used (○, 有, 含む…) or not (×, -, 無, blank)
ON_MARKS = {"○", "◯", "〇", "●", "◉", "◎", "✓", "✔", "レ", "■", "☑", "☒", "▣", "⬛", "有", "あり", "有り", "含む", "使用", "含有", "該当", "Y", "YES"}
OFF_MARKS = {"", "×", "✕", "☓", "-", "ー", "―", "‐", "−", "無", "なし", "無し", "含まない", "不使用", "非該当", "□", "☐", "⬜",
             "N", "NO", "/", "／",
             "△", "▲"}    # △: 「コンタミの可能性」 on sheets that mark it in the same column; it is not contained
# a column about cross-contact on the line, not what the product contains
CONTACT = re.compile(r"コンタミ|混入|同一(工場|ライン)|製造ライン|可能性|微量")
# a column that says what the product contains
USE = re.compile(r"使用|含有|有無|含む|含ま|該当|表示")
# … or what it does not: its mark means "not used" (含む | 含まない, 有 | 無 side by side)
NEGATIVE = re.compile(r"含まない|含まず|不使用|使用しない|使用せず|未使用|非該当|該当しない|^(無|無し|なし)$")


# a mark after an allergen's name: a glyph or a word (a dash too when it stands right after the name)
_MARK_AFTER = "○|◯|〇|●|◉|◎|■|□|☑|☐|☒|▣|⬛|⬜|✓|✔|×|✕|☓|有|無|あり|なし"
_TRAILING = re.compile(rf"^(.+?)[:：]?[(（]?({_MARK_AFTER}|-|－|ー|―|含む|含まない|不使用|未使用|使用)[)）]?$")
_MARK_APART = re.compile(rf"(?<=\S)[ \t\u3000]+(?=[(（]?(?:{_MARK_AFTER})[)）]?(?:[\s、,]|$))")


def _trailing_marks(text: str, least: int = 2, hollow_off: bool = False) -> list[tuple[str, bool]]:
    """Allergens each followed by its mark (卵○ 乳× / 小麦：有): `least` or more in the text, or none.
    `hollow_off`: the sheet marks with filled glyphs (小麦● えび○), so ○/□ are the unmarked ones."""
    found = []
    # 小麦[x] えび[ ] are boxes, えび（　） too; a mark in round brackets is the mark itself (卵（×）: not contained)
    boxed = re.sub(r"[\[［(]\s*[\]］)]", "□", re.sub(r"[\[［]\s*[xXｘ✓✔]\s*[\]］]", "■", jp.nfkc(text)))
    # 「小麦　○」: a mark standing apart after its name is still its mark
    boxed = _MARK_APART.sub("", boxed)
    for token in re.split(r"[\s、,]+", boxed):
        m = _TRAILING.match(token)
        a = allergens.canonical(re.sub(r"[(（].*", "", m.group(1))) if m else None
        if a:
            found.append((a, m.group(2)))
    # filled and hollow marks in one list (えび○ 小麦● / 卵■ かに□): the hollow ones are the unmarked
    hollow_off = hollow_off or bool({g for _, g in found} & set("●◉■☑☒▣⬛") and {g for _, g in found} & set("○◯〇□☐⬜"))
    out = [(a, bool(_mark(g)) and not (hollow_off and g in "○◯〇□☐⬜")) for a, g in found]
    return out if len(out) >= least else []


def _unled(text: str) -> str:
    """A list line led by a colon or a dot (「　：○乳　落花生」, 「・●小麦」): the lead is no part of the first name."""
    return re.sub(r"(^|(?<=\n))[\s\u3000]*[:：・･]+[\s\u3000]*", "", text)


_LIST_LABEL = re.compile(r"(アレルギ|アレルゲン|特定原材料)")
_NONE = re.compile(r"^(なし|無し|無|ない|該当なし|該当無し|該当しない|使用なし|使用していない|含まない|含みません|ありません)[。.]?$")


def _written_list(text: str) -> list[str] | None:
    """A list written out after its label (使用アレルゲン：小麦、卵、乳成分 / 含まれるアレルギー物質：なし): the
    allergens it names, [] for なし, None when the text is no such list (a word that names no allergen)."""
    t = jp.nfkc(text).strip()
    m = re.match(r"^(.*?(?:[:：]|[)）]\s|\s))\s*(.+)$", t)
    if not m or not _LIST_LABEL.search(m.group(1)) or CONTACT.search(m.group(1)) or re.search(r"確認", m.group(1)):
        return None
    value = m.group(2).strip()
    if _NONE.match(jp.squash(value)):
        return []
    parts = [p for p in re.split(r"[、,，・/／\s]+", re.sub(r"[(（][^)）]*[)）]", "", value)) if p]
    names = [_name_of(p) for p in parts]
    if not parts or None in names:
        return None
    return list(dict.fromkeys(names))


def _mark(text: str) -> bool | None:
    """A mark cell's reading: used, not used, or no mark (words). A note after the mark is no part of
    it: ○（小麦粉）, ●※1."""
    t = jp.squash(text).upper().strip("()（）")
    t = re.sub(r"^(.{1,3}?)\s*(?:[(（].*|※.*|\*\d*)$", r"\1", t) or t
    if t in ON_MARKS or t in OFF_MARKS:
        return t in ON_MARKS
    # the cell offers the choice and one is ringed: 「◯有・無」 (有 circled), 「有・◯無」
    chosen = [label for label, on in options(re.sub(r"[・/／]", " ", text), True) if on]
    if len(chosen) == 1 and jp.squash(chosen[0]).upper() in ON_MARKS | OFF_MARKS:
        return jp.squash(chosen[0]).upper() in ON_MARKS
    return None


def _bare(cell: str) -> str:
    """A name cell without its leading mark or number and its note: ※えび, 1. 小麦, 落花生(ピーナッツ)."""
    return re.sub(r"[(（].*", "", re.sub(r"^[\s※*＊・:：\d.．]+", "", cell or "")).strip()


def _name_of(cell: str) -> str | None:
    """The allergen a name cell names (乳成分（乳・乳製品）, 落花生(ピーナッツ), ※えび: the note is no part of it)."""
    return allergens.canonical(_bare(cell))


def _marks_of(texts: list[str]) -> bool | None:
    """The reading of a name's mark cells (one, or its 含有 sub-columns): used if any is used."""
    marks = [_mark(t) for t in texts]
    return True if any(marks) else None if None in marks else False


def _runs(rows: list[int]) -> list[list[int]]:
    """Row numbers cut where they stop following one another (a block heading between two blocks)."""
    out: list[list[int]] = []
    for i in rows:
        if out and i - out[-1][-1] <= 2:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def _names_and_marks(grid: list[list[str]]) -> list[tuple[str, bool]]:
    """In a grid whose columns name allergens (one a row, in one block or several: 特定原材料 and
    準ずるもの side by side or one under the other), the allergens the mark columns mark.

    A name column's mark columns are those between it and the next name column (or, with the marks
    before the names, the previous one) whose cells on the names' rows read as marks. Several of
    them (one a product: ソーセージ | ハム) are one sheet: an allergen any of them marks is used. A column
    headed コンタミ (cross-contact) is left out; when some are headed 使用/含有/有無, only those count.
    """
    width = max((len(r) for r in grid), default=0)
    cell = lambda i, m: grid[i][m] if i < len(grid) and m < len(grid[i]) else ""
    names = {c: [(i, _name_of(cell(i, c))) for i in range(len(grid))] for c in range(width)}
    names = {c: [(i, a) for i, a in v if a] for c, v in names.items()}
    # a column of names has names in its cells, word for word at least half of them; one of notes
    # names an allergen inside longer words (小麦を含む原材料, 乳糖)
    name_cols = [c for c, v in names.items() if len(v) >= 4 and 2 * sum(
        bool(allergens.named(_bare(cell(i, c)))) for i, _ in v) >= len(v)]
    reads = {"right": [], "left": []}      # (rows, picked columns' marks) for each block of names
    for n, c in enumerate(name_cols):
        sides = {"right": range(c + 1, name_cols[n + 1] if n + 1 < len(name_cols) else width),
                 "left": range(c - 1, name_cols[n - 1] if n else -1, -1)}
        for run in _runs([i for i, _ in names[c]]):
            rows = [(i, a) for i, a in names[c] if i in run]
            top = run[0]
            above = max([i for c2 in name_cols if c2 != c for i, _ in names[c2] if i < top] + [-1]) + 1
            for side, cols in sides.items():
                # each name merged over sub-columns (含有 | コンタミ): a row of sub-headings says which are which
                span = range(top, run[-1] + 3)
                sub = next((m for m in cols if any(CONTACT.search(jp.squash(cell(i, m))) for i in span)), None)
                group = [[r for r in range(i, ([j for j, _ in rows if j > i] or [i + 1])[0]) if r == i or (
                    sub is not None and r < len(grid) and not _name_of(cell(r, c)) and cell(r, sub).strip()
                    and not CONTACT.search(jp.squash(cell(r, sub))))] for i, _ in rows]
                picked, negatives = [], []
                for m in cols:
                    if m == sub:
                        continue
                    header = jp.squash("".join(cell(i, m) for i in range(min(above, top), top)) or
                                       "".join(cell(i, m) for i in range(top)))
                    if CONTACT.search(header):
                        continue
                    texts = ["".join(cell(r, m) for r in g) for g in group]
                    marks = [_marks_of([cell(r, m) for r in g]) for g in group]
                    filled = sum(1 for t in texts if t.strip())
                    if 4 * sum(v is None for v in marks) > filled:
                        continue       # words (a notes or ingredients column), not marks
                    if not filled and not USE.search(header):
                        continue       # an empty spacer column
                    if NEGATIVE.search(header):
                        if filled:     # an empty 含まない column says nothing: not "every allergen used"
                            negatives.append(marks)
                        continue
                    picked.append((bool(USE.search(header)), marks, filled))
                # a 使用 heading over an empty column beside one of marks (the heading merged over a
                # form field's box cell) heads the marks: an empty column counts only when all are
                if any(f for *_, f in picked):
                    picked = [p for p in picked if p[2]]
                picked = [(u, marks) for u, marks, _ in picked]
                if not picked and negatives:      # only a 含まない column: an unmarked name is used
                    picked = [(True, [None if v is None else not v for v in marks]) for marks in negatives]
                if any(u for u, _ in picked):
                    picked = [p for p in picked if p[0]]
                if picked:
                    reads[side].append((rows, picked))
    # the side the marks stand on: the one that gives marks to more blocks (right on a tie)
    side = max(("right", "left"), key=lambda k: (len(reads[k]), k == "right"))
    found: dict[str, bool] = {}
    for rows, picked in reads[side]:
        for k, (_, a) in enumerate(rows):
            found[a] = found.get(a, False) or any(bool(marks[k]) for _, marks in picked)
    return list(found.items())


def _marks_beside(grid: list[list[str]]) -> list[tuple[str, bool]]:
    """A grid of box cells each beside its allergen's cell (☐ | えび | ☑ | 小麦 …): the marks on the
    side where the marks are (left or right of the names); a blank box cell is unmarked."""
    names = [(r, c, allergens.canonical(re.sub(r"[(（].*", "", text))) for r, row in enumerate(grid)
             for c, text in enumerate(row)]
    names = [(r, c, a) for r, c, a in names if a]
    for step in (-1, 1):
        beside = [grid[r][c + step] if 0 <= c + step < len(grid[r]) else None for r, c, _ in names]
        if sum(b is not None and b.strip() != "" and _mark(b) is not None for b in beside) >= 1 and all(
                b is not None and _mark(b) is not None for b in beside):
            return [(a, bool(_mark(b))) for (_, _, a), b in zip(names, beside)]
    return []


def _grids(layout: Layout):
    """(page, table, grid of cell texts) for each ruled table, and for a page with no ruled table that
    places names, its words set in columns without rules (a borderless Word table saved as PDF)."""
    for page in layout.pages:
        ruled = False
        for t in page.tables:
            grid = [[""] * t.n_cols for _ in range(t.n_rows)]
            for cell in t.cells:
                grid[cell.row][cell.col] = cell.text
            ruled = ruled or sum(bool(_name_of(c)) for row in grid for c in row) >= 4
            yield page, t, grid
        if not ruled and page.unit != "line":
            words = [w for ln in page.lines for w in (ln.words or [ln])]
            # drawn boxes and form fields stand in the grid as the glyphs they are (not over a word: a
            # glyph box is in the words already)
            words += [Word("☑" if cb.checked else "☐", cb.bbox, cb.confidence) for cb in page.checkboxes
                      if cb.bbox and not any(_overlaps(cb.bbox, w.bbox) for w in words)]
            grid = text_grid(words)
            if grid:
                # a grid inferred from alignment is less sure than a ruled one
                box, conf = union([w.bbox for w in words]), min(0.85, min(w.confidence for w in words))
                yield page, Table(cells=[Cell(row=r, col=c, text=v, bbox=box, confidence=conf)
                                         for r, row in enumerate(grid) for c, v in enumerate(row)], bbox=box), grid


def _overlaps(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def table_marks(layout: Layout) -> tuple[list[tuple[str, bool]], Table | None, Page | None]:
    """Allergens marked in tables: names down a column (marks beside them) or across a row (marks below),
    or each name in its own cell beside its box's cell. A sheet may split the list over several
    tables (特定原材料 in one, the 準ずるもの in the next, or 14 columns a table): their readings are
    one list. The table returned is the one that places the most names."""
    found: dict[str, bool] = {}
    best: tuple[int, Table | None, Page | None] = (0, None, None)
    for page, t, grid in _grids(layout):
        # the reading that places the most names: a grid of several name columns is one sheet
        mine = max((_names_and_marks(grid), _names_and_marks([list(col) for col in zip(*grid)]),
                    _marks_beside(grid)), key=lambda f: len({a for a, _ in f}))   # the first on a tie
        if len({a for a, _ in mine}) < 4:
            continue             # a table that names an allergen or two is no part of the list
        for a, on in mine:
            found[a] = found.get(a, False) or on
        if len(mine) > best[0]:
            best = (len(mine), t, page)
    if len(found) >= 7:              # 7 or 8 特定原材料 alone, 27/28 with the 準ずるもの
        return list(found.items()), best[1], best[2]
    return [], None, None


_ENDS_MARKED = re.compile(rf"(?:{_MARK_AFTER}|[)）\]］])\s*$")


def _unwrapped(page: Page) -> list[tuple[str, list, float]]:
    """The page's lines, a paragraph wrapped over several lines joined back into one (a list of names
    and marks wraps anywhere: 「…卵（ ） 乳」 / 「（○） 落花生…」, 「キウ」 / 「イフルーツ」). A line is
    continued by the next when it runs to within a few characters of the text's right edge (a word that
    does not fit moves down whole) and the next starts at its left,
    one line below; a wrap after a mark was a space."""
    lines = [ln for ln in page.lines if ln.text.strip() and not ln.vertical]
    if page.unit == "line" or len(lines) < 2:
        return [(ln.text, ln.bbox, ln.confidence) for ln in page.lines]
    right = max(ln.bbox[2] for ln in lines)
    left = min(ln.bbox[0] for ln in lines)
    out: list[list] = []
    prev = None
    for ln in page.lines:
        h = ln.bbox[3] - ln.bbox[1]
        if prev is not None and out and not ln.vertical and right - prev.bbox[2] < 4 * h \
                and prev.bbox[2] - prev.bbox[0] > 0.5 * (right - left) and abs(ln.bbox[0] - out[-1][1][0]) < h \
                and 0 <= ln.bbox[1] - prev.bbox[3] < h:
            text, box, conf = out[-1]
            glue = " " if _ENDS_MARKED.search(text) else ""
            out[-1] = [text + glue + ln.text, union([box, ln.bbox]), min(conf, ln.confidence)]
        else:
            out.append([ln.text, ln.bbox, ln.confidence])
        prev = ln
    return [tuple(o) for o in out]


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "allergen_sheet")
    out = simple_fields(doc, "allergen_sheet")     # 備考 as printed, 「特になし」 too: the reviewer sees what was written
    found: list[tuple[str, bool, object]] = []
    texts = [(_unled(c.text), p, c.bbox, c.confidence) for p in layout.pages for t in p.tables for c in t.cells]
    texts += [(_unled(text), p, bbox, conf) for p in layout.pages for text, bbox, conf in _unwrapped(p)]
    # a filled mark before one allergen's name (●小麦 in a cell of its own) is a mark, not a heading's bullet
    filled = any(_name_of(re.sub(r"^\s*[●■◉☑✓✔]\s*", "", t)) for t, *_ in texts if re.match(r"\s*[●■◉☑✓✔]", t))
    circles = (circle_style("\n".join(t for t, *_ in texts)) and not filled) or None
    boxes = [(cb, allergens.canonical(re.sub(r"[(（].*", "", cb.label))) for p in layout.pages for cb in p.checkboxes]
    boxes = [(cb, a) for cb, a in boxes if a]
    marked, table, tpage = table_marks(layout)
    if marked:
        found = [(a, on, None) for a, on in marked]
        where = FieldValue(None, min((c.confidence for c in table.cells), default=1.0), tpage.method, tpage.number,
                           table.bbox)
    elif len(boxes) >= 9 and (layout.method == "ocr" or not any(
            re.search(f"[{CHECK_ON}{CHECK_OFF}]", box_glyphs(t)) for t, *_ in texts)):
        # born-digital text carries exact ■/□ glyphs, read below; boxes with none in the text are form
        # fields (a PDF's checkbox widgets, Word's legacy form checkboxes exported)
        found = [(a, cb.checked, cb) for cb, a in boxes]
        first = boxes[0][0]
        conf = min(cb.confidence for cb, _ in boxes)
        named = {id(cb) for cb, _ in boxes}
        if any(cb.checked and id(cb) not in named and "確認" not in cb.label for p in layout.pages for cb in p.checkboxes):
            conf = min(conf, 0.5)    # a ticked box whose allergen OCR did not read: the list is incomplete
        where = FieldValue(None, conf, layout.pages[0].method, 1, first.bbox)
    else:
        # every printed text, not only label/value pairs: a grid of boxes has no labels
        where, singles, single_opts = None, [], []
        hollow_off = any(re.search("[●■☑◉]", t) for t, *_ in texts if not re.match(r"\s*[●■◆]\s*【", t))
        for text, page, bbox, conf in texts:
            after = _trailing_marks(text)
            for a, on in after:
                found.append((a, on, None))
                where = where or doc.fv(None, Hit("", text, page, bbox, conf, 0))
            single = [] if after else _trailing_marks(text, 1, hollow_off)
            for lbl, on in ([] if after else options(text, circles)):
                a = allergens.canonical(re.sub(r"[(（].*", "", lbl))
                if a:
                    (single_opts if single else found).append((a, on, None))
                    if not single:
                        where = where or doc.fv(None, Hit("", text, page, bbox, conf, 0))
            singles += [(a, on, text, page, bbox, conf) for a, on in single]
        bare = {_name_of(t) for t, *_ in texts if _name_of(t) and not _trailing_marks(t, 1)} if singles else set()
        bare -= {a for a, *_ in singles}
        if len({a for a, *_ in singles} | bare) >= 7 and any(on for _, on, *_ in singles):
            singles += [(a, False, *singles[0][2:]) for a in sorted(bare)]     # a name with no mark after it: not used
        if len({a for a, *_ in singles}) >= 7:
            # one allergen and its mark a cell (小麦○ | えび× | 乳（○）…): the cells together are the list
            found += [(a, on, None) for a, on, *_ in singles]
            _, _, text, page, bbox, conf = singles[0]
            where = where or doc.fv(None, Hit("", text, page, bbox, conf, 0))
        elif single_opts:
            found += single_opts
            _, _, text, page, bbox, conf = singles[0]
            where = where or doc.fv(None, Hit("", text, page, bbox, conf, 0))
    written = None
    if not found:
        for text, page, bbox, conf in texts:
            written = _written_list(text)
            if written is not None:
                found = [(a, True, None) for a in written]
                where = doc.fv(None, Hit("", text, page, bbox, conf, 0))
                break
    if where is not None and (found or written == []):
        picked = list(dict.fromkeys(a for a, on, _ in found if on))
        conf = where.confidence
        if not picked and written is None and not any(p.checkboxes for p in layout.pages) and not re.search(
                f"[{CHECK_ON}{CHECK_OFF}○◯◎×✕]", box_glyphs("".join(t for t, *_ in texts))):
            conf = min(conf, 0.4)     # names without a single mark: the marks were lost, not "none used"
        out["allergens.checked"] = FieldValue(picked, conf, where.method, where.page, where.bbox)
    # the confirmation is a box of its own (☑ 特定原材料…全て確認しました), wherever it is printed
    for text, page, bbox, conf in texts:
        if not re.search(f"[{CHECK_ON}{CHECK_OFF}◎]", box_glyphs(text)):
            continue        # a title (アレルギー物質確認書) is no box
        marks = [(lbl, on) for lbl, on in options(text, circles) if "確認" in lbl]
        if marks:
            out["allergens.all_confirmed"] = doc.fv(any(on for _, on in marks), Hit("", text, page, bbox, conf, 0))
            break
    else:       # … or a form field's box, with no glyph in the text
        for page in layout.pages:
            for cb in (cb for cb in page.checkboxes if "確認" in cb.label):
                out["allergens.all_confirmed"] = doc.fv(cb.checked, Hit("", cb.label, page, cb.bbox, cb.confidence, 0))
                return out
    return out
