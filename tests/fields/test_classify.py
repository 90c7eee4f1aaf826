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
