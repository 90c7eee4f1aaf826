import pytest

from extractors.email_reader import split_eml
from extractors.layout import UnreadableError
from extractors.reader import read

from extractor_docs import make_eml

PURCHASES = "氏名,フリガナ,住所,品目,数量\n山田太郎,ヤマダタロウ,前橋市大手町1-1-1,マスク50枚,2\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_csv_table_in_either_encoding(encoding):
    layout = read(PURCHASES.encode(encoding), "list.xlsx")
    rows = layout.pages[0].tables[0].rows()
    assert [c.text for c in rows[0]] == ["氏名", "フリガナ", "住所", "品目", "数量"]
    assert rows[1][2].text == "前橋市大手町1-1-1"


def test_eml_japanese_subject_body_and_attachment_names():
    parts = split_eml(make_eml())
    assert parts.subject == "返礼品の申請（石垣市）"
    assert parts.message_id == "<abc123@example.jp>"
    assert "申請書を添付します。" in parts.body_text
    names = [a.name for a in parts.attachments]
    assert names == ["申請書（様式第1号）.docx", "誓約書.pdf"]     # the forwarded message is flattened
    assert parts.attachments[1].data == b"%PDF-1.4 inner"


def test_eml_read_as_layout_keeps_body():
    layout = read(make_eml(), "mail.txt")
    assert layout.media_type == "message/rfc822"
    assert "よろしくお願いします。" in layout.text


def test_not_an_email():
    with pytest.raises(UnreadableError):
        split_eml(b"")
