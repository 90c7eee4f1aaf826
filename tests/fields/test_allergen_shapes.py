"""Allergen sheets in the shapes other people make them (not the shapes samples/family_b prints):
allergens down the rows and products across, two-row headers with merged group cells, the 特定原材料
and the 準ずるもの in two blocks, marks as words, notes in the mark cells, cross-contact columns, a
ruled PDF table with a notes column, a Word table, a free-text list. Read through the real readers."""
from __future__ import annotations

import io

import docx
import openpyxl
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extractors.classify import classify
from extractors.fields import extract
from extractors.reader import read
from office_files import xlsx      # tests/fields is on the path (rootdir conftest)

FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
MANDATORY = ["えび", "かに", "くるみ", "小麦", "そば", "卵", "乳", "落花生"]
RECOMMENDED = ["アーモンド", "あわび", "いか", "いくら", "オレンジ", "カシューナッツ", "キウイフルーツ", "牛肉", "ごま",
               "さけ", "さば", "大豆", "鶏肉", "バナナ", "豚肉", "マカダミアナッツ", "もも", "やまいも", "りんご", "ゼラチン"]
# how other people print the names: kanji, notes in brackets, 乳成分
PRINTED = {"えび": "えび（海老）", "かに": "蟹", "乳": "乳成分", "落花生": "落花生（ピーナッツ）", "さけ": "鮭",
           "ごま": "胡麻", "やまいも": "山芋"}
ALL = MANDATORY + RECOMMENDED


def _printed(n: str, plain: bool) -> str:
    return n if plain else PRINTED.get(n, n)


_xlsx = xlsx      # (rows, merges)


def _col(n: int) -> str:
    return openpyxl.utils.get_column_letter(n)


def _read(data: bytes, name: str) -> dict:
    layout = read(data, name)
    kind, _ = classify(layout, name)
    assert kind == "allergen_sheet"
    return {k: v.value for k, v in extract(kind, layout, name).items()}


def _rows_products_across(products: dict[str, set], on: str, off: str, plain: bool) -> tuple[list[list], list[str]]:
    """Allergens down the rows, one column a product, a 区分 column merged over each group, a 備考 column."""
    rows = [["特定原材料等 アレルゲン一覧表"], ["区分", "アレルゲン", "商品名", *[""] * (len(products) - 1), "備考"],
            ["", "", *products, ""]]
    merges = [f"A1:{_col(3 + len(products))}1", f"C2:{_col(2 + len(products))}2"]
    for group, names in (("特定原材料（8品目）", MANDATORY), ("特定原材料に準ずるもの（20品目）", RECOMMENDED)):
        first = len(rows) + 1
        for n in names:
            rows.append([group if len(rows) + 1 == first else None, _printed(n, plain),
                         *[on if n in used else off for used in products.values()],
                         "工場内で使用" if n == "そば" else None])
        merges.append(f"A{first}:A{len(rows)}")
    return rows, merges


def _rows_products_down(products: dict[str, set], on: str, off: str, plain: bool) -> tuple[list[list], list[str]]:
    """One row a product, the allergens across under two merged group headers."""
    rows = [["アレルギー物質使用一覧"], [],
            ["商品名", "特定原材料（8品目）", *[""] * 7, "特定原材料に準ずるもの（20品目）", *[""] * 19],
            ["", *[_printed(n, plain) for n in ALL]]]
    merges = ["A3:A4", "B3:I3", "J3:AC3"]
    for p, used in products.items():
        rows.append([p, *[on if n in used else off for n in ALL]])
    return rows, merges


def _rows_two_blocks(used: set, on: str, off: str, plain: bool) -> tuple[list[list], list[str]]:
    """特定原材料 and 準ずるもの side by side, each name column with its own 使用 column."""
    rows = [["アレルゲン確認表"], ["商品名", "島豚ソーセージ"], [],
            ["No.", "特定原材料", "使用", "", "No.", "特定原材料に準ずるもの", "使用"]]
    for k in range(len(RECOMMENDED)):
        left = [k + 1, _printed(MANDATORY[k], plain), on if MANDATORY[k] in used else off] if k < 8 else [None] * 3
        n = RECOMMENDED[k]
        rows.append(left + [None, k + 1, _printed(n, plain), on if n in used else off])
    return rows, []


def _rows_block_under_block(used: set, on: str, off: str, plain: bool) -> tuple[list[list], list[str]]:
    """Names across in two header rows (8, then 20), each followed by the product's marks."""
    rows = [["特定原材料等28品目 使用一覧"], ["商品名：島豚ソーセージ"], []]
    for group, names in (("特定原材料", MANDATORY), ("特定原材料に準ずるもの", RECOMMENDED)):
        rows += [[group, *[_printed(n, plain) for n in names]], ["使用", *[on if n in used else off for n in names]], []]
    return rows, []


