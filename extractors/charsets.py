"""Japanese mail text decoded without loss, whatever charset label the client wrote.

Outlook labels its mail ISO-2022-JP or Shift_JIS but writes Microsoft's code pages: CP50220
(ISO-2022-JP plus NEC row 13 — ①–⑳, ㈱, Ⅰ… — and the IBM extensions) and cp932. Python's
iso2022_jp codecs refuse those characters, so ISO-2022-JP is decoded here: the escape sequences
are followed by hand and each JIS X 0208 pair is mapped through cp932 (which has the NEC and IBM
rows). A byte sequence no table knows becomes 〓 (the geta mark, JIS's own substitute), never U+FFFD.
"""
from __future__ import annotations

import codecs
import re

GETA = "〓"
JIS_FAMILY = {"iso-2022-jp", "iso2022jp", "iso-2022-jp-1", "iso-2022-jp-2", "iso-2022-jp-3",
              "iso-2022-jp-2004", "iso-2022-jp-ms", "csiso2022jp", "cp50220", "cp50221", "cp50222",
              "x-cp50220", "x-cp50221", "x-cp50222", "jis", "jis7"}
SJIS_FAMILY = {"shift_jis", "shift-jis", "sjis", "x-sjis", "s-jis", "ms_kanji", "csshiftjis", "windows-31j",
               "cp932", "ms932", "x-ms-cp932", "ibm-943", "shift_jisx0213", "shift_jis_2004"}
EUC_FAMILY = {"euc-jp", "eucjp", "x-euc-jp", "euc_jp", "cseucpkdfmtjapanese", "eucjp-ms", "cp51932",
              "euc-jis-2004", "euc-jisx0213"}
GUESSES = ("utf-8", "cp932", "euc-jp")       # an unlabelled or mislabelled text, most likely first

_ESC = re.compile(rb"\x1b(\(B|\(J|\(I|\$@|\$B|\$\(D|\$\(O|\$\(Q|\$\(B|&@\x1b\$B)")
_ASCII, _ROMAN, _KANA, _X0208, _X0212, _X0213 = range(6)
_SETS = {b"(B": _ASCII, b"(J": _ROMAN, b"(I": _KANA, b"$@": _X0208, b"$B": _X0208, b"$(B": _X0208,
         b"&@\x1b$B": _X0208, b"$(D": _X0212, b"$(O": _X0213, b"$(Q": _X0213}


def decode(data: bytes, charset: str | None = None) -> str:
    """`data` as text: by its declared charset when that reads it, else by the likeliest one."""
    name = (charset or "").strip().strip('"').lower()
    if name in JIS_FAMILY or (not name and b"\x1b$" in data):
        return decode_jis(data) if _seven_bit(data) else guess(data)
    if name in SJIS_FAMILY:
        return _strict(data, "cp932") or guess(data)
    if name in EUC_FAMILY:
        return _strict(data, "euc-jp") or (_eucjp_ms(data) if _euc_shaped(data) else guess(data))
    if name and name not in ("us-ascii", "ascii", "unknown-8bit", "x-unknown"):
        try:
            codecs.lookup(name)
        except LookupError:
            return guess(data)
        text = _strict(data, name)
        if text is not None:
            return text
    return guess(data)


def guess(data: bytes) -> str:
    """Unlabelled bytes: ISO-2022-JP if it escapes, else the first of UTF-8, cp932, EUC-JP that reads it."""
    if b"\x1b" in data and _seven_bit(data):
        return decode_jis(data)
    for name in GUESSES:
        text = _strict(data, name)
        if text is not None:
            return text
    return data.decode("cp932", errors="geta")


def decode_jis(data: bytes) -> str:
    """ISO-2022-JP (and its -1/-3, CP50220/50221 relatives) with Microsoft's extensions."""
    out: list[str] = []
    mode, pos = _ASCII, 0
    for m in _ESC.finditer(data):
        out.append(_run(data[pos:m.start()], mode))
        mode, pos = _SETS[m.group(1)], m.end()
    out.append(_run(data[pos:], mode))
    return "".join(out)


