"""Allergen sheets made in Word as suppliers make them — legacy form checkboxes, 囲い文字 rings, a column
of ingredient notes beside the names — read from the .docx and from the PDF LibreOffice writes of it
(a table without borders, boxes drawn in the cells, a list of names wrapped over lines)."""
from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml

from extractors.fields import extract
from extractors.grid import text_grid
from extractors.layout import Word
from extractors.reader import read
from extractors.readers.legacy_office import convert

NINE = ["えび", "かに", "くるみ", "小麦", "そば", "卵", "乳", "落花生（ピーナッツ）", "カシューナッツ"]
TWENTY = ["アーモンド", "あわび", "いか", "いくら", "オレンジ", "キウイフルーツ", "牛肉", "ごま", "さけ（鮭）", "さば",
          "大豆", "鶏肉", "バナナ", "豚肉", "マカダミアナッツ", "もも", "やまいも", "りんご", "ゼラチン", "ピスタチオ"]
USED = {"小麦", "乳", "大豆", "ごま"}
NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONFIRM = "特定原材料及び特定原材料に準ずるものについて全て確認しました"


def _used(name: str) -> bool:
    return name.split("（")[0] in USED


def _runs(xml: list[str]):
    return [parse_xml(f"<w:r {NS}>{x}</w:r>") for x in xml]


def _form_checkbox(checked: bool):
    """A legacy form field checkbox (FORMCHECKBOX): its state lives only in w:ffData."""
    state = "<w:checked/>" if checked else ""
    return _runs([f'<w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/>'
                  f'<w:checkBox><w:sizeAuto/><w:default w:val="0"/>{state}</w:checkBox></w:ffData></w:fldChar>',
                  '<w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText>',
                  '<w:fldChar w:fldCharType="separate"/>', '<w:fldChar w:fldCharType="end"/>'])


def _ringed(char: str):
    """Word's 囲い文字: an EQ field with no result text."""
    return _runs(['<w:fldChar w:fldCharType="begin"/>',
                  f'<w:instrText xml:space="preserve"> eq \\o\\ac(○,{char})</w:instrText>',
                  '<w:fldChar w:fldCharType="end"/>'])


def _document(grid: bool = False):
    d = docx.Document()
    d.add_paragraph("アレルギー物質確認書")
    d.add_paragraph("商品名：島らっきょう塩漬け")
    return d, (lambda t: setattr(t, "style", "Table Grid") if grid else None)


def _save(d, confirm_box=None) -> bytes:
    p = d.add_paragraph()
    for r in confirm_box or []:
        p._p.append(r)
    p.add_run(("" if confirm_box else "☑") + CONFIRM)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def form_checkbox_lines(grid: bool = False) -> bytes:
    d, _ = _document(grid)
    for group in (NINE, TWENTY):
        for i in range(0, len(group), 4):
            p = d.add_paragraph()
            for name in group[i:i + 4]:
                for r in _form_checkbox(_used(name)):
                    p._p.append(r)
                p.add_run(name + "　")
    return _save(d, _form_checkbox(True))


def form_checkbox_column(grid: bool = False) -> bytes:
    d, style = _document(grid)
    t = d.add_table(rows=1, cols=3)
    style(t)
    for c, v in zip(t.rows[0].cells, ("品目", "含む", "備考")):
        c.text = v
    for name in NINE + TWENTY:
        row = t.add_row().cells
        row[0].text = name
        for r in _form_checkbox(_used(name)):
            row[1].paragraphs[0]._p.append(r)
    return _save(d, _form_checkbox(True))


def ringed_choice(grid: bool = False) -> bytes:
    d, style = _document(grid)
    t = d.add_table(rows=1, cols=2)
    style(t)
    t.rows[0].cells[0].text, t.rows[0].cells[1].text = "品目", "使用の有無"
    for name in NINE + TWENTY:
        row = t.add_row().cells
        row[0].text = name
        p = row[1].paragraphs[0]
        if _used(name):
            for r in _ringed("有"):
                p._p.append(r)
            p.add_run("・無")
        else:
            p.add_run("有・")
            for r in _ringed("無"):
                p._p.append(r)
    return _save(d)


