import pytest

from extractors.classify import classify, photo_role
from extractors.layout import Layout, Line, Page
from samples.render.layout import to_layout


def test_it_classifies_every_generated_kind(specs):
    wrong = [(s.kind, classify(to_layout(s), "upload.bin")[0]) for s in specs]
    wrong = [w for w in wrong if w[0] != w[1]]
    assert not wrong, wrong


def test_it_says_other_when_unsure():
    layout = Layout("application/pdf", [Page(1, 595, 842, lines=[Line("会社案内 私たちは地域とともに歩みます", [0, 0, 1, 1])])])
    assert classify(layout, "brochure.pdf")[0] == "other"


def test_it_survives_empty_layouts():
    assert classify(Layout("application/pdf"), "")[0] == "other"
    assert classify(Layout("image/jpeg", [Page(1, 100, 100, "px")]), "IMG_1.jpg")[0] == "product_photo"


def test_photo_role_comes_from_the_file_name():
    assert photo_role("商品写真1.jpg") == "product"
    assert photo_role("nisugata.JPG") == "packaging"
    assert photo_role("IMG_0001.jpg") == "unknown"


def _page(*texts: str) -> Layout:
    return Layout("application/pdf", [Page(1, 595, 842, lines=[Line(t, [0, 20 * i, 400, 20 * i + 12])
                                                               for i, t in enumerate(texts)])])



@pytest.mark.parametrize("title", ["アレルギー物質確認表", "アレルギー一覧表", "アレルギー表示確認書"])
def test_an_allergen_sheet_titled_in_other_words_is_one(title):
    layout = _page(title, "商品名：焼菓子セット", "特定原材料（8品目）：該当するものに印をつけてください",
                   "■小麦　□そば　■卵　■乳　□落花生　□えび　□かに　□くるみ")
    assert classify(layout, "upload.pdf")[0] == "allergen_sheet"


def test_a_food_label_naming_its_allergens_stays_a_label():
    layout = _page("名称　焼菓子", "原材料名　小麦粉（国内製造）、砂糖、バター、鶏卵／膨張剤、（一部に小麦・卵・乳成分を含む）",
                   "内容量　8個", "賞味期限　2027.3.31", "保存方法　直射日光を避けて保存", "製造者　株式会社浜田製菓")
    assert classify(layout, "label.pdf")[0] == "food_label"
