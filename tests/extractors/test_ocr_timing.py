"""How OCR time is counted (the bench's engine share) and how many threads one process's OCR takes."""
import time

import cv2
import numpy as np

from extractors.ocr import registry


class _Started:
    """A background engine run that took `ran_s` by itself, however long the caller waited."""

    def __init__(self, ran_s):
        self.ran_s = ran_s

    def result(self):
        return ["line"]


class _BackgroundEngine:
    name = "background-test"

    def start(self, image):
        return _Started(0.5)

    def recognize(self, image):
        time.sleep(0.05)
        return []


def test_an_engine_run_in_the_background_counts_its_own_time_not_the_wait(monkeypatch):
    monkeypatch.setitem(registry._FACTORIES, "background-test", _BackgroundEngine)
    monkeypatch.delitem(registry._INSTANCES, "background-test", raising=False)
    engine = registry.engine("background-test")
    registry.reset_timing()
    pending = engine.start(np.zeros((4, 4), np.uint8))
    assert registry.engine_seconds() == 0.0          # nothing counted while it runs beside the page analysis
    assert pending.result() == ["line"]
    assert registry.engine_seconds() == 0.5
    engine.recognize(None)                            # a plain call counts its wall time
    assert 0.54 <= registry.engine_seconds() < 1.0
    registry._INSTANCES.pop("background-test", None)


def test_tesseract_reports_its_own_run_time(tmp_path):
    page = np.full((120, 400), 255, np.uint8)
    cv2.putText(page, "12345", (20, 80), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 4)
    pending = registry.engine("tesseract").start(page)
    pending.result()
    assert 0.0 < pending.ran_s < 60


def test_opencv_takes_the_process_share_of_threads(monkeypatch):
    before = cv2.getNumThreads()
    try:
        monkeypatch.setenv("INTAKE_OCR_THREADS", "1")
        registry.limit_threads()
        assert registry.threads() == 1 and cv2.getNumThreads() == 1
        monkeypatch.setenv("INTAKE_OCR_THREADS", "nonsense")
        assert registry.threads() == 2
    finally:
        cv2.setNumThreads(before)


def test_onnxruntime_sessions_wait_instead_of_spinning():
    from rapidocr.inference_engine.onnxruntime.main import OrtInferSession

    from extractors.ocr import rapid

    class Config(dict):
        enable_cpu_mem_arena = False

    rapid._without_spinning()
    rapid._without_spinning()                    # once only, however often engines are made
    opts = OrtInferSession._init_sess_opts(Config(intra_op_num_threads=1))
    assert opts.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert opts.intra_op_num_threads == 1
