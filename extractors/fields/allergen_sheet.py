"""アレルギー情報 / 特定原材料確認表: checked allergens, the 'all confirmed' box, notes."""
from __future__ import annotations

import re

from intake.records import FieldValue

from intake.domain import jp
from ..layout import Layout, Page, Table
from . import allergens
from .base import CHECK_OFF, CHECK_ON, Doc, Hit, box_glyphs, circle_style, options, simple_fields

# what a cell of a table's mark column says: the allergen is used (○, 有, 含む…) or not (×, -, 無, blank)
ON_MARKS = {"○", "◯", "●", "◎", "✓", "✔", "レ", "■", "☑", "☒", "有", "あり", "有り", "含む", "使用", "含有", "該当", "Y", "YES"}
OFF_MARKS = {"", "×", "✕", "☓", "-", "ー", "―", "‐", "−", "無", "なし", "無し", "含まない", "不使用", "非該当", "□", "☐",
             "N", "NO", "/", "／"}
# a column about cross-contact on the line, not what the product contains
CONTACT = re.compile(r"コンタミ|混入|同一(工場|ライン)|製造ライン|可能性")


_TRAILING = re.compile(r"^(.+?)[:：]?[(（]?(○|◯|●|◎|✓|✔|×|✕|☓|-|－|ー|―|有|無|あり|なし|含む|不使用)[)）]?$")


def _trailing_marks(text: str) -> list[tuple[str, bool]]:
    """Allergens each followed by its mark (卵○ 乳× / 小麦：有): two or more in the text, or none."""
    out = []
    for token in re.split(r"[\s、,]+", jp.nfkc(text)):
        m = _TRAILING.match(token)
        a = allergens.canonical(re.sub(r"[(（].*", "", m.group(1))) if m else None
        if a:
            out.append((a, bool(_mark(m.group(2)))))
    return out if len(out) >= 2 else []


def _mark(text: str) -> bool | None:
    t = jp.squash(text).upper().strip("()（）")
    return True if t in ON_MARKS else False if t in OFF_MARKS else None


def _names_and_marks(grid: list[list[str]]) -> list[tuple[str, bool]]:
    """In a grid whose one column names allergens (one per row), the allergens its mark column marks.

    The mark column is the one whose cells, on the allergen rows, read as marks; a column headed
    コンタミ (cross-contact) is left out, a column headed 使用/含有/有無 is preferred.
    """
    width = max((len(r) for r in grid), default=0)
    for c in range(width):
        rows = [(i, allergens.canonical(re.sub(r"[(（].*", "", r[c]))) for i, r in enumerate(grid) if c < len(r)]
        rows = [(i, a) for i, a in rows if a]
        if len(rows) < 5:
            continue
        first = rows[0][0]
        best, best_score = None, 0.0
        for m in range(width):
            if m == c:
                continue
            header = "".join(grid[i][m] for i in range(first) if m < len(grid[i]))
            if CONTACT.search(jp.squash(header)):
                continue
            marks = [_mark(grid[i][m]) if m < len(grid[i]) else False for i, _ in rows]
            if sum(v is None for v in marks) > len(marks) // 4 or not any(marks):
                continue
            score = sum(v is not None for v in marks) + (len(marks) if re.search(r"使用|含有|有無|含む|含ま|該当|表示", header) else 0)
            if score > best_score:
                best, best_score = marks, score
        if best is not None:
            return [(a, bool(on)) for (_, a), on in zip(rows, best)]
    return []


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


def table_marks(layout: Layout) -> tuple[list[tuple[str, bool]], Table | None, Page | None]:
    """Allergens marked in a table: names down a column (marks beside them) or across a row (marks below),
    or each name in its own cell beside its box's cell."""
    for page in layout.pages:
        for t in page.tables:
            grid = [[""] * t.n_cols for _ in range(t.n_rows)]
            for cell in t.cells:
                grid[cell.row][cell.col] = cell.text
            # the reading that places the most names: a grid of several name columns is one sheet
            found = max((_names_and_marks(grid), _names_and_marks([list(col) for col in zip(*grid)]),
                         _marks_beside(grid)), key=len)
            if len(found) >= 9:
                return found, t, page
    return [], None, None


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "allergen_sheet")
    out = simple_fields(doc, "allergen_sheet")     # 備考 as printed, 「特になし」 too: the reviewer sees what was written
    found: list[tuple[str, bool, object]] = []
    texts = [(c.text, p, c.bbox, c.confidence) for p in layout.pages for t in p.tables for c in t.cells]
    texts += [(ln.text, p, ln.bbox, ln.confidence) for p in layout.pages for ln in p.lines]
    circles = circle_style("\n".join(t for t, *_ in texts)) or None
    boxes = [(cb, allergens.canonical(re.sub(r"[(（].*", "", cb.label))) for p in layout.pages for cb in p.checkboxes]
    boxes = [(cb, a) for cb, a in boxes if a]
    marked, table, tpage = table_marks(layout)
    if marked:
        found = [(a, on, None) for a, on in marked]
        where = FieldValue(None, min((c.confidence for c in table.cells), default=1.0), tpage.method, tpage.number,
                           table.bbox)
    elif len(boxes) >= 9 and layout.method == "ocr":   # born-digital text carries exact ■/□ glyphs
        found = [(a, cb.checked, cb) for cb, a in boxes]
        first = boxes[0][0]
        conf = min(cb.confidence for cb, _ in boxes)
        named = {id(cb) for cb, _ in boxes}
        if any(cb.checked and id(cb) not in named and "確認" not in cb.label for p in layout.pages for cb in p.checkboxes):
            conf = min(conf, 0.5)    # a ticked box whose allergen OCR did not read: the list is incomplete
        where = FieldValue(None, conf, layout.pages[0].method, 1, first.bbox)
    else:
        # every printed text, not only label/value pairs: a grid of boxes has no labels
        where = None
        for text, page, bbox, conf in texts:
            after = _trailing_marks(text)
            for a, on in after:
                found.append((a, on, None))
                where = where or doc.fv(None, Hit("", text, page, bbox, conf, 0))
            for lbl, on in ([] if after else options(text, circles)):
                a = allergens.canonical(re.sub(r"[(（].*", "", lbl))
                if a:
                    found.append((a, on, None))
                    where = where or doc.fv(None, Hit("", text, page, bbox, conf, 0))
    if where is not None and found:
        picked = list(dict.fromkeys(a for a, on, _ in found if on))
        conf = where.confidence
        if not picked and not any(p.checkboxes for p in layout.pages) and not re.search(
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
    return out
