import io

import pytest

from extractors import limits
from extractors.layout import UnreadableError
from extractors.reader import read

from extractor_docs import form_pdf, make_pdf


def _refused(data, name="x.pdf") -> UnreadableError:
    with pytest.raises(UnreadableError) as info:
        read(data, name)
    err = info.value
    assert err.message and any("\u3040" <= ch <= "\u9fff" for ch in err.message)   # Japanese for people
    assert err.message_en
    return err


def test_empty_file():
    assert "空" in _refused(b"").message


def test_truncated_pdf(jp_font):
    data = form_pdf(jp_font)
    assert _refused(data[: len(data) // 2]).reason == "corrupt"


def test_corrupt_pdf_body():
    assert _refused(b"%PDF-1.7\n" + b"garbage " * 200 + b"\n%%EOF\n").reason == "corrupt"


def test_encrypted_pdf(jp_font):
    from reportlab.lib.pdfencrypt import StandardEncryption
    def draw(c, _):
        c.setFont(jp_font, 12)
        c.drawString(60, 700, "秘密の申請書です。パスワードが必要です。")
    data = make_pdf(draw, encrypt=StandardEncryption("secret", canPrint=0))
    err = _refused(data)
    assert err.reason == "encrypted" and "パスワード" in err.message


def test_encrypted_and_legacy_office():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
    assert _refused(ole + "EncryptedPackage".encode("utf-16-le"), "a.xlsx").reason == "encrypted"
    # a broken .doc is converted by LibreOffice, which fails on it: a clear refusal, not a crash
    assert _refused(ole + "WordDocument".encode("utf-16-le"), "a.doc").reason == "conversion_failed"


def test_unsupported_types():
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "GIF")
    assert _refused(buf.getvalue(), "a.gif").reason == "unsupported"
    assert _refused(bytes(range(256)) * 8, "a.pdf").reason == "unsupported"


def test_too_many_pages(monkeypatch, jp_font):
    monkeypatch.setattr(limits, "MAX_PAGES", 5)
    data = make_pdf(lambda c, i: c.drawString(60, 700, f"page {i}"), pages=6)
    assert _refused(data).reason == "too_many_pages"


def test_too_big(monkeypatch, jp_font):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    assert _refused(form_pdf(jp_font)).reason == "too_big"


@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx", "eml"])
def test_damaged_files_end_as_unreadable_or_read(kind, jp_font):
    """Truncated, overwritten and cut-out bytes: read() either succeeds or raises UnreadableError."""
    import random

    from extractor_docs import make_docx, make_eml, make_xlsx
    data = {"pdf": lambda: form_pdf(jp_font), "docx": make_docx, "xlsx": make_xlsx, "eml": make_eml}[kind]()
    rng = random.Random(kind)
    for i in range(15):
        d = bytearray(data)
        if i % 3 == 0:
            d = d[: rng.randrange(1, len(d))]
        elif i % 3 == 1:
            for _ in range(rng.randint(1, 20)):
                d[rng.randrange(len(d))] = rng.randrange(256)
        else:
            start = rng.randrange(len(d))
            d[start:start + rng.randint(1, 200)] = b""
        try:
            read(bytes(d), "damaged")
        except UnreadableError as err:
            assert err.message and err.message_en
