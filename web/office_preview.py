"""Word and Excel files shown as pages: converted to PDF once by LibreOffice headless and cached,
with each field placed where its text is printed on the converted PDF.

The readers read DOCX/XLSX structurally (paragraphs, cells), so their boxes are in line or cell
units; the page a reviewer sees is LibreOffice's rendering, and a field is found on it by its text.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from intake.domain import catalogue
from intake.models import DocumentRow, FieldRow

log = logging.getLogger(__name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFICE_TYPES = {DOCX: ".docx", XLSX: ".xlsx"}
TIMEOUT = 60            # seconds for one conversion; LibreOffice takes ~3 s on a form
SHORT = 3               # a value this short is placed only where its label is printed before it
LABEL_REACH = 40        # characters before a value in which its label counts as "beside it"


# Word's usual Japanese faces, absent here, drawn with the installed IPAex ones; the handwriting
# fonts installed for the sample scans are never a fallback (fontconfig would pick a brush font
# for a cell whose font is not named).
FONT_ALIASES = {"IPAexMincho": ("MS Mincho", "MS PMincho", "ＭＳ 明朝", "ＭＳ Ｐ明朝", "Yu Mincho", "游明朝",
                                "serif"),
                "IPAexGothic": ("MS Gothic", "MS PGothic", "ＭＳ ゴシック", "ＭＳ Ｐゴシック", "Yu Gothic",
                                "游ゴシック", "Meiryo", "メイリオ", "sans-serif")}
REJECTED_FONTS = ("*kouzan*", "*seto*", "*kiloji*")


def fontconfig(folder: Path) -> Path:
    """A fontconfig file for one conversion: the system's, with the aliases and rejections above."""
    aliases = "".join(f"<alias binding=\"same\"><family>{name}</family><prefer><family>{face}</family>"
                      f"</prefer></alias>" for face, names in FONT_ALIASES.items() for name in names)
    rejected = "".join(f"<glob>{g}</glob>" for g in REJECTED_FONTS)
    path = folder / "fonts.conf"
    path.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f"<selectfont><rejectfont>{rejected}</rejectfont></selectfont>{aliases}</fontconfig>",
                    encoding="utf-8")
    return path


class PreviewError(Exception):
    """A file LibreOffice could not turn into pages (message is Japanese, for the reviewer)."""

    def __init__(self, message: str, message_en: str, lasting: bool = True):
        super().__init__(message_en)
        self.message, self.message_en = message, message_en
        self.lasting = lasting   # false: worth trying again later (no LibreOffice yet, a busy machine)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def is_office(doc: DocumentRow) -> bool:
    return doc.media_type in OFFICE_TYPES


