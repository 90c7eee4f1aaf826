"""Guard OOXML archives before parsing: too many members, inflated size or ratio = decompression bomb."""
from __future__ import annotations

import io
import zipfile

from . import limits
from .errors import unreadable

RATIO_CHECK_FROM = 10 * 1024 * 1024   # small XML parts compress very well; judge ratio on big ones only


def check_zip(data: bytes) -> None:
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as e:
        raise unreadable("corrupt", f"zip: {e}") from None
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        raise unreadable("bomb", f"{len(infos)} zip members")
    total = sum(i.file_size for i in infos)
    if total > limits.MAX_ZIP_UNCOMPRESSED:
        raise unreadable("bomb", f"{total} bytes uncompressed")
    for i in infos:
        if i.flag_bits & 0x1:
            raise unreadable("encrypted", "zip member encrypted")
        if i.file_size > RATIO_CHECK_FROM and i.file_size > limits.MAX_ZIP_RATIO * max(1, i.compress_size):
            raise unreadable("bomb", f"member ratio {i.file_size // max(1, i.compress_size)}")
