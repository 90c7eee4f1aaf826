"""PDFs as spreadsheet programs write them ("save as PDF"): a cell's text drawn past its edge and
clipped where the next cell's begins, and a sheet too wide for the paper printed on pages side by side."""
from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extractors.classify import classify
from extractors.fields import extract
from extractors.reader import read

FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
W, H = A4


def _canvas(buf, creator: str):
    if "IPAexG" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("IPAexG", FONT))
    c = canvas.Canvas(buf, pagesize=A4)
    c.setCreator(creator)
    c.setFont("IPAexG", 10)
    return c


def _text(c, x: float, top: float, s: str) -> None:
    c.drawString(x, H - top - 10, s)


def _wide_form(creator: str, spill: bool = True) -> bytes:
    """Hamada's 提案書 as Calc prints it without scaling: labels and values on page 1, the date and the
    applicant's address on page 2 (its columns on the right), the title run across the cut."""
    buf = io.BytesIO()
    c = _canvas(buf, creator)
    title = "浜田市ふるさと寄附に係る特産品等提案書"
    _text(c, 100, 60, "様式1")
    _text(c, 420, 100, title)                      # runs past the paper's right edge, clipped
    rows = [("法人名又は屋号", "石見工房"), ("代表者の職・氏名", "代表 浜田 昭"), ("返礼品の名称", "浜田の和生菓子"),
            ("提供価格（税込）", "5,920 円"), ("寄附額", "22,000 円")]
    for i, (label, value) in enumerate(rows):
        _text(c, 100, 160 + 15 * i, label)
        _text(c, 250, 160 + 15 * i, value)
    _text(c, 400, 235, "住所（所在地）")             # its value is in the next column, on page 2
    c.showPage()
    c.setFont("IPAexG", 10)
    _text(c, 60, 45, "2026.8.1")                   # the form's date, top right of the sheet
    if spill:
        _text(c, 420 - W, 100, title)              # the same run, seen from the right-hand page
    _text(c, 60, 235, "島根県浜田市熱田町8-22-8")
    c.showPage()
    c.save()
    return buf.getvalue()


def _fields(data: bytes):
    layout = read(data, "teiansho.pdf")
    kind, _ = classify(layout, "teiansho.pdf")
    return kind, extract(kind, layout, "teiansho.pdf")


@pytest.mark.parametrize("creator", ["Calc", "Microsoft® Excel® for Microsoft 365"])
def test_a_sheet_printed_on_two_pages_side_by_side_is_read_as_one(creator):
    kind, fields = _fields(_wide_form(creator))
    assert kind == "application"
    assert fields["submitted_on"].value == "2026-08-01"
    address = fields["applicant.address"]
    assert address.value == "島根県浜田市熱田町8-22-8"
    assert address.page == 2 and 55 <= address.bbox[0] <= 65         # boxed where it was printed
    assert fields["applicant.name"].value == "石見工房" and fields["applicant.name"].page == 1


@pytest.mark.parametrize("creator,spill", [("Microsoft® Word for Microsoft 365", True), ("Calc", False)])
def test_pages_stay_apart_unless_a_spreadsheet_ran_a_line_across_them(creator, spill):
    _, fields = _fields(_wide_form(creator, spill))
    assert "applicant.address" not in fields                         # reported missing, not guessed
    assert fields["applicant.name"].value == "石見工房"


def _overflowing_row(creator: str = "Calc") -> bytes:
    """A sales plan row whose item name is longer than its cell: drawn whole, its end clipped under the
    category cell's text, which is drawn after it."""
    buf = io.BytesIO()
    c = _canvas(buf, creator)
    _text(c, 100, 100, "非常用保存水 2L×6本")
    _text(c, 170, 100, "避難・非常用品")
    _text(c, 260, 100, "1,000")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_text_drawn_over_the_next_cells_text_is_read_as_two_runs_not_interleaved():
    texts = [ln.text for ln in read(_overflowing_row(), "plan.pdf").pages[0].lines]
    assert texts == ["非常用保存水 2L×6本", "避難・非常用品", "1,000"]


def test_text_side_by_side_is_one_line_as_before():
    buf = io.BytesIO()
    c = _canvas(buf, "Calc")
    _text(c, 100, 100, "販売予定月")
    _text(c, 150, 100, "令和８年７月")         # right after, not over it
    c.showPage()
    c.save()
    assert [ln.text for ln in read(buf.getvalue(), "plan.pdf").pages[0].lines] == ["販売予定月令和8年7月"]