def write_private(path: Path, data: bytes) -> None:
    """Write a cache file readable by this user only (0600), atomically."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def convert(data: bytes, suffix: str, timeout: float = TIMEOUT) -> bytes:
    """DOCX/XLSX bytes → PDF bytes, in a throw-away LibreOffice profile (no shared state between
    conversions, so two at once cannot lock each other) and killed whole at the time limit."""
    exe = soffice()
    if exe is None:
        raise PreviewError("LibreOffice がインストールされていないため、この書類の画像を作れません。",
                           "LibreOffice is not installed, so this document cannot be shown as pages.",
                           lasting=False)
    with tempfile.TemporaryDirectory(prefix="intake-office-") as tmp:
        src = Path(tmp) / f"document{suffix}"
        src.write_bytes(data)
        cmd = [exe, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
               "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "--convert-to", "pdf", "--outdir", tmp, str(src)]
        env = {**os.environ, "HOME": tmp, "FONTCONFIG_FILE": str(fontconfig(Path(tmp)))}
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise PreviewError(f"書類の画像への変換が{int(timeout)}秒で終わらなかったため中止しました。"
                               "元のファイルをダウンロードして確認してください。",
                               f"Converting the document took over {int(timeout)} s and was stopped; "
                               "download the original to check it.", lasting=False) from None
        pdf = Path(tmp) / "document.pdf"
        if proc.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
            raise PreviewError("書類を画像に変換できませんでした。元のファイルをダウンロードして確認してください。",
                               "The document could not be converted to pages; download the original to check it.")
        return pdf.read_bytes()


def pdf_bytes(doc: DocumentRow, folder: Path, load) -> bytes:  # noqa: ANN001
    """The converted PDF, made once per file content; a file LibreOffice cannot convert is
    remembered too (no conversion per page view), a timeout or a missing LibreOffice is not."""
    done, failed = folder / f"{doc.sha256}.pdf", folder / f"{doc.sha256}.failed.json"
    if done.exists():
        return done.read_bytes()
    if failed.exists():
        why = json.loads(failed.read_text())
        raise PreviewError(why["ja"], why["en"])
    try:
        pdf = convert(load(doc.sha256), OFFICE_TYPES[doc.media_type])
    except PreviewError as exc:
        log.info("office preview failed for document %s: %s", doc.id, exc.message_en)
        if exc.lasting:
            write_private(failed, json.dumps({"ja": exc.message, "en": exc.message_en}).encode())
        raise
    write_private(done, pdf)
    return pdf


# --- where a field's text is printed ----------------------------------------

def _norm(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if not c.isspace())


def char_map(pdf: bytes) -> list[dict]:
    """Per page: its size in points, its text normalised (NFKC, no spaces) and one box per character
    (top-left origin), so a value can be found whatever the width of its digits or its spacing."""
    import pypdfium2 as pdfium

    out = []
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            width, height = page.get_size()
            textpage = page.get_textpage()
            n = textpage.count_chars()
            raw = textpage.get_text_range(0, n) if n else ""
            text, boxes = [], []
            for i, ch in enumerate(raw[:n]):
                norm = _norm(ch)
                if not norm:
                    continue
                left, bottom, right, top = textpage.get_charbox(i)
                for c in norm:
                    text.append(c)
                    boxes.append([round(left, 1), round(height - top, 1),
                                  round(right, 1), round(height - bottom, 1)])
            out.append({"size": [width, height], "text": "".join(text), "boxes": boxes})
            textpage.close()
            page.close()
    finally:
        document.close()
    return out


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def spellings(value: Any) -> list[str]:
    """The ways a stored value may be printed, normalised like the page text."""
    if value is None or isinstance(value, (bool, dict)) or value == "":
        return []
    if isinstance(value, list):
        return [s for v in value if not isinstance(v, (list, dict)) for s in spellings(v)[:1]]
    if isinstance(value, (int, float)):
        n = int(value) if float(value).is_integer() else value
        return [_norm(f"{n:,}"), _norm(str(n))]
    text = str(value)
    m = _ISO.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        forms = [f"{y}年{mo}月{d}日", f"{y}/{mo}/{d}", f"{y}/{mo:02d}/{d:02d}", text, f"{y}.{mo}.{d}"]
        if dt.date(y, mo, d) >= dt.date(2019, 5, 1):
            forms += [f"令和{y - 2018}年{mo}月{d}日", f"R{y - 2018}.{mo}.{d}"]
        return [_norm(f) for f in forms]
    return [_norm(text)]


def _labels(key: str) -> list[str]:
    spec = catalogue.field_spec(key)
    return [_norm(w) for w in ((spec.ja,) + spec.labels if spec else ()) if _norm(w)]


def locate(pages: list[dict], key: str, value: Any) -> tuple[int, list[float]] | None:
    """(page number, [x0, y0, x1, y1] in points) of the printed value; among several places the
    one right after the field's label, else the first."""
    labels = _labels(key)
    best: tuple[int, int, int, int] | None = None   # (rank, page, start, length)
    for spelling in spellings(value):
        for number, page in enumerate(pages, start=1):
            text = page["text"]
            start = text.find(spelling)
            while start >= 0:
                before = text[max(0, start - LABEL_REACH):start]
                near = [len(before) - before.rfind(lb) for lb in labels if lb in before]
                if not near and len(spelling) <= SHORT:
                    start = text.find(spelling, start + 1)
                    continue  # "60" alone matches anywhere: only beside its label
                rank = min(near) if near else 10_000 + number * 1000 + start // 100
                if best is None or rank < best[0]:
                    best = (rank, number, start, len(spelling))
                start = text.find(spelling, start + 1)
        if best is not None and best[0] < 10_000:
            break  # a spelling found beside its label: no need to try looser ones
    if best is None:
        return None
    _, number, start, length = best
    boxes = pages[number - 1]["boxes"][start:start + length]
    return number, [min(b[0] for b in boxes), min(b[1] for b in boxes),
                    max(b[2] for b in boxes), max(b[3] for b in boxes)]


def field_places(pages: list[dict], fields: list[FieldRow]) -> dict[int, tuple[int, list[float]]]:
    """Field row id → (page, bbox in points) for every field whose text is on the converted pages."""
    out = {}
    for f in fields:
        place = locate(pages, f.key, f.value)
        if place is not None:
            out[f.id] = place
    return out