def _run(chunk: bytes, mode: int) -> str:
    if not chunk:
        return ""
    if mode in (_ASCII, _ROMAN, _KANA):
        return _single_bytes(chunk, mode)
    text: list[str] = []
    i = 0
    while i < len(chunk):
        b = chunk[i]
        if b in (0x0a, 0x0d) or i + 1 >= len(chunk):    # a line end resets nothing, but is not a pair
            text.append(chr(b) if b < 0x80 else GETA)
            i += 1
            continue
        text.append(_pair(b, chunk[i + 1], mode))
        i += 2
    return "".join(text)


def _single_bytes(chunk: bytes, mode: int) -> str:
    """ASCII and JIS X 0201 (Roman, and half-width katakana by ESC ( I or by SO/SI)."""
    text: list[str] = []
    kana = mode == _KANA
    for b in chunk:
        if b == 0x0e:
            kana = True
        elif b == 0x0f:
            kana = mode == _KANA
        elif kana and 0x21 <= b <= 0x5f:
            text.append(chr(0xff61 + b - 0x21))
        elif mode == _ROMAN and b == 0x5c:
            text.append("¥")
        elif mode == _ROMAN and b == 0x7e:
            text.append("‾")
        else:
            text.append(chr(b) if b < 0x80 else GETA)
    return "".join(text)


def _pair(j1: int, j2: int, mode: int) -> str:
    if not (0x21 <= j1 <= 0x7e and 0x21 <= j2 <= 0x7e):
        return GETA
    if mode == _X0212:
        return _strict(bytes((0x8f, j1 | 0x80, j2 | 0x80)), "euc-jp") or GETA
    if mode == _X0213:
        return _strict(bytes((j1 | 0x80, j2 | 0x80)), "euc_jis_2004") or GETA
    return _strict(_to_sjis(j1, j2), "cp932") or _strict(bytes((j1 | 0x80, j2 | 0x80)), "euc_jis_2004") or GETA


def _to_sjis(j1: int, j2: int) -> bytes:
    """A JIS row/cell pair as Shift_JIS bytes (rows 89–92 land on cp932's NEC-selected IBM rows)."""
    s1 = (j1 + 1) // 2 + 0x70
    if s1 > 0x9f:
        s1 += 0x40
    if j1 % 2:
        s2 = j2 + 0x1f + (1 if j2 >= 0x60 else 0)
    else:
        s2 = j2 + 0x7e
    return bytes((s1, s2))


def _eucjp_ms(data: bytes) -> str:
    """EUC-JP as Microsoft writes it (eucJP-ms/CP51932: NEC row 13 too): each pair through cp932."""
    text: list[str] = []
    i = 0
    while i < len(data):
        b = data[i]
        if b < 0x80:
            text.append(chr(b))
            i += 1
        elif b == 0x8e and i + 1 < len(data):
            text.append(_single_bytes(bytes((data[i + 1] & 0x7f,)), _KANA))
            i += 2
        elif b == 0x8f and i + 2 < len(data):
            text.append(_pair(data[i + 1] & 0x7f, data[i + 2] & 0x7f, _X0212))
            i += 3
        elif i + 1 < len(data):
            text.append(_pair(b & 0x7f, data[i + 1] & 0x7f, _X0208))
            i += 2
        else:
            text.append(GETA)
            i += 1
    return "".join(text)


def _euc_shaped(data: bytes) -> bool:
    """Every 8-bit byte in EUC's shapes (a lead 0xA1–0xFE, 0x8E or 0x8F and tails 0xA1–0xFE): EUC,
    not cp932 under a wrong label."""
    i = 0
    while i < len(data):
        b = data[i]
        if b < 0x80:
            i += 1
            continue
        if b == 0x8f:
            step = 3
        elif b == 0x8e or 0xa1 <= b <= 0xfe:
            step = 2
        else:
            return False
        tail = data[i + 1:i + step]
        if len(tail) != step - 1 or not all(0xa1 <= t <= 0xfe for t in tail):
            return False
        i += step
    return True


def _seven_bit(data: bytes) -> bool:
    return all(b < 0x80 for b in data)


def _strict(data: bytes, name: str) -> str | None:
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def _geta(err: UnicodeDecodeError) -> tuple[str, int]:
    return GETA, err.end


codecs.register_error("geta", _geta)
