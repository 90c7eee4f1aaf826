"""Mail as real clients write it, unpacked in the one place that does it (extractors.email_reader)."""
from __future__ import annotations

import io
import zipfile

import pytest

from extractors import charsets, detect
from extractors.archive import ZipLimits, expand, opens_with
from extractors.email_reader import MailLimits, split_eml, unpack_file
from extractors.layout import UnreadableError
from extractors.password_mail import password_candidates

import mail_clients as mc

CASES = {c.name: c for c in mc.corpus()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_client_message_is_recognised_and_unpacked(name):
    case = CASES[name]
    assert detect.sniff(case.raw, "message.txt") == detect.EML
    parts = split_eml(case.raw)
    assert [a.name for a in parts.attachments] == case.attachments
    assert parts.subject == case.subject
    for snippet in case.body:
        assert snippet in parts.body_text
    assert [f.address for f in parts.forwarded] == case.forwarded
    assert parts.inline == case.inline
    assert {a.name: a.refusal.reason for a in parts.attachments if a.refusal} == case.refused
    text = " ".join([parts.subject, parts.body_text, parts.sender, *(a.name for a in parts.attachments)])
    assert "\ufffd" not in text and charsets.GETA not in text


def test_attachments_arrive_sniffed_with_their_bytes():
    parts = split_eml(CASES["gmail"].raw)
    docx, photo = parts.attachments
    assert docx.media_type == detect.DOCX and photo.media_type == detect.JPEG
    assert photo.data == mc.jpeg()


def test_outlook_cp50220_sender_and_numbered_items():
    parts = split_eml(CASES["outlook_shika"].raw)
    assert parts.sender == "佐藤 一郎 <sato@noto-kaisan.example.co.jp>"
    assert "⑤電話番号：0767-32-1111" in parts.body_text
    assert parts.attachments[0].name == "㈱のと海産_誓約書（様式第1号）.pdf"


def test_forwarded_message_records_the_inner_sender_after_the_outer():
    parts = split_eml(CASES["outlook_forward_as_attachment"].raw)
    assert parts.sender_address == "miyagi@city.ishigaki.example.jp"
    assert parts.forwarded[0].subject == "返礼品申請書類"
    assert parts.addresses() == ["miyagi@city.ishigaki.example.jp", "higa@ishigaki-bussan.example.co.jp"]
    assert {a.origin for a in parts.attachments} == {"forwarded.eml"}


def test_inline_decoration_is_left_out_but_a_pasted_photo_is_a_document():
    parts = split_eml(CASES["thunderbird_iso2022jp"].raw)
    assert parts.inline == ["logo.png"]
    assert parts.attachments[0].name == "商品写真.jpg" and len(parts.attachments[0].data) > 32 * 1024


def test_iphone_nfd_name_is_kept_in_nfc():
    name = split_eml(CASES["iphone_mail"].raw).attachments[1].name
    assert name == "パッケージ写真・ラベル.pdf" and len(name) == 15


def test_password_zip_is_kept_whole_and_opens_with_its_password():
    parts = split_eml(CASES["outlook_ppap"].raw)
    [archive] = parts.attachments
    assert archive.media_type == detect.ENCRYPTED_ZIP and archive.refusal.reason == "zip_password"
    assert "パスワード" in archive.refusal.message
    assert detect.sniff(archive.data, "x.zip") == detect.ENCRYPTED_ZIP
    assert not opens_with(archive.data, "wrong-one")
    assert opens_with(archive.data, mc.PPAP_PASSWORD)
    opened = split_eml(CASES["outlook_ppap"].raw, passwords=("wrong-one", mc.PPAP_PASSWORD))
    assert [(a.name, a.origin) for a in opened.attachments] == [("申請書.pdf", "申請書類.zip"),
                                                               ("誓約書.pdf", "申請書類.zip")]
    assert opened.attachments[1].data == mc.PDF + b"%2"


def test_aes_zip_opens_too():
    import pyzipper
    buf = io.BytesIO()
    with pyzipper.AESZipFile(buf, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as z:
        z.setpassword(b"s3cret-AES")
        z.writestr("申請書.pdf", mc.PDF)
    with pytest.raises(UnreadableError) as err:
        expand(buf.getvalue())
    assert err.value.reason == "zip_password"
    assert expand(buf.getvalue(), passwords=("s3cret-AES",)) == [("申請書.pdf", mc.PDF)]


def test_password_follow_up_is_recognised_and_its_password_found():
    parts = split_eml(mc.outlook_password_followup())
    assert not parts.attachments
    assert password_candidates(parts) == [mc.PPAP_PASSWORD]


@pytest.mark.parametrize("name", sorted(CASES))
def test_ordinary_mail_is_no_password_mail(name):
    assert password_candidates(split_eml(CASES[name].raw)) == []


def test_zip_limits_count_and_size():
    win = mc.windows_zip({f"{i}.txt": b"x" * 1000 for i in range(5)})
    assert len(expand(win, ZipLimits(max_files=5))) == 5
    with pytest.raises(UnreadableError) as err:
        expand(win, ZipLimits(max_files=4))
    assert err.value.reason == "zip_limit" and "4件" in err.value.message
    with pytest.raises(UnreadableError) as err:
        expand(win, ZipLimits(max_bytes=4000))
    assert err.value.reason == "zip_limit" and "MB" in err.value.message


def test_zip_inflation_bomb_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.txt", b"\0" * (20 * 2 ** 20))
    with pytest.raises(UnreadableError) as err:
        expand(buf.getvalue(), ZipLimits(max_bytes=200 * 2 ** 20))
    assert err.value.reason == "bomb"


def test_one_depth_limit_for_forwards_and_archives():
    inner = CASES["gmail"].raw
    nested = mc.windows_zip({"転送.eml": inner})
    limits = MailLimits(max_depth=2)
    assert [a.name for a in unpack_file("a.zip", nested, detect.ZIP, limits)] == CASES["gmail"].attachments
    [kept] = unpack_file("a.zip", mc.windows_zip({"b.zip": nested}), detect.ZIP, limits)
    assert kept.name == "転送.eml" and kept.refusal.reason == "mail_too_deep"


def test_an_empty_zip_is_kept_as_unreadable():
    [kept] = unpack_file("empty.zip", mc.windows_zip({}), detect.ZIP)
    assert kept.refusal.reason == "no_content"


def test_structure_not_header_names_decides_mail():
    head = (b"Received: from x\r\nUser-Agent: Foo/1.0\r\nX-Spam-Level:\r\nContent-Language: ja\r\n"
            b"Content-Transfer-Encoding: 7bit\r\nFrom: a@example.jp\r\nSubject: hi\r\n\r\nbody\r\n")
    assert detect.sniff(head, "a.txt") == detect.EML
    assert detect.sniff(b"From a@example.jp Tue Dec  1 10:00:00 2026\n" + head, "mbox") == detect.EML
    assert detect.sniff("件名: 申請\n差出人: 山田\n\n本文".encode(), "a.txt") == detect.TEXT
    assert detect.sniff(b"Note: remember\nTodo: call\n\nlater\n", "a.txt") == detect.TEXT
    assert detect.sniff(b"name,address\nyamada,tokyo\n", "a.txt") == detect.CSV


@pytest.mark.parametrize("text", ["①②⑳ ㈱㈲ ⅠⅡⅩ ㍉㌔ ∮∑ 髙﨑 纊褜", "ＡＢＣ　全角　かな　カナ　漢字"])
def test_cp50220_and_cp932_decode_without_loss(text):
    assert charsets.decode(mc.cp50220(text), "ISO-2022-JP") == text
    assert charsets.decode(text.encode("cp932"), "Shift_JIS") == text


def test_unknown_or_wrong_charset_labels_fall_back_by_content():
    assert charsets.decode("申請書".encode("utf-8"), "x-unknown-charset") == "申請書"
    assert charsets.decode("申請書".encode("cp932"), "utf-8") == "申請書"
    assert charsets.decode(mc.cp50220("申請書"), None) == "申請書"
    assert charsets.decode("申請書①".encode("cp932"), "euc-jp") == "申請書①"      # cp932 under an EUC label
    eucjp_ms = bytes(b | 0x80 if b > 0x20 else b for b in mc.cp50220("申請書①㈱").replace(b"\x1b$B", b"")
                     .replace(b"\x1b(B", b""))
    assert charsets.decode(eucjp_ms, "euc-jp") == "申請書①㈱"                   # NEC row 13 in EUC
    assert charsets.decode(b"\x1b$B\x7f\x7f\x1b(B", "iso-2022-jp") == charsets.GETA


def test_not_an_email():
    with pytest.raises(UnreadableError):
        split_eml(b"")
