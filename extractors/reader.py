"""read(data, filename) → Layout: one entry point for every format, dispatched on the sniffed type.

Anything that cannot be read ends as UnreadableError (Japanese + English message), never another exception.
"""
from __future__ import annotations

import logging
import re

from . import detect, limits
from .errors import unreadable
from .layout import Layout, UnreadableError

log = logging.getLogger(__name__)
_MEMORY = re.compile(r"insufficient memory|out of memory|failed to allocate|cannot allocate|bad_alloc|"
                     r"unable to allocate", re.IGNORECASE)


def _pdf(data):
    from .readers.pdf import read_pdf
    return read_pdf(data)


def _image(data):
    from .readers.image import read_image
    return read_image(data)


def _docx(data):
    from .readers.docx import read_docx
    return read_docx(data)


def _xlsx(data):
    from .readers.xlsx import read_xlsx
    return read_xlsx(data)


def _csv(data):
    from .readers.delimited import read_csv
    return read_csv(data)


def _text(data):
    from .readers.delimited import read_text
    return read_text(data)


def _doc(data):
    from .readers.legacy_office import read_legacy
    return read_legacy(data, "doc")


def _xls(data):
    from .readers.legacy_office import read_legacy
    return read_legacy(data, "xls")


def _eml(data):
    from .readers.eml import read_eml
    return read_eml(data)


READERS = {
    detect.PDF: _pdf,
    detect.JPEG: _image, detect.PNG: _image, detect.TIFF: _image,
    detect.HEIC: _image, detect.HEIF: _image, detect.WEBP: _image,
    detect.DOCX: _docx,
    detect.XLSX: _xlsx,
    detect.LEGACY_DOC: _doc, detect.LEGACY_XLS: _xls,
    detect.CSV: _csv,
    detect.TEXT: _text,
    detect.EML: _eml,
}
REFUSED = {
    detect.ENCRYPTED_OFFICE: "encrypted",
    detect.ENCRYPTED_ZIP: "zip_password",
}


def _from_memory_error(e: BaseException) -> bool:
    """A C extension that failed an allocation and reported it as a SystemError (cv2's resize:
    "returned a result with an exception set") carries the MemoryError as its cause."""
    seen = 0
    while e is not None and seen < 8:
        if isinstance(e, MemoryError):
            return True
        e, seen = e.__cause__ or e.__context__, seen + 1
    return False


def read(data: bytes, filename: str = "", media_type: str | None = None) -> Layout:
    """Read any supported file into a Layout; raise UnreadableError for anything else.
    `media_type` is the type the caller sniffed already (a file is sniffed once)."""
    if not data:
        raise unreadable("empty")
    if len(data) > limits.MAX_FILE_BYTES:
        raise unreadable("too_big", f"{len(data)} bytes")
    media = media_type or detect.sniff(data, filename)
    if media in REFUSED:
        raise unreadable(REFUSED[media], media)
    reader = READERS.get(media)
    if reader is None:
        raise unreadable("unsupported", media)
    import sys
    timing = sys.modules.get(f"{__package__}.ocr.registry")    # only when OCR is loaded already
    if timing:
        timing.reset_timing()
    try:
        layout = reader(data)
    except UnreadableError:
        raise
    except MemoryError:
        raise limits.out_of_memory("MemoryError while reading") from None
    except Exception as e:  # any parser failure on hostile input is an unreadable file, not a crash
        if _MEMORY.search(str(e)) or _from_memory_error(e):   # cv2 / pdfium / onnxruntime refusing an allocation
            raise limits.out_of_memory(f"{type(e).__name__}: {e}"[:300]) from None
        log.warning("reader for %s failed: %s", media, type(e).__name__)
        log.debug("reader failure", exc_info=True)
        raise unreadable("corrupt", f"{type(e).__name__}: {e}"[:300]) from None
    layout.media_type = media
    timing = sys.modules.get(f"{__package__}.ocr.registry")
    layout.engine_s = timing.engine_seconds() if timing else 0.0    # not stored; `intake bench` reports it
    return layout