def _rows_with_contact(used: set, on: str, off: str, plain: bool) -> tuple[list[list], list[str]]:
    """Each allergen header merged over two columns: 含有 and コンタミ (cross-contact)."""
    top, sub, marks, merges = ["商品名"], [""], ["島豚ソーセージ"], ["A2:A3"]
    for k, n in enumerate(ALL):
        top += [_printed(n, plain), ""]
        sub += ["含有", "コンタミ"]
        marks += [on if n in used else off, on if n in ("そば", "えび") else off]
        merges.append(f"{_col(2 + 2 * k)}2:{_col(3 + 2 * k)}2")
    return [["アレルゲン情報（特定原材料等28品目）"], top, sub, marks], merges


SHAPES = {"products across": _rows_products_across, "products down": _rows_products_down}
ONE = {"two blocks side by side": _rows_two_blocks, "block under block": _rows_block_under_block,
       "contact columns": _rows_with_contact}
MARKS = [("●", ""), ("○", "－"), ("◎", "×"), ("含む", "含まない"), ("使用", "不使用"), ("✓", "-"), ("○（小麦粉）", ""), ("〇", "△")]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("on,off", MARKS)
@pytest.mark.parametrize("plain", [True, False])
def test_products_in_a_table_each_marked(shape, on, off, plain):
    products = {"島豚ソーセージ": {"小麦", "乳", "豚肉"}, "島豚ハム": {"豚肉", "大豆"}}
    rows, merges = SHAPES[shape](products, on, off, plain)
    got = _read(_xlsx(rows, merges), "allergen.xlsx")
    assert sorted(got["allergens.checked"]) == sorted({"小麦", "乳", "豚肉", "大豆"})   # any product's


@pytest.mark.parametrize("shape", ONE)
@pytest.mark.parametrize("on,off", MARKS)
@pytest.mark.parametrize("plain", [True, False])
def test_one_product_in_other_table_shapes(shape, on, off, plain):
    rows, merges = ONE[shape]({"小麦", "乳", "ごま", "さけ"}, on, off, plain)
    got = _read(_xlsx(rows, merges), "allergen.xlsx")
    assert sorted(got["allergens.checked"]) == sorted({"小麦", "乳", "ごま", "さけ"})


def test_only_the_eight_mandatory_items():
    rows = [["アレルギー情報（特定原材料8品目）"], ["商品名", "黒糖かりんとう"], ["品目", "使用の有無"]]
    rows += [[n, "○" if n in ("小麦", "卵") else "×"] for n in MANDATORY]
    assert sorted(_read(_xlsx(rows), "allergen.xlsx")["allergens.checked"]) == ["卵", "小麦"]


def _docx_table(rows: list[list]) -> bytes:
    d = docx.Document()
    d.add_paragraph("アレルギー物質確認表")
    d.add_paragraph("商品名：島豚ソーセージ")
    t = d.add_table(rows=0, cols=max(len(r) for r in rows))
    for r in rows:
        for c, v in zip(t.add_row().cells, r):
            c.text = "" if v is None else str(v)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("shape", ONE)
def test_word_tables(shape):
    rows, _ = ONE[shape]({"小麦", "乳", "ごま"}, "○", "", False)
    got = _read(_docx_table(rows[3:] if shape == "two blocks side by side" else rows[1:]), "allergen.docx")
    assert sorted(got["allergens.checked"]) == sorted({"小麦", "乳", "ごま"})


def _pdf_table(used: set, notes: bool) -> bytes:
    """A ruled table: 品目 | 使用 (○) | 備考 (where the allergen comes from)."""
    if "IPAexG" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("IPAexG", FONT))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("IPAexG", 12)
    c.drawString(180, 800, "アレルギー物質に関する確認表")
    c.setFont("IPAexG", 9)
    c.drawString(60, 780, "商品名：島豚ソーセージ")
    xs = [60, 200, 260, 500] if notes else [60, 200, 260]
    header = ["特定原材料等", "使用", "備考（使用原材料）"]
    body = [[_printed(n, False), "○" if n in used else "", "小麦粉" if n == "小麦" and notes else ""] for n in ALL]
    y = 760
    for r in [header] + body:
        for k in range(len(xs) - 1):
            c.rect(xs[k], y - 16, xs[k + 1] - xs[k], 16)
            c.drawString(xs[k] + 4, y - 12, r[k])
        y -= 16
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("notes", [True, False])
def test_ruled_pdf_table_with_circles(notes):
    got = _read(_pdf_table({"小麦", "卵", "大豆"}, notes), "allergen.pdf")
    assert sorted(got["allergens.checked"]) == sorted({"小麦", "卵", "大豆"})


@pytest.mark.parametrize("line,want", [
    ("使用しているアレルゲン（特定原材料等28品目）：小麦、卵、乳成分、大豆", ["小麦", "卵", "乳", "大豆"]),
    ("含まれるアレルギー物質：小麦・えび・かに", ["えび", "かに", "小麦"]),
    ("アレルギー物質（28品目中）　小麦、乳、ごま", ["小麦", "乳", "ごま"]),
    ("含まれるアレルギー物質：なし", []),
])
def test_a_free_text_list(line, want):
    d = docx.Document()
    for p in ["アレルギー情報", "商品名：島豚ソーセージ", "特定原材料等の使用について", line, "備考：同一工場でそばを使用しています。"]:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    got = _read(buf.getvalue(), "allergen.docx")
    assert sorted(got["allergens.checked"]) == sorted(want)


