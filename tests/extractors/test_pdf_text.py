from extractors.reader import read

from extractor_docs import form_pdf, make_pdf


def test_born_digital_pdf_reads_lines_in_order(jp_font):
    layout = read(form_pdf(jp_font), "form.pdf")
    assert layout.method == "text" and layout.pages[0].method == "text"
    page = layout.pages[0]
    texts = [ln.text for ln in page.lines]
    assert texts[0] == "返礼品提供申請書"
    assert texts.index("提出日：令和8年5月1日") < texts.index("事業者名")
    assert all(ln.bbox and ln.bbox[0] < ln.bbox[2] and ln.bbox[1] < ln.bbox[3] for ln in page.lines)
    assert page.unit == "pt" and abs(page.width - 595.3) < 1


def test_ruled_table_cells_and_adjacent_pairs(jp_font):
    page = read(form_pdf(jp_font), "form.pdf").pages[0]
    assert len(page.tables) == 1
    table = page.tables[0]
    assert (table.n_rows, table.n_cols) == (4, 2)
    assert table.rows()[2][1].text == "12,000円"
    kvs = {kv.key: kv.value for kv in page.kvs}
    assert kvs["商品名"] == "石垣島マンゴー 2kg"
    assert kvs["電話番号"] == "0980-12-3456"
    assert kvs["提出日"] == "令和8年5月1日"


def test_checkbox_glyphs_and_drawn_boxes(jp_font):
    page = read(form_pdf(jp_font), "form.pdf").pages[0]
    boxes = {cb.label: cb.checked for cb in page.checkboxes}
    assert boxes["冷凍"] is True and boxes["冷蔵"] is False and boxes["常温"] is False
    assert boxes["通年発送"] is True and boxes["期間限定"] is False


def test_acroform_fields_become_pairs_and_checkboxes(jp_font):
    def draw(c, _):
        c.setFont(jp_font, 11)
        c.drawString(60, 700, "担当者名")
        c.acroForm.textfield(name="tanto", value="Yamada Taro", x=140, y=695, width=200, height=20)
        c.drawString(60, 660, "PL保険加入")
        c.acroForm.checkbox(name="pl", checked=True, x=160, y=655, size=14)
        c.drawString(60, 620, "これはフォームのテストページです。")
    page = read(make_pdf(draw), "f.pdf").pages[0]
    assert {kv.key: kv.value for kv in page.kvs}["担当者名"] == "Yamada Taro"
    assert {cb.label: cb.checked for cb in page.checkboxes}["PL保険加入"] is True


def test_owner_password_only_pdf_is_readable(jp_font):
    """Permissions without a user password do not stop reading (only a real password does)."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    def draw(c, _):
        c.setFont(jp_font, 12)
        c.drawString(60, 700, "オーナーパスワードだけの申請書です。内容は読めます。")
    layout = read(make_pdf(draw, encrypt=StandardEncryption("", ownerPassword="owner")), "x.pdf")
    assert "内容は読めます" in layout.text


def test_a_glyph_overhanging_a_cells_right_rule_stays_in_the_cell(jp_font):
    # label makers set a wrapped list's closing 、 past the rule rather than wrap it alone
    def draw(c, _):
        c.setFont(jp_font, 10)
        c.grid([60, 120, 300], [700, 680, 650])
        c.drawString(64, 686, "品名")
        c.drawString(124, 686, "ラクトアイス")
        c.drawString(64, 668, "添加物")
        text = "増粘剤(加工デンプン)、安定剤、"
        c.drawString(300 - c.stringWidth(text[:-1], jp_font, 10) - 1, 668, text)    # the 、 past x = 300
        c.drawString(124, 655, "香料、乳化剤")
    page = read(make_pdf(draw), "label.pdf").pages[0]
    cell = next(c for c in page.tables[0].cells if c.text.startswith("増粘剤"))
    assert cell.text.split("\n")[0].endswith("安定剤、")