def _ishigaki_prices(heading: str) -> bytes:
    """石垣市 様式1号's price block retyped in Excel: 提案金額 and the retail heading in merged cells at the
    side of their rows (Calc centres them, so each block's first rows stand above its heading), 消費税's
    label carrying a colon in its note, the 円 column cut onto a page of its own."""
    import openpyxl
    from openpyxl.styles import Alignment
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [["石垣市ふるさと納税お礼の特産品提供申請書（特産品用）"], ["", "事業者：", "株式会社みさき商店"],
              ["商品名", "", "島らっきょう漬け 3袋"], [], ["●商品金額"],
              ["提案金額", "内訳", "商品・サービス代 ※税抜き価格", "3,000", "円"],
              ["", "", "消費税（税率：□8% or ■10%）", "300", "円"], ["", "", "梱包代", "200", "円"],
              ["", "", "その他 詳細：", "0", "円"], ["", "合計", "", "3,500", "円"],
              [heading, "内訳", "商品代 ※税抜き価格", "3,800", "円"],
              ["", "", "消費税（税率：□8% or ■10%）", "380", "円"], ["", "合計", "", "4,180", "円"]]:
        ws.append(r)
    for m in ("A6:A10", "B6:B9", "A11:A13", "B11:B12"):
        ws.merge_cells(m)
    for c in ("A6", "A11"):
        ws[c].alignment = Alignment(wrap_text="\n" in heading or " " in heading, vertical="center")
    ws.column_dimensions["C"].width = 34
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("heading", ["一般販売価格", "一般 販売 価格", "一般\n販売\n価格"])
def test_calc_pdf_of_a_form_with_side_headings_over_two_price_blocks(tmp_path, heading):
    import subprocess
    src = tmp_path / "shinsei.xlsx"
    src.write_bytes(_ishigaki_prices(heading))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   capture_output=True, timeout=180, check=True)
    layout = read((tmp_path / "shinsei.pdf").read_bytes(), "shinsei.pdf")
    got = {k: v.value for k, v in extract("application", layout, "shinsei.pdf").items()}
    want = {"price.item_ex_tax": 3000, "price.tax": 300, "price.packaging": 200, "price.total": 3500,
            "retail.price_ex_tax": 3800, "retail.tax": 380, "retail.total": 4180}
    assert {k: got.get(k) for k in want} == want


ALLERGENS = ["えび", "かに", "くるみ", "小麦", "そば", "卵", "乳", "落花生", "カシューナッツ", "アーモンド", "あわび", "いか",
             "いくら", "オレンジ", "キウイフルーツ", "牛肉", "ごま", "さけ", "さば", "大豆", "鶏肉", "バナナ", "豚肉",
             "マカダミアナッツ", "もも", "やまいも", "りんご", "ゼラチン", "ピスタチオ"]
USED = {"小麦", "乳", "大豆", "ごま"}


def _allergen_book(rows: list[list], ruled: bool) -> bytes:
    import openpyxl
    from openpyxl.styles import Border, Side
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    if ruled:
        side = Side(style="thin")
        for row in wb.active.iter_rows(min_row=4):
            for cell in row:
                cell.border = Border(side, side, side, side)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("rows,ruled", [
    # numbers right-aligned against the names (「14オレンジ」 as one word), no rules: a grid from alignment
    ([["アレルゲン情報一覧表"], ["商品名", "島とうがらし味噌"], [], ["No.", "品目", "使用の有無", "備考"]]
     + [[i, n, "○" if n in USED else "×", ""] for i, n in enumerate(ALLERGENS, 1)], False),
    # a long name run on over its blank mark cell (カシューナッ|ツ), in a ruled table
    ([["アレルギー表"], ["商品名", "島とうがらし味噌"], [], ["品目", "含有"]]
     + [[n, "●" if n in USED else ""] for n in ALLERGENS], True),
], ids=["numbered rows without rules", "a name over its blank mark cell"])
def test_calc_pdf_of_an_allergen_sheet(rows, ruled):
    from extractors.readers.legacy_office import convert
    pdf = convert(_allergen_book(rows, ruled), "xlsx", "pdf")
    got = extract("allergen_sheet", read(pdf, "allergen.pdf"), "allergen.pdf")
    assert sorted(got["allergens.checked"].value) == sorted(USED)
