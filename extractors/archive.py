"""ZIP attachments opened into their files, under a count and a size limit.

Japanese business mail sends documents zipped, often with a password mailed separately (PPAP).
An encrypted archive opens only with a password that fits (ZipCrypto or AES, by pyzipper);
without one it is refused as `zip_password`, and the caller keeps its bytes so a reviewer can
open it later. Names are decoded the way Windows and macOS write them (cp932 or UTF-8 without
the UTF-8 flag; NFD on macOS) and kept in NFC.
"""
from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass

import pyzipper

from .errors import unreadable

_BAD_ZIP = (zipfile.BadZipFile, pyzipper.BadZipFile)
JUNK_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")   # what archivers add, never a document


@dataclass(frozen=True)
class ZipLimits:
    max_files: int = 50               # files in one archive
    max_bytes: int = 100 * 2 ** 20    # their inflated size together
    max_ratio: int = 150              # inflated / compressed, per member of over 10 MB


def is_encrypted(data: bytes) -> bool:
    try:
        return any(i.flag_bits & 0x1 for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (*_BAD_ZIP, OSError, ValueError, NotImplementedError):
        return False


def opens_with(data: bytes, password: str) -> bool:
    """Whether `password` opens every encrypted member (checked by reading them)."""
    try:
        with pyzipper.AESZipFile(io.BytesIO(data)) as z:
            z.setpassword(password.encode("utf-8"))
            for info in z.infolist():
                if info.flag_bits & 0x1 and not info.is_dir():
                    with z.open(info) as f:
                        while f.read(1 << 20):
                            pass
        return True
    except (RuntimeError, *_BAD_ZIP, OSError, ValueError, NotImplementedError, EOFError):
        return False


def expand(data: bytes, limits: ZipLimits = ZipLimits(), passwords: tuple[str, ...] = ()
           ) -> list[tuple[str, bytes]]:
    """The archive's files as (name, bytes); UnreadableError when it cannot or may not be opened."""
    try:
        archive = pyzipper.AESZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir() and not _junk(i.filename)]
    except (*_BAD_ZIP, OSError, ValueError, NotImplementedError, EOFError) as e:
        raise unreadable("corrupt", f"zip: {e}") from None
    _check(infos, limits)
    if any(i.flag_bits & 0x1 for i in infos):
        password = next((p for p in passwords if opens_with(data, p)), None)
        if password is None:
            raise unreadable("zip_password", f"{len(infos)} encrypted members")
        archive.setpassword(password.encode("utf-8"))
    members, total = [], 0
    for info in infos:
        try:
            with archive.open(info) as f:
                content = f.read(limits.max_bytes - total + 1)
        except (RuntimeError, *_BAD_ZIP, OSError, ValueError, NotImplementedError, EOFError) as e:
            raise unreadable("corrupt", f"zip member: {type(e).__name__}") from None
        total += len(content)
        if total > limits.max_bytes:
            raise _over("bytes", limits)
        members.append((member_name(info), content))
    return members


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's file name without folders, decoded as its archiver wrote it."""
    name = info.filename
    if not info.flag_bits & 0x800:        # no UTF-8 flag: zipfile read the bytes as cp437
        raw = name.encode("cp437", "replace")
        for encoding in ("utf-8", "cp932"):
            try:
                name = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name or "file"


def _junk(name: str) -> bool:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return name.startswith("__MACOSX/") or base.startswith("._") or base in JUNK_NAMES


def _check(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    if len(infos) > limits.max_files:
        raise _over("files", limits, len(infos))
    if sum(i.file_size for i in infos) > limits.max_bytes:
        raise _over("bytes", limits)
    for i in infos:
        if i.file_size > 10 * 2 ** 20 and i.file_size > limits.max_ratio * max(1, i.compress_size):
            raise unreadable("bomb", f"member ratio {i.file_size // max(1, i.compress_size)}")


def _over(which: str, limits: ZipLimits, count: int = 0):
    err = unreadable("zip_limit", f"{which}: {count or limits.max_bytes}")
    values = {"files": f"{limits.max_files}件", "bytes": f"{limits.max_bytes // 2 ** 20}MB"}
    err.message = err.message.format(limit=values[which])
    err.message_en = err.message_en.format(limit=values[which].replace("件", " files"))
    return err
