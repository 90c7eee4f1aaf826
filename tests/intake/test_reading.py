"""Documents are read in a child process under hard limits; a limit reached is a clear finding."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extractors.layout import UnreadableError
from intake import config, reading
from intake.pipeline import InputFile, process

LABEL = next(Path("samples/submissions/food_label_clean").glob("*.pdf"))


def _scan_tiff(pages: int = 4) -> bytes:
    """Form pages as one TIFF: OCR takes well over a second."""
    import random

    from extractors.ocr.synthetic import FONTS, render_form
    frames = [render_form(random.Random(i), FONTS[0])[0] for i in range(pages)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    return buf.getvalue()


def _limited(monkeypatch, **kw):
    base = dict(isolated=True, page_timeout_s=30, document_timeout_s=600, memory_mb=1536)
    monkeypatch.setattr(config, "read_limits", lambda: config.ReadLimits(**{**base, **kw}))


def test_a_document_over_its_time_limit_ends_as_unreadable_naming_the_limit_and_the_next_file_is_read(monkeypatch):
    _limited(monkeypatch, document_timeout_s=1)
    result = process([InputFile("scan.tif", _scan_tiff()), InputFile("label.pdf", LABEL.read_bytes())], "hamada")
    scan, label = result.record.documents
    [finding] = scan.findings
    assert finding.code == "DOC_UNREADABLE" and "1秒" in finding.message and "制限時間" in finding.message
    assert "corrupt" not in finding.message_en
    assert label.kind == "food_label" and label.pages == 1


def test_a_document_over_the_memory_limit_is_too_large_not_corrupt():
    r = reading.Reader(reading.Limits(memory_mb=800))    # the OCR models alone map ~700 MB (arenas capped)
    try:
        big = io.BytesIO()
        ruled = np.full((8000, 8000), 255, np.uint8)
        ruled[::50] = 0                 # a ruled page: a blank one is recognised as blank before it costs memory
        Image.fromarray(ruled).save(big, "PNG")
        with pytest.raises(UnreadableError) as e:
            r.read(big.getvalue(), "huge.png")
        assert e.value.reason == "limit_memory" and "800 MB" in e.value.message_en
        assert "壊れているわけではありません" in e.value.message
        assert r.read(LABEL.read_bytes(), "label.pdf").pages      # a fresh child reads the next file
    finally:
        r.stop()


def test_a_page_over_its_time_limit_names_the_page():
    r = reading.Reader(reading.Limits(page_s=0.1))
    try:
        with pytest.raises(UnreadableError) as e:
            r.read(_scan_tiff(2), "scan.tif")
        assert e.value.reason == "limit_page_time" and "0.1 s (page 1)" in e.value.message_en
    finally:
        r.stop()


def test_a_killed_child_is_replaced():
    import os
    import signal
    import time
    r = reading.Reader(reading.Limits(page_s=20))
    try:
        assert r.read(LABEL.read_bytes(), "label.pdf").pages
        os.kill(r.pid, signal.SIGKILL)                 # e.g. the kernel's OOM killer between documents
        time.sleep(0.3)
        assert r.read(LABEL.read_bytes(), "label.pdf").pages
    finally:
        r.stop()
    assert r.pid is None


def test_a_file_sent_ahead_is_answered_to_its_read_and_an_unasked_one_is_dropped():
    label, scan = LABEL.read_bytes(), _scan_tiff(1)
    r = reading.Reader(reading.Limits(page_s=20))
    try:
        r.send_ahead(label, "label.pdf")
        assert r.read(label, "label.pdf").media_type == "application/pdf"
        r.send_ahead(label, "label.pdf")
        r.send_ahead(scan, "scan.tif")            # one at a time: the second waits for its own read
        layout = r.read(scan, "scan.tif")         # the label's answer is dropped, the scan is read
        assert layout.media_type == "image/tiff" and layout.pages[0].method == "ocr"
        assert r.read(label, "label.pdf").pages[0].method == "text"
    finally:
        r.stop()


def test_a_file_sent_ahead_is_timed_from_when_it_was_sent():
    import time
    r = reading.Reader(reading.Limits(document_s=1.0, page_s=1.0))
    try:
        r.read(LABEL.read_bytes(), "label.pdf")   # the child's start is not the document's time
        scan = _scan_tiff(4)
        r.send_ahead(scan, "scan.tif")
        time.sleep(0.9)                           # the caller's own work
        started = time.monotonic()
        with pytest.raises(UnreadableError) as e:
            r.read(scan, "scan.tif")
        assert e.value.reason.startswith("limit_") and time.monotonic() - started < 0.8
    finally:
        r.stop()


def test_the_cli_reads_its_first_file_ahead_and_prints_the_whole_result(tmp_path):
    import json
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "intake.cli", "process", "--format", "json", "--profile", "hamada",
                          str(LABEL), "samples/submissions/s7v4r0_hamada_clean"], capture_output=True, text=True)
    result = json.loads(out.stdout)        # flushed whole before the process left
    assert out.returncode == 1 and out.stderr == ""
    assert [d["kind"] for d in result["documents"]][0] == "food_label" and len(result["documents"]) >= 4


DOCX = Path("samples/submissions/s7v4r0_hamada_clean/kujo_hokokusho.docx")


def _padded(data: bytes, inflated: int) -> bytes:
    """The same DOCX with one more member that inflates to `inflated` bytes (compresses to almost nothing)."""
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/media/padding.bin", b"\0" * inflated)
    return out.getvalue()


def test_a_small_office_file_is_read_in_process_and_anything_larger_or_a_pdf_in_the_child(monkeypatch):
    from extractors import detect
    data = DOCX.read_bytes()
    assert reading.small_enough_in_process(data, detect.DOCX)
    assert reading.small_enough_in_process(b"a,b\n1,2\n", detect.CSV)
    assert not reading.small_enough_in_process(_padded(data, 3 * 1024 * 1024), detect.DOCX)   # 3 MB inflated, ~10 KB
    assert not reading.small_enough_in_process(LABEL.read_bytes(), detect.PDF)
    assert not reading.small_enough_in_process(b"PK\x03\x04 not a zip", detect.XLSX)

    _limited(monkeypatch)
    sent = []
    monkeypatch.setattr(reading.Reader, "read", lambda self, d, name="", media=None: sent.append(name) or
                        (_ for _ in ()).throw(UnreadableError("子プロセス", "child")))
    result = process([InputFile("kujo.docx", data), InputFile("big.docx", _padded(data, 3 * 1024 * 1024))], "hamada")
    small, big = result.record.documents
    assert small.kind == "complaint_report" and not small.findings
    assert sent == ["big.docx"] and big.findings[0].code == "DOC_UNREADABLE"


def test_the_models_and_a_few_scans_fit_well_under_the_address_space_limit():
    """RLIMIT_AS counts reserved address space: the child caps malloc arenas and thread stacks, so
    the OCR models plus a scan's page analysis fit in 1200 MB (without the caps: ~1500 MB)."""
    scans = [Path("samples/submissions/scans/s8v4r0_shika_clean/IMG_3776.jpg"),
             Path("samples/submissions/scans/s8v4r0_shika_clean/scan_846.pdf")]
    r = reading.Reader(reading.Limits(memory_mb=1200), warm=True)
    try:
        for path in scans + scans:
            layout = r.read(path.read_bytes(), path.name)
            assert layout.pages and layout.pages[0].lines
    finally:
        r.stop()
