import io
import zipfile

from extractors import detect
from extractors.detect import sniff

from extractor_docs import form_pdf


def _zip(names):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in names:
            z.writestr(n, "<x/>")
    return buf.getvalue()


def test_pdf_with_wrong_extension(jp_font):
    assert sniff(form_pdf(jp_font), "申請書.xlsx") == detect.PDF


def test_images_by_magic_not_name():
    from PIL import Image
    for fmt, media in (("PNG", detect.PNG), ("JPEG", detect.JPEG), ("TIFF", detect.TIFF)):
        buf = io.BytesIO()
        Image.new("RGB", (10, 10), "white").save(buf, fmt)
        assert sniff(buf.getvalue(), "photo.pdf") == media


def test_office_zips_told_apart_by_entries():
    assert sniff(_zip(["[Content_Types].xml", "word/document.xml"]), "a.xlsx") == detect.DOCX
    assert sniff(_zip(["[Content_Types].xml", "xl/workbook.xml"]), "a.docx") == detect.XLSX
    assert sniff(_zip(["readme.txt"]), "a.docx") == detect.ZIP


def test_email_by_headers():
    eml = b"Received: from x\r\nFrom: a@example.jp\r\nSubject: =?UTF-8?B?5LqL?=\r\n\r\nbody, with, commas\r\n"
    assert sniff(eml, "mail.csv") == detect.EML


def test_csv_in_utf8_bom_and_cp932():
    text = "氏名,住所,数量\n山田太郎,前橋市大手町1-1,2\n鈴木花子,高崎市高松町35,1\n"
    assert sniff(("\ufeff" + text).encode("utf-8"), "list.txt") == detect.CSV
    assert sniff(text.encode("cp932"), "list.pdf") == detect.CSV


def test_binary_garbage_is_octet_stream():
    assert sniff(bytes(range(256)) * 4, "x.pdf") == detect.OCTET
    assert sniff(b"", "x.pdf") == detect.OCTET


def test_ole_containers():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    assert sniff(ole + "EncryptedPackage".encode("utf-16-le"), "a.xlsx") == detect.ENCRYPTED_OFFICE
    assert sniff(ole + "WordDocument".encode("utf-16-le"), "a.docx") == detect.LEGACY_DOC
