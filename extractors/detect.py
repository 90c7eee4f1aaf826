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
# A header line by RFC 5322 structure: a field name of printable ASCII but the colon, then a colon.
_FIELD = re.compile(rb"^[!-9;-~]+:")
_MAIL_FIELDS = {"from", "to", "cc", "subject", "date", "message-id", "mime-version", "received",
                "return-path", "delivered-to", "reply-to", "sender", "in-reply-to", "references",
                "content-type", "dkim-signature", "authentication-results", "x-mailer", "user-agent"}
_ORIGIN_FIELDS = {"from", "received", "message-id", "mime-version", "return-path"}
HEIC = "image/heic"
HEIF = "image/heif"
WEBP = "image/webp"
ENCRYPTED_ZIP = "application/x-zip-encrypted"    # a ZIP that opens only with its password (PPAP)
_HEIC_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs")
_HEIF_BRANDS = (b"mif1", b"msf1", b"mif2")


def sniff(data: bytes, filename: str = "") -> str:
    """Return the media type of `data` judged by its bytes; `filename` is not trusted."""
    if not data:
        return OCTET
    if data[:1024].lstrip(b"\x00\t\r\n ").startswith(b"%PDF-"):
        return PDF
    if data.startswith(_OLE):
        return _sniff_ole(data)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)      # before the loose PDF test: a ZIP may store a PDF uncompressed
    if b"%PDF-" in data[:1024]:
        return PDF
    for magic, media in _MAGIC:
        if data.startswith(magic):
            return media
    if data[4:8] == b"ftyp":
        media = _sniff_ftyp(data)
        if media:
            return media
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if _looks_like_email(data):          # before the text test: ISO-2022-JP escapes are not printable
        return EML
    text = decode_text(data[:65536])
    if text is None:
        return OCTET
    if _looks_like_csv(text):
        return CSV
    return TEXT


def _sniff_ftyp(data: bytes) -> str | None:
    """ISO base media files: HEIC/HEIF (iPhone photos) by their major or compatible brands; AVIF
    and videos are not ours."""
    size = int.from_bytes(data[:4], "big")
    brands = [data[8:12]] + [data[i:i + 4] for i in range(16, min(size, 256), 4)]
    if b"avif" in brands or b"avis" in brands:
        return None
    if any(b in _HEIC_BRANDS for b in brands):
        return HEIC
    if any(b in _HEIF_BRANDS for b in brands):
        return HEIF
    return None


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
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
        names = [i.filename for i in infos]
    except Exception:  # BadZipFile, NotImplementedError for odd versions …: judge by the bytes
        # A truncated archive still says what it was in its first local header.
        head = data[:4096]
        if b"word/" in head:
            return DOCX
        if b"xl/" in head:
            return XLSX
        return ZIP
    if any(i.flag_bits & 0x1 for i in infos) and not any(n.startswith(("word/", "xl/")) for n in names):
        return ENCRYPTED_ZIP
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


def _looks_like_email(data: bytes) -> bool:
    """Mail by structure: a header block (field lines and folded continuations, up to the first
    empty line) naming where the message came from, whatever other fields a client adds."""
    head = data[:65536]
    block = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]
    lines = block.split(b"\n")
    if lines and lines[0].startswith(b"From ") and not _FIELD.match(lines[0]):
        lines = lines[1:]                 # an mbox separator line
    if not lines or not _FIELD.match(lines[0]) or b"\x00" in block:
        return False
    for raw in lines:
        line = raw.rstrip(b"\r")
        if not (line[:1] in (b" ", b"\t") or _FIELD.match(line)):
            return False
    from email.parser import BytesHeaderParser
    from email import policy
    names = {k.lower() for k in BytesHeaderParser(policy=policy.default).parsebytes(b"\n".join(lines)).keys()}
    return len(names & _MAIL_FIELDS) >= 2 and bool(names & _ORIGIN_FIELDS)


def _looks_like_csv(text: str) -> bool:
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if not lines:
        return False
    for delim in (",", "\t"):
        counts = [ln.count(delim) for ln in lines]
        if min(counts[:-1] or counts) >= 1 and sum(c == counts[0] for c in counts) >= 0.6 * len(counts):
            return True
    return False
