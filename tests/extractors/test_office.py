import io
import zipfile

import pytest

from extractors import limits
from extractors.layout import UnreadableError
from extractors.reader import read

from extractor_docs import make_docx, make_xlsx


def test_docx_paragraphs_tables_and_merges():
    layout = read(make_docx(), "申請書.pdf")
    assert layout.method == "docx" and layout.pages[0].method == "docx"
    page = layout.pages[0]
    texts = [ln.text for ln in page.lines]
    assert texts[0] == "返礼品提供申請書"
    ys = [ln.bbox[1] for ln in page.lines]
    assert ys == sorted(ys)
    table = page.tables[0]
    name = next(c for c in table.cells if c.text == "株式会社はまだ水産")
    assert (name.col, name.colspan) == (1, 2)
    allergy = next(c for c in table.cells if c.text == "アレルギー")
    assert allergy.rowspan == 2
    kvs = {kv.key: kv.value for kv in page.kvs}
    assert kvs["事業者名"] == "株式会社はまだ水産"
    assert kvs["商品名"] == "のどぐろ干物"
    assert kvs["提出日"] == "令和8年5月1日"


def test_docx_checkboxes_from_glyphs_and_content_controls():
    page = read(make_docx(), "a.docx").pages[0]
    boxes = {cb.label: cb.checked for cb in page.checkboxes}
    assert boxes["冷凍"] is True and boxes["冷蔵"] is False
    assert boxes["加入済"] is True          # w14:checked wins over the drawn ☐
    assert boxes["宅配便"] is True          # Wingdings symbol F0FE is a ticked box
    assert boxes["えび"] is True


def test_xlsx_cells_merges_marks_and_pairs():
    layout = read(make_xlsx(), "book.csv")
    assert layout.method == "xlsx" and [p.method for p in layout.pages] == ["xlsx", "xlsx"]
    page = layout.pages[0]
    title = next(c for c in page.tables[0].cells if c.text == "返礼品提供申請書")
    assert title.colspan == 4
    kvs = {kv.key: kv.value for kv in page.kvs}
    assert kvs["事業者名"] == "有限会社なりた農園"
    assert kvs["提出日"] == "2026-05-01"
    assert kvs["寄附金額"] == "12000"
    assert kvs["返礼率"] == "30%"
    boxes = {cb.label: cb.checked for cb in page.checkboxes}
    assert boxes["えび"] is True and boxes["小麦"] is True and boxes["かに"] is False
    assert boxes["冷凍"] is True and boxes["冷蔵"] is False
    second = layout.pages[1].tables[0].rows()
    assert [c.text for c in second[1]] == ["干物セット", "2", "5000"]


def test_zip_bomb_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ZIP_UNCOMPRESSED", 1000)
    with pytest.raises(UnreadableError) as info:
        read(make_xlsx(), "a.xlsx")
    assert info.value.reason == "bomb"


def test_truncated_and_broken_office_files():
    for data in (make_docx(), make_xlsx()):
        with pytest.raises(UnreadableError) as info:
            read(data[: len(data) // 2], "a.docx")
        assert info.value.reason == "corrupt"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<not-closed")
    with pytest.raises(UnreadableError):
        read(buf.getvalue(), "a.docx")


VML = """<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel">
 <v:shape id="_x0000_s1025" type="#_x0000_t201"><v:textbox><div><font>通年発送</font></div></v:textbox>
  <x:ClientData ObjectType="Checkbox"><x:Anchor>1, 10, 13, 2, 2, 40, 14, 2</x:Anchor><x:Checked>1</x:Checked></x:ClientData></v:shape>
 <v:shape id="_x0000_s1026" type="#_x0000_t201"><v:textbox><div><font>期間限定</font></div></v:textbox>
  <x:ClientData ObjectType="Checkbox"><x:Anchor>3, 10, 13, 2, 4, 40, 14, 2</x:Anchor></x:ClientData></v:shape>
</xml>"""
RELS = """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/></Relationships>"""


def test_xlsx_form_control_checkboxes():
    src = zipfile.ZipFile(io.BytesIO(make_xlsx()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            out.writestr(item, src.read(item.filename))
        out.writestr("xl/drawings/vmlDrawing1.vml", VML)
        out.writestr("xl/worksheets/_rels/sheet1.xml.rels", RELS)
    page = read(buf.getvalue(), "form.xlsx").pages[0]
    boxes = {cb.label: cb.checked for cb in page.checkboxes}
    assert boxes["通年発送"] is True and boxes["期間限定"] is False


def test_docx_paragraphs_inside_block_content_controls():
    import docx
    from docx.oxml import parse_xml
    d = docx.Document()
    d.add_paragraph("誓約書")
    d.element.body.insert(1, parse_xml(
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:sdtContent>'
        '<w:p><w:r><w:t>代表者名：石垣太郎</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    buf = io.BytesIO()
    d.save(buf)
    page = read(buf.getvalue(), "a.docx").pages[0]
    assert [ln.text for ln in page.lines] == ["誓約書", "代表者名：石垣太郎"]
    assert {kv.key: kv.value for kv in page.kvs}["代表者名"] == "石垣太郎"


def test_docx_header_and_text_box_read_once():
    import docx
    from docx.oxml import parse_xml
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "様式第1号"
    p = d.add_paragraph()
    p._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r>'
        '<w:t>受付番号：A-12</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>受付番号：A-12</w:t></w:r></w:p>'
        '</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    buf = io.BytesIO()
    d.save(buf)
    page = read(buf.getvalue(), "a.docx").pages[0]
    assert [ln.text for ln in page.lines] == ["様式第1号", "受付番号：A-12"]
