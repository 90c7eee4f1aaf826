""".doc/.xls → DOCX/XLSX by LibreOffice headless, then read like any DOCX/XLSX.

Each conversion runs in a fresh temporary profile (`-env:UserInstallation`), so concurrent
conversions never share LibreOffice's lock and settings, under a time limit; a conversion that
fails, times out or finds no LibreOffice is refused as `conversion_failed`.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import unreadable
from ..layout import Layout

TIMEOUT_S = 60          # a cold start is ~4 s; a form of a few pages converts in well under 10
TARGETS = {"doc": "docx", "xls": "xlsx"}


def read_legacy(data: bytes, source_ext: str) -> Layout:
    """A .doc (`source_ext` "doc") or .xls ("xls") read through its DOCX/XLSX conversion."""
    target_ext = TARGETS[source_ext]
    converted = convert(data, source_ext, target_ext)
    if target_ext == "docx":
        from .docx import read_docx
        layout = read_docx(converted)
    else:
        from .xlsx import read_xlsx
        layout = read_xlsx(converted)
    layout.metadata["converted_from"] = source_ext
    return layout


def convert(data: bytes, source_ext: str, target_ext: str, timeout_s: float = TIMEOUT_S) -> bytes:
    """The file converted by LibreOffice; UnreadableError `conversion_failed` otherwise."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise unreadable("conversion_failed", "LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="intake-lo-") as tmp:
        work = Path(tmp)
        source = work / f"input.{source_ext}"
        source.write_bytes(data)
        cmd = [soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault",
               f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--convert-to", target_ext, "--outdir", str(work / "out"), str(source)]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    stdin=subprocess.DEVNULL, start_new_session=True,
                                    env={**os.environ, "HOME": tmp})
            try:
                _, err = proc.communicate(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)      # soffice.bin is a child of the soffice script
                proc.communicate()
                raise unreadable("conversion_failed", f"LibreOffice took over {timeout_s:g} s") from None
        except OSError as e:
            raise unreadable("conversion_failed", f"LibreOffice: {e}") from None
        target = work / "out" / f"input.{target_ext}"
        if proc.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            detail = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise unreadable("conversion_failed", f"LibreOffice exit {proc.returncode}: {detail[0][:200]}")
        return target.read_bytes()
