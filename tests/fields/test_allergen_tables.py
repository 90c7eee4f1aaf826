"""Allergen sheets laid out as tables (a mark column beside the names, or names across a header row),
as food makers' アレルゲン一覧表 are: read through the real xlsx reader, not built Layouts."""
from __future__ import annotations

import io

import openpyxl
import pytest

from extractors.classify import classify
from extractors.fields import extract
from extractors.reader import read

NAMES = ["えび", "かに", "くるみ", "小麦", "そば", "卵", "乳", "落花生", "アーモンド", "あわび", "いか", "いくら",
         "オレンジ", "カシューナッツ", "キウイフルーツ", "牛肉", "ごま", "さけ", "さば", "大豆", "鶏肉", "バナナ",
         "豚肉", "マカダミアナッツ", "もも", "やまいも", "りんご", "ゼラチン"]


def _xlsx(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _read(rows: list[list]) -> dict:
    layout = read(_xlsx(rows), "allergen.xlsx")
    kind, _ = classify(layout, "allergen.xlsx")
    return {k: v.value for k, v in extract("allergen_sheet", layout, "allergen.xlsx").items()}


def _down(on: set[str], yes: str, no: str, contact: set[str] = frozenset()) -> list[list]:
    rows = [["アレルゲン情報一覧表"], ["商品名", "島とうがらし味噌"], [],
            ["No.", "品目", "使用の有無", "コンタミネーション", "使用原材料"]]
    for i, n in enumerate(NAMES, 1):
        rows.append([i, n, yes if n in on else no, "○" if n in contact else "", "小麦粉" if n == "小麦" else ""])
    return rows


@pytest.mark.parametrize("yes,no", [("○", "×"), ("●", ""), ("有", "無"), ("含む", "-"), ("✓", "")])
def test_mark_column_beside_the_names(yes, no):
    got = _read(_down({"小麦", "大豆", "卵"}, yes, no))
    assert sorted(got["allergens.checked"]) == sorted(["小麦", "大豆", "卵"])


def test_cross_contact_column_is_not_what_the_product_contains():
    got = _read(_down({"乳"}, "○", "", contact={"えび", "かに", "そば"}))
    assert got["allergens.checked"] == ["乳"]


def test_names_across_a_header_row_marks_below():
    rows = [["特定原材料等28品目 使用一覧"], [],
            ["商品名", *NAMES],
            ["もずくスープ", *["●" if n in ("えび", "小麦", "ごま") else "" for n in NAMES]]]
    got = _read(rows)
    assert sorted(got["allergens.checked"]) == sorted(["えび", "小麦", "ごま"])


def test_a_notes_column_is_not_read_as_no_allergens():
    # words, not marks: never "none checked" (a false clean), the sheet is left for the reviewer
    rows = [["アレルギー物質確認表"], ["品目", "原材料名（該当するもの）"]]
    rows += [[n, "小麦粉、しょうゆ" if n == "小麦" else ""] for n in NAMES]
    assert _read(rows).get("allergens.checked") != []


T1 = ["えび", "かに", "くるみ", "小麦", "そば", "卵", "乳", "落花生（ピーナッツ）", "カシューナッツ"]
T2 = ["アーモンド", "あわび", "いか", "いくら", "オレンジ", "キウイフルーツ", "牛肉", "ごま", "さけ（鮭）", "さば", "大豆",
      "鶏肉", "バナナ", "豚肉", "マカダミアナッツ", "もも", "やまいも", "りんご", "ゼラチン", "ピスタチオ"]


def _lines(mark, before: bool = True, bullet: str = "") -> list[list]:
    on, off = mark
    rows = [[None, "アレルギー物質確認表"], ["商品名", None, "島の焼き菓子"]]
    for title, names in (("【特定原材料 9品目】", T1), ("【特定原材料に準ずるもの 20品目】", T2)):
        rows.append([bullet + title])
        for i in range(0, len(names), 4):
            marked = [((on if n[:2] in ("小麦", "卵", "大豆") else off), n) for n in names[i:i + 4]]
            rows.append([None, None, "\u3000".join(m + n if before else n + m for m, n in marked)])
    rows.append([None, None, on + "特定原材料及び特定原材料に準ずるものについて全て確認しました"] if before else [])
    return rows


@pytest.mark.parametrize("mark", [("■", "□"), ("☑", "☐"), ("●", "○"), ("✓", ""), ("レ", ""), ("◎", ""),
                                  ("[x]", "[ ]"), ("(✓)", "( )")])
def test_marks_before_the_names_as_people_type_them(mark):
    got = _read(_lines(mark))
    assert sorted(got["allergens.checked"]) == sorted(["小麦", "卵", "大豆"])
    assert got["allergens.all_confirmed"] is True


@pytest.mark.parametrize("bullet", ["●", "■"])
def test_a_heading_bullet_is_not_a_mark(bullet):
    # ●【特定原材料 9品目】 over rows marked ○小麦: the ○ are the marks, the confirmation too
    got = _read(_lines(("○", ""), bullet=bullet))
    assert sorted(got["allergens.checked"]) == sorted(["小麦", "卵", "大豆"])
    assert got["allergens.all_confirmed"] is True


@pytest.mark.parametrize("mark", [("○", "×"), ("：○", "：×"), ("(有)", "(無)"), ("●", "－")])
def test_marks_after_the_names(mark):
    assert sorted(_read(_lines(mark, before=False))["allergens.checked"]) == sorted(["小麦", "卵", "大豆"])


def test_names_without_any_mark_are_not_read_as_none_used():
    layout = read(_xlsx(_lines(("", ""))), "allergen.xlsx")
    fv = extract("allergen_sheet", layout, "allergen.xlsx").get("allergens.checked")
    assert fv is None or fv.confidence < 0.5      # unread or unsure: never a confident "none"


@pytest.mark.parametrize("on, off, left", [("☑", "☐", True), ("■", "□", True), ("○", "", False), ("✓", "", True)])
def test_a_grid_of_box_cells_beside_name_cells(on, off, left):
    rows = [["アレルギー物質確認表"], ["商品名", "島の焼き菓子"], ["特定原材料等"]]
    for i in range(0, len(NAMES), 3):
        row = []
        for n in NAMES[i:i + 3]:
            mark = on if n in ("小麦", "卵", "ごま") else off
            row += [mark, n] if left else [n, mark]
        rows.append(row)
    assert sorted(_read(rows)["allergens.checked"]) == sorted(["小麦", "卵", "ごま"])


@pytest.mark.parametrize("note", ["特になし", "同一工場でそばを含む製品を製造しています。"])
def test_notes_are_read_as_printed(note):
    assert _read(_lines(("■", "□")) + [["備考", None, note]])["allergens.notes"] == note


@pytest.mark.parametrize("yes_col,no_col", [("含む", "含まない"), ("有", "無"), ("使用", "不使用"), ("該当", "非該当")])
def test_a_used_and_a_not_used_column_side_by_side(yes_col, no_col):
    rows = [["アレルギー物質確認書"], ["商品名", "黒糖かりんとう"], [], ["品目", yes_col, no_col]]
    rows += [[n, "○" if n in {"小麦", "ごま"} else "", "" if n in {"小麦", "ごま"} else "○"] for n in NAMES]
    assert sorted(_read(rows)["allergens.checked"]) == sorted(["小麦", "ごま"])


def test_only_a_not_used_column_marks_the_others_as_used():
    rows = [["アレルギー物質確認書"], ["商品名", "黒糖かりんとう"], [], ["品目", "含まない"]]
    rows += [[n, "" if n in {"卵", "乳"} else "○"] for n in NAMES]
    assert sorted(_read(rows)["allergens.checked"]) == sorted(["卵", "乳"])


def test_an_unfilled_not_used_column_is_not_read_as_every_allergen_used():
    rows = [["アレルギー物質確認書"], ["商品名", "黒糖かりんとう"], [], ["品目", "含まない"]] + [[n, ""] for n in NAMES]
    assert "allergens.checked" not in _read(rows)     # not read: the reviewer is told, nothing is claimed


@pytest.mark.parametrize("sep,on,off", [("　", "○", "×"), (" ", "(○)", "(×)"), ("：", "使用", "不使用")])
def test_a_mark_standing_apart_after_the_name_in_its_cell(sep, on, off):
    rows = [["アレルギー物質確認書"], ["商品名", "黒糖かりんとう"], []]
    rows += [[f"{n}{sep}{on if n in {'えび', '大豆'} else off}" for n in NAMES[k:k + 4]] for k in range(0, 28, 4)]
    assert sorted(_read(rows)["allergens.checked"]) == sorted(["えび", "大豆"])


def test_a_list_split_over_two_tables_is_one_list():
    """Excel's save-as-PDF of a sheet whose names run across in two blocks: two ruled tables."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    on = {"小麦", "卵", "大豆", "ごま"}      # two in each block
    buf = io.BytesIO()
    rows = []
    for block in (NAMES[:14], NAMES[14:]):
        rows.append(Table([["商品名"] + block, ["黒糖かりんとう"] + ["●" if n in on else "" for n in block]],
                          style=[("FONT", (0, 0), (-1, -1), "HeiseiKakuGo-W5", 7),
                                 ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))]))
        rows.append(Spacer(1, 20))
    SimpleDocTemplate(buf, pagesize=(A4[1], A4[0])).build(rows)
    layout = read(buf.getvalue(), "allergen.pdf")
    assert len(layout.pages[0].tables) == 2
    got = extract("allergen_sheet", layout, "allergen.pdf")["allergens.checked"].value
    assert sorted(got) == sorted(on)
