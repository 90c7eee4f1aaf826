"""`intake bench`: what it measures around the runs (CPU of a process tree, peak memory, input kinds)."""
from __future__ import annotations

import os
import time
from pathlib import Path

from intake import bench

DOCX = Path("samples/submissions/s7v4r0_hamada_clean/kujo_hokokusho.docx")
LABEL = Path("samples/submissions/food_label_clean/shokuhin_hyoji.pdf")


def test_cpu_seconds_of_this_process_grow_with_work():
    before = bench._cpu_s(os.getpid())
    end = time.process_time() + 0.2
    while time.process_time() < end:
        pass
    after = bench._cpu_s(os.getpid())
    assert before is not None and after - before >= 0.1
    assert bench._cpu_s(2 ** 22 + 12345) is None          # no such process


def test_peak_memory_is_read_and_can_be_started_again():
    assert bench._hwm_mb(None) > 10
    bench._reset_hwm(os.getpid())                          # Linux: the peak restarts at the current size
    assert bench._hwm_mb(None) > 10


def test_files_without_ground_truth_are_sorted_by_their_sniffed_type(tmp_path):
    assert bench.input_kind(DOCX, DOCX.read_bytes(), {}) == "docx"
    assert bench.input_kind(LABEL, LABEL.read_bytes(), {}) == "pdf"
    png = tmp_path / "page.png"
    from PIL import Image
    Image.new("L", (50, 50), 255).save(png)
    assert bench.input_kind(png, png.read_bytes(), {}) == "scan"


def test_queue_report_shows_cpu_and_cores_used():
    run = {"docs": 3, "seconds": 10.0, "docs_per_min": 18.0, "cpu_s": 12.5, "cores_used": 1.25,
           "latency": {"pdf": {"median_s": 0.2, "p95_s": 0.3}}, "peak_mb": {"worker": 80, "reader": 400}}
    text = bench.format_queue({"embedded+sqlite ×2": run,
                               "text pdf behind scans": {"alone_s": 0.1, "behind_s": 0.15, "scans": 10, "ratio": 1.5}})
    assert "12.5s" in text and "1.25" in text and "400" in text
    assert "behind 10 scans: 0.15s vs 0.10s alone (×1.50)" in text


def test_a_bench_run_on_office_files_gives_ratios_to_their_floors(tmp_path):
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / DOCX.name).write_bytes(DOCX.read_bytes())
    result = bench.run_bench(str(folder), repeat=1)
    row = result["by_input_kind"]["docx"]
    assert row["files"] == 1 and row["median_s"] > 0 and row["python-docx"]["ratio"] > 0
    assert "docx" in bench.format_report(result)
