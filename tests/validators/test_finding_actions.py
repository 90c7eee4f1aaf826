"""Every finding code tells a supplier what to do, in both languages, in plain words."""
from __future__ import annotations

import re

from validators import findings


def test_every_code_has_an_action_sentence():
    codes = set(findings.codes()) | {"DOC_UNREADABLE"}   # the reader's own code (intake.pipeline)
    actions = findings.actions()
    assert codes - set(actions) == set()
    assert set(actions) - codes == set()                   # no action for a code nobody raises
    for code, entry in actions.items():
        for lang in ("ja", "en"):
            sentence = entry.get(lang) or ""
            assert len(sentence) > 8, (code, lang)
            assert not re.search(r"[A-Z]{3,}_|SPEC|§|\{", sentence), (code, lang)
        assert ("plain_ja" in entry) == ("plain_en" in entry), code


def test_a_message_about_reading_internals_is_said_plainly():
    text, action = findings.for_supplier("FIELD_LOW_CONFIDENCE", "「名称」の確信度が低い（0.41）",
                                         document="label.pdf", label="名称")
    assert text == "「label.pdf」の「名称」がはっきり読み取れませんでした。" and "0.41" not in text
    assert action.startswith("担当者が確認します")
    text, _ = findings.for_supplier("PERMIT_EXPIRED", "営業許可の有効期限（2025-03-31）が切れています。")
    assert text == "営業許可の有効期限（2025-03-31）が切れています。"   # a plain message stays as it is
