import sys

import pytest


def test_importing_the_extractors_does_not_load_ginza():
    import extractors.fields.food_label  # noqa: F401
    import extractors.nlp as nlp
    assert nlp._nlp is None
    assert "ja_ginza" not in sys.modules


@pytest.mark.slow
def test_it_splits_a_name_from_an_address_without_a_prefecture():
    from extractors.fields.food_label import split_operator
    assert split_operator("みなと製菓 那覇市泉崎1-2-2") == ("みなと製菓", "那覇市泉崎1-2-2")
    assert split_operator("有限会社さくら 字登野城12番地") == ("有限会社さくら", "字登野城12番地")


def test_regexes_split_the_usual_forms():
    from extractors.fields.food_label import split_operator
    assert split_operator("株式会社海風\n石川県羽咋郡志賀町末吉1-2") == ("株式会社海風", "石川県羽咋郡志賀町末吉1-2")
    assert split_operator("合同会社島の恵み 沖縄県石垣市美崎町9-19") == ("合同会社島の恵み", "沖縄県石垣市美崎町9-19")