@pytest.mark.parametrize("lead", ["：", "・", "　："])
def test_list_lines_led_by_a_colon_or_dot(lead):
    d = docx.Document()
    d.add_paragraph("アレルギー物質確認書")
    d.add_paragraph("◎【特定原材料 8品目】")
    for i in range(0, 8, 4):
        d.add_paragraph(lead + "\u3000".join(("○" if n in ("乳", "えび") else "") + n for n in MANDATORY[i:i + 4]))
    d.add_paragraph("◎【特定原材料に準ずるもの 20品目】")
    for i in range(0, 20, 4):
        d.add_paragraph(lead + "\u3000".join(("○" if n == "大豆" else "") + n for n in RECOMMENDED[i:i + 4]))
    d.add_paragraph(lead + "○特定原材料及び特定原材料に準ずるものについて全て確認しました")
    buf = io.BytesIO()
    d.save(buf)
    got = _read(buf.getvalue(), "allergen.docx")
    assert sorted(got["allergens.checked"]) == sorted(["えび", "乳", "大豆"])
    assert got["allergens.all_confirmed"] is True


@pytest.mark.parametrize("cell", ["{m}{n}", "{n}{m}", "{n}（{m}）"])
@pytest.mark.parametrize("on,off", [("●", "○"), ("○", ""), ("○", "×"), ("✓", ""), ("■", "□")])
def test_each_cell_an_allergen_with_its_mark(cell, on, off):
    rows = [["アレルギー物質確認表"], ["商品名", "島豚ソーセージ"], ["特定原材料等28品目"]]
    for i in range(0, len(ALL), 4):
        rows.append([cell.format(m=on if n in ("小麦", "乳", "ごま") else off, n=n).replace("（）", "") for n in ALL[i:i + 4]])
    assert sorted(_read(_xlsx(rows), "allergen.xlsx")["allergens.checked"]) == sorted(["小麦", "乳", "ごま"])


def _check_list(on: str, off: str, style: str) -> bytes:
    """A Word check-list of the eight mandatory items: a mark before each name on one line, one a line,
    or after each name."""
    names, used = ["えび", "かに", "くるみ", "小麦", "そば", "卵", "乳", "落花生"], {"小麦", "卵", "乳"}
    marked = {n: on if n in used else off for n in names}
    d = docx.Document()
    for p in ("アレルギー物質確認表", "商品名：焼菓子セット", "特定原材料（8品目）：該当するものに印をつけてください"):
        d.add_paragraph(p)
    if style == "before, one line":
        d.add_paragraph("　".join(marked[n] + n for n in names))
    elif style == "before, one a line":
        for n in names:
            d.add_paragraph(f"{marked[n]} {n}")
    else:
        d.add_paragraph("　".join(n + marked[n] for n in names))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("style", ["before, one line", "before, one a line", "after"])
@pytest.mark.parametrize("on,off", [("■", "□"), ("☑", "☐"), ("⬛", "⬜"), ("[x]", "[ ]"), ("(○)", "( )"),
                                    ("〇", ""), ("〇", "×"), ("○", "－"), ("◎", ""), ("✔", "－")])
def test_check_lists_in_the_ways_people_mark_them(on, off, style):
    # 〇 is the kanji zero people type for a circle; a mark set apart from its name (○ 小麦) is still its mark
    assert set(_read(_check_list(on, off, style), "sheet.docx")["allergens.checked"]) == {"小麦", "卵", "乳"}


@pytest.mark.parametrize("style", ["before, one line", "before, one a line"])
@pytest.mark.parametrize("off", ["", "　"])
def test_a_katakana_re_ticks_the_name_after_it(style, off):
    assert set(_read(_check_list("レ", off, style), "sheet.docx")["allergens.checked"]) == {"小麦", "卵", "乳"}


def test_a_kanji_zero_in_a_number_is_no_mark():
    from extractors.fields.base import circles_typed, options
    assert circles_typed("三隅町一〇二番地") == "三隅町一〇二番地" and circles_typed("〇冷凍　冷蔵") == "○冷凍 冷蔵"
    assert options("〇冷凍 冷蔵 常温") == [("冷凍", True), ("冷蔵", False), ("常温", False)]
    assert options("レ モン 小麦") == [] and options("レ 小麦 えび") == [("小麦", True)]   # レ before katakana is no tick


@pytest.mark.parametrize("on,off", [("●", "○"), ("◉", "○"), ("☒", "☐"), ("▣", "□")])
def test_filled_marks_after_the_names_leave_the_hollow_ones_unmarked(on, off):
    assert set(_read(_check_list(on, off, "after"), "sheet.docx")["allergens.checked"]) == {"小麦", "卵", "乳"}
