"""Header values and file names of a mail part, decoded by `charsets` (not by Python's codecs,
which turn Outlook's ①㈱ into U+FFFD).

Works on the raw header text (`Message.raw_items()`): RFC 2047 encoded words, also the ones
mailers put inside quoted file names; RFC 2231 parameters with continuations
(`filename*0*=ISO-2022-JP''…; filename*1*=…`); raw 8-bit Shift_JIS/UTF-8 names; Apple's NFD names.
"""
from __future__ import annotations

import base64
import binascii
import email.message
import email.utils
import quopri
import re
import unicodedata

from . import charsets

_WORD = re.compile(r"=\?([^?\s*]+)(?:\*[^?\s]*)?\?([BbQq])\?([^?\s]*)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_BETWEEN_WORDS = re.compile(r"(\?=)[ \t\r\n]+(?==\?)")


def raw(part: email.message.Message, name: str) -> str | None:
    """The header as the client wrote it (8-bit bytes kept as surrogates), None if absent."""
    name = name.lower()
    for key, value in part.raw_items():
        if key.lower() == name:
            return str(value)
    return None


def text(value: str | None) -> str:
    """A header value (Subject, a display name …) as Unicode text, unfolded."""
    if not value:
        return ""
    value = _BETWEEN_WORDS.sub(r"\1", _FOLD.sub("", value))
    out: list[str] = []
    pending: tuple[str, bytearray] | None = None     # adjacent words of one charset decode together
    pos = 0
    for m in _WORD.finditer(value):
        if m.start() > pos:
            if pending:
                out.append(charsets.decode(bytes(pending[1]), pending[0]))
                pending = None
            out.append(_plain(value[pos:m.start()]))
        charset, data = m.group(1).lower(), _word_bytes(m.group(2), m.group(3))
        if pending and pending[0] == charset:
            pending[1].extend(data)
        else:
            if pending:
                out.append(charsets.decode(bytes(pending[1]), pending[0]))
            pending = (charset, bytearray(data))
        pos = m.end()
    if pending:
        out.append(charsets.decode(bytes(pending[1]), pending[0]))
    out.append(_plain(value[pos:]))
    return unicodedata.normalize("NFC", "".join(out)).strip()


def address(value: str | None) -> tuple[str, str]:
    """(display name, lower-case address) of an address header."""
    name, addr = email.utils.parseaddr(_FOLD.sub("", value or ""))
    return text(name), addr.strip().lower()


def filename(part: email.message.Message) -> str:
    """The part's file name (Content-Disposition filename, else Content-Type name), NFC, no path."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        value = raw(part, header)
        if value:
            name = _param(header, value, param)
            if name:
                name = unicodedata.normalize("NFC", name)
                return name.replace("\\", "/").rsplit("/", 1)[-1].strip().strip("\x00")
    return ""


def param(part: email.message.Message, header: str, name: str) -> str:
    value = raw(part, header)
    return _param(header, value, name) if value else ""


def _param(header: str, value: str, name: str) -> str:
    if _surrogates(value):                  # a raw 8-bit name (old Shift_JIS clients): decode first
        value = charsets.guess(value.encode("utf-8", "surrogateescape"))
    holder = email.message.Message()        # compat32: hands back RFC 2231 values undecoded
    holder[header] = _FOLD.sub("", value)
    found = holder.get_param(name, header=header)
    if isinstance(found, tuple):            # RFC 2231: (charset, language, bytes as latin-1)
        charset, _lang, data = found
        try:
            raw_bytes = data.encode("latin-1")
        except UnicodeEncodeError:
            raw_bytes = data.encode("utf-8", "surrogateescape")
        return charsets.decode(raw_bytes, charset or None)
    if not found:
        return ""
    return text(email.utils.unquote(str(found)))


def _plain(chunk: str) -> str:
    """Text outside encoded words: raw 8-bit or raw ISO-2022-JP bytes, decoded by guess."""
    if chunk.isascii() and "\x1b" not in chunk:
        return chunk
    return charsets.guess(chunk.encode("utf-8", "surrogateescape") if _surrogates(chunk)
                          else chunk.encode("utf-8"))


def _surrogates(chunk: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in chunk)


def _word_bytes(encoding: str, payload: str) -> bytes:
    if encoding in "Bb":
        try:
            return base64.b64decode(payload + "=" * (-len(payload) % 4))
        except (binascii.Error, ValueError):
            return payload.encode("ascii", "replace")
    return quopri.decodestring(payload.replace("_", " ").encode("ascii", "replace"), header=True)