def notes_column(grid: bool = False) -> bytes:
    d, style = _document(grid)
    t = d.add_table(rows=1, cols=4)
    style(t)
    for c, v in zip(t.rows[0].cells, ("No", "アレルゲン", "使用（有・無）", "使用原材料名")):
        c.text = v
    for i, name in enumerate(NINE + TWENTY, 1):
        row = t.add_row().cells
        row[0].text, row[1].text = str(i), name
        row[2].text = "有" if _used(name) else "無"
        row[3].text = f"{name.split('（')[0]}を含む原材料" if _used(name) else ""
    return _save(d)


def _pairs(grid: bool, per_row: int, cell, note: str = "") -> bytes:
    """A table of names and their marks, `per_row` names a row; `cell(name)` gives the row's cells for one."""
    d, style = _document(grid)
    if note:
        d.add_paragraph(note)
    names = NINE + TWENTY
    t = d.add_table(rows=0, cols=2 * per_row)
    style(t)
    for i in range(0, len(names), per_row):
        row = t.add_row().cells
        for j, name in enumerate(names[i:i + per_row]):
            row[2 * j].text, row[2 * j + 1].text = cell(name)
    return _save(d)


def pairs_in_rows(grid: bool = False) -> bytes:
    return _pairs(grid, 4, lambda name: (name, "○" if _used(name) else "×"))


def marks_before_in_columns(grid: bool = False) -> bytes:
    return _pairs(grid, 2, lambda name: ("レ" if _used(name) else "", name), "含まれる品目の欄に「レ」を記入")


def bracketed_marks_wrapped(grid: bool = False) -> bytes:
    d, _ = _document(grid)
    for group in (NINE, TWENTY):
        d.add_paragraph("　".join(f"{n}（{'○' if _used(n) else '　'}）" for n in group))
    return _save(d)


def _checked(data: bytes, name: str) -> tuple[list | None, bool | None]:
    got = extract("allergen_sheet", read(data, name), name)
    checked, confirmed = got.get("allergens.checked"), got.get("allergens.all_confirmed")
    return (sorted(checked.value) if checked else None), (confirmed.value if confirmed else None)


WANT = (sorted(USED), True)
IN_WORD = [form_checkbox_lines, form_checkbox_column, ringed_choice, notes_column, pairs_in_rows,
           marks_before_in_columns, bracketed_marks_wrapped]


@pytest.mark.parametrize("make", IN_WORD, ids=lambda f: f.__name__)
def test_word_sheets(make):
    assert _checked(make(), "allergen.docx") == WANT


# LibreOffice writes no 囲い文字 into a PDF (the ring and its character are dropped): nothing to read there
AS_PDF = [f for f in IN_WORD if f is not ringed_choice]


@pytest.mark.parametrize("grid", [False, True], ids=["borderless", "ruled"])
@pytest.mark.parametrize("make", AS_PDF, ids=lambda f: f.__name__)
def test_the_pdf_word_sheets_become(make, grid):
    pdf = convert(make(grid), "docx", "pdf")
    assert _checked(pdf, "allergen.pdf") == WANT


def test_a_text_grid_keeps_a_column_a_mark_fills_once():
    """A mark column with a single mark in it is still a column: the mark is not glued to a name."""
    w = lambda t, x, y: Word(t, [x, y, x + 10 * len(t), y + 10])   # noqa: E731
    words = [w("えび", 30, 0), w("かに", 130, 0), w("小麦", 30, 20), w("レ", 100, 20), w("そば", 130, 20)]
    assert text_grid(words) == [["えび", "", "かに"], ["小麦", "レ", "そば"]]


def test_words_in_running_text_are_no_grid():
    w = lambda t, x, y: Word(t, [x, y, x + 10 * len(t), y + 10])   # noqa: E731
    lines = ["商品名：島らっきょう塩漬け", "事業者名：やいま食品", "住所：石垣市", "電話：0980-00-0000"]
    assert text_grid([w(t, 0, 20 * i) for i, t in enumerate(lines)]) == []
