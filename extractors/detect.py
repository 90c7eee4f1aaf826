"""Media type by content (magic bytes), never by file extension."""
from __future__ import annotations

import io
import re
import zipfile

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
TIFF = "image/tiff"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EML = "message/rfc822"
CSV = "text/csv"
TEXT = "text/plain"
OCTET = "application/octet-stream"
ENCRYPTED_OFFICE = "application/x-tika-ooxml-protected"   # OOXML inside an encrypted OLE container
LEGACY_DOC = "application/msword"
LEGACY_XLS = "application/vnd.ms-excel"
ZIP = "application/zip"

_MAGIC: list[tuple[bytes, str]] = [
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
]
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER = re.compile(
    rb"^(From|To|Cc|Subject|Date|MIME-Version|Received|Message-ID|Return-Path|Content-Type|"
    rb"Delivered-To|Reply-To|Sender|X-[A-Za-z0-9-]+|DKIM-Signature|Authentication-Results):[ \t]",
    re.IGNORECASE)
_STRONG_HEADERS = (b"from:", b"subject:", b"mime-version:", b"received:", b"message-id:")


def sniff(data: bytes, filename: str = "") -> str:
    """Return the media type of `data` judged by its bytes; `filename` is not trusted."""
    if not data:
        return OCTET
    if data[:1024].lstrip(b"\x00\t\r\n ").startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return PDF
    for magic, media in _MAGIC:
        if data.startswith(magic):
            return media
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "image/heic"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(_OLE):
        return _sniff_ole(data)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    text = decode_text(data[:65536])
    if text is None:
        return OCTET
    if _looks_like_email(data[:8192]):
        return EML
    if _looks_like_csv(text):
        return CSV
    return TEXT


def _sniff_ole(data: bytes) -> str:
    """Encrypted OOXML and legacy .doc/.xls share the OLE container; tell them by stream names."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return ENCRYPTED_OFFICE
    if "WordDocument".encode("utf-16-le") in data:
        return LEGACY_DOC
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return LEGACY_XLS
    return "application/x-ole-storage"


def _sniff_zip(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except Exception:  # BadZipFile, NotImplementedError for odd versions …: judge by the bytes
        # A truncated archive still says what it was in its first local header.
        head = data[:4096]
        if b"word/" in head:
            return DOCX
        if b"xl/" in head:
            return XLSX
        return ZIP
    if "[Content_Types].xml" in names or any(n.startswith(("word/", "xl/")) for n in names):
        if any(n.startswith("word/") for n in names):
            return DOCX
        if any(n.startswith("xl/") for n in names):
            return XLSX
    return ZIP


def decode_text(data: bytes) -> str | None:
    """Decode UTF-8 (with or without BOM) or Shift_JIS/cp932 text; None if it is not text."""
    if b"\x00" in data:
        return None
    for enc in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            # The sample may end inside a multibyte character.
            try:
                text = data[:-3].decode(enc) if len(data) > 3 else None
            except UnicodeDecodeError:
                continue
            if text is None:
                continue
        if _printable_ratio(text) >= 0.95:
            return text
    return None


def _printable_ratio(text: str) -> float:
    if not text:
        return 0.0
    ok = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
    return ok / len(text)


def _looks_like_email(head: bytes) -> bool:
    lines = head.split(b"\n")
    headers = strong = 0
    for raw in lines[:60]:
        line = raw.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            continue                      # folded continuation
        if not _HEADER.match(line):
            return False
        headers += 1
        strong += line.lower().startswith(_STRONG_HEADERS)
    return headers >= 2 and strong >= 1


def _looks_like_csv(text: str) -> bool:
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if not lines:
        return False
    for delim in (",", "\t"):
        counts = [ln.count(delim) for ln in lines]
        if min(counts[:-1] or counts) >= 1 and sum(c == counts[0] for c in counts) >= 0.6 * len(counts):
            return True
    return False
