"""免許・許可の一覧: a row's cells set right by what each holds when OCR ran one cell into the next
(a faded rule on a fax): the number's start at the name's end, text after the number's 号."""
from __future__ import annotations

import pytest

from extractors.fields.license import _tidy


@pytest.mark.parametrize("cells,want", [
    (("そうざい製造業第", "42428号", ""), ("そうざい製造業", "第42428号", "")),
    (("飲食店営業第R7-", "1725号令和", ""), ("飲食店営業", "第R7-1725号", "")),
    (("飲食店営業", "第33165号R11. 11. 30石川県能登中部保健福祉センター", ""),
     ("飲食店営業", "第33165号", "R11. 11. 30石川県能登中部保健福祉センター")),
    (("飲食店営業", "第33165号R11.11.30", "令和12年3月31日"), ("飲食店営業", "第33165号", "令和12年3月31日")),
    (("菓子製造業§", "第R2-5624号1", "2028-03-31"), ("菓子製造業", "第R2-5624号", "2028-03-31")),
    # rows read right stay as they are
    (("飲食店営業", "能中保第11557号", "2027-11-30"), ("飲食店営業", "能中保第11557号", "2027-11-30")),
    (("酒類販売業免許（通信販売酒類小売業免許）", "七尾法第813号", ""), ("酒類販売業免許（通信販売酒類小売業免許）", "七尾法第813号", "")),
    (("第一種動物取扱業", "第123号", ""), ("第一種動物取扱業", "第123号", "")),
])
def test_cells_run_together_are_set_right(cells, want):
    assert _tidy(*cells) == want
