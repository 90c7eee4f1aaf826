"""Label lookup and checkbox reading on hand-made layouts (what scans and spreadsheets give)."""
import pytest

from extractors.fields.allergens import canonical
from extractors.fields.base import Doc, choose, norm_key, options
from extractors.layout import Cell, Checkbox, KeyValue, Layout, Line, Page, Table


def _page(**kw):
    return Layout("application/pdf", [Page(1, 595, 842, **kw)])


def test_it_prefers_the_cell_to_the_right_of_a_label():
    table = Table([Cell(0, 0, "クール区分"), Cell(0, 1, "常温 冷蔵 冷凍"), Cell(1, 0, "出荷依頼後"), Cell(1, 1, "7日")])
    doc = Doc(_page(tables=[table], kvs=[KeyValue("クール区分", "出荷依頼後")]))
    assert doc.find(["クール区分"]).value == "常温 冷蔵 冷凍"


def test_it_joins_wrapped_colon_lines_and_stops_at_the_next_label():
    lines = [Line("原材料名：小麦粉、砂糖、バター、鶏卵、アーモンド", [50, 10, 500, 20]),
             Line("パウダー、食塩", [50, 22, 120, 32]), Line("内容量：120g", [50, 34, 120, 44])]
    doc = Doc(_page(lines=lines))
    assert doc.find(["原材料名"]).value == "小麦粉、砂糖、バター、鶏卵、アーモンド\nパウダー、食塩"
    assert doc.find(["内容量"]).value == "120g"


def test_labels_match_across_ocr_voicing_confusions():
    assert norm_key("たんばく質") == norm_key("たんぱく質")
    assert norm_key("【 商品名 】") == "商品名"


def test_options_read_glyphs_and_ocr_boxes():
    assert options("■製造日 □発送日 口到着日") == [("製造日", True), ("発送日", False), ("到着日", False)]
    assert options("口座番号") == []


def test_choose_takes_the_ticked_option():
    doc = Doc(_page(kvs=[KeyValue("クール区分", "□常温 ■冷凍", None, [0, 0, 100, 10])]))
    assert choose(doc, doc.find(["クール区分"]), ["常温", "冷蔵", "冷凍"])[0] == "冷凍"


def test_choose_infers_the_lost_filled_box_from_the_empty_ones():
    boxes = [Checkbox(lbl, False, [x, 2, x + 8, 10]) for lbl, x in (("60サイズ", 10), ("80サイズ", 30), ("16", 50))]
    doc = Doc(_page(checkboxes=boxes, kvs=[KeyValue("梱包サイズ", "60サイズ 80サイズ 100サイズ 160サイズ",
                                                    None, [0, 0, 200, 12])]))
    value, conf = choose(doc, doc.find(["梱包サイズ"]), ["160サイズ", "100サイズ", "80サイズ", "60サイズ"])
    assert value == "100サイズ" and conf <= 0.75


def test_choose_gives_up_when_two_options_remain():
    doc = Doc(_page(kvs=[KeyValue("口座種別", "普通 当座 □貯蓄", None, [0, 0, 200, 12])]))
    assert choose(doc, doc.find(["口座種別"]), ["普通", "当座", "貯蓄"]) == (None, 0.0)


def test_allergen_labels_cut_at_a_line_wrap():
    assert canonical("マ") == "マカダミアナッツ"
    assert canonical("落花生（ピーナッツ") == "落花生"
    assert canonical("乳成分") == "乳"
    assert canonical("乳化剤") is None


@pytest.mark.parametrize("read,want", [
    ("八重山食品l", "八重山食品"), ("石垣島屋第二工場 i", "石垣島屋第二工場"), ("八重山工場}", "八重山工場"),
    ("株式会社ABC", "株式会社ABC"), ("ショップK", "ショップK"), ("Cafe mori", "Cafe mori"),
])
def test_a_speck_at_the_end_of_a_scanned_name_is_dropped(read, want):
    from extractors.fields.base import PARSERS
    assert PARSERS["name"](read) == want
