"""rapidocr 3.10 with the PP-OCRv6 det/rec ONNX models shipped in its wheel (paths pinned: nothing is
downloaded at run time). One engine per process, created lazily (model load ≈ 1 s)."""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..layout import Line, Word
from .base import ImageLike, to_gray
from .registry import register

_LOCK = threading.Lock()


def _threads() -> int:
    """onnxruntime threads per process (intra-op): the registry's share of the cores."""
    from .registry import threads
    return threads()


def _models_dir() -> Path:
    import rapidocr
    return Path(rapidocr.__file__).parent / "models"


def _without_spinning() -> None:
    """onnxruntime's pool threads spin between operators by default; with two threads on a shared
    2-core host that costs 35 % more CPU for detection and twice the CPU for recognition, for no
    shorter wall time (measured on PP-OCRv6 det/rec). Our sessions wait instead of spinning."""
    from rapidocr.inference_engine.onnxruntime import main as ort_main
    cls = ort_main.OrtInferSession
    original = cls._init_sess_opts
    if getattr(original, "waits", False):
        return

    def options(cfg):
        opts = original(cfg)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return opts
    options.waits = True
    cls._init_sess_opts = staticmethod(options)


@lru_cache(maxsize=1)
def _engine():
    from rapidocr import RapidOCR
    _without_spinning()
    models = _models_dir()
    params = {
        "Global.log_level": "error",
        "Global.use_cls": False,                 # pages are deskewed upright already
        "Det.model_path": str(models / "PP-OCRv6_det_small.onnx"),
        "Rec.model_path": str(models / "PP-OCRv6_rec_small.onnx"),
        "Cls.model_path": str(models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx"),
        "EngineConfig.onnxruntime.intra_op_num_threads": _threads(),
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    for key in ("Det.model_path", "Rec.model_path"):
        if not Path(params[key]).exists():
            raise RuntimeError(f"rapidocr model missing: {params[key]}")
    return RapidOCR(params=params)


@lru_cache(maxsize=1)
def _detector():
    """Detection only, at the size it is given (the caller downscales): rapidocr's own default
    scales every image up to a 736-px short side, which makes a first look cost a full page."""
    from rapidocr import RapidOCR
    _without_spinning()
    models = _models_dir()
    return RapidOCR(params={
        "Global.log_level": "error", "Global.use_cls": False, "Global.use_rec": False,
        "Global.max_side_len": 100_000, "Global.min_side_len": 1,
        "Det.model_path": str(models / "PP-OCRv6_det_small.onnx"),
        "Det.limit_type": "max", "Det.limit_side_len": 100_000,
        "Rec.model_path": str(models / "PP-OCRv6_rec_small.onnx"),
        "Cls.model_path": str(models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx"),
        "EngineConfig.onnxruntime.intra_op_num_threads": _threads(),
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })


def _rgb(image: ImageLike) -> np.ndarray:
    gray = to_gray(image)
    return np.ascontiguousarray(np.stack([gray] * 3, axis=-1))


class RapidEngine:
    """Detection + recognition on the whole page; recognition of line crops; detection alone."""

    name = "rapidocr"

    def warm(self) -> None:
        """Load the models now (rapidocr loads each on first use): one tiny detection and recognition."""
        blank = np.full((32, 96), 255, np.uint8)
        detect(blank)
        recognize_crops([blank])

    def recognize(self, image: ImageLike) -> list[Line]:
        with _LOCK:
            out = _engine()(_rgb(image), use_det=True, use_cls=False, use_rec=True)  # flags persist per call
        if out.boxes is None or out.txts is None:
            return []
        lines = []
        for poly, text, score in zip(out.boxes, out.txts, out.scores):
            poly = np.asarray(poly)
            bbox = [float(poly[:, 0].min()), float(poly[:, 1].min()), float(poly[:, 0].max()), float(poly[:, 1].max())]
            lines.append(Line(text=text, bbox=bbox, confidence=round(float(score), 3),
                              words=[Word(text=text, bbox=bbox, confidence=float(score))]))
        return sorted(lines, key=lambda ln: (round(ln.bbox[1] / 20), ln.bbox[0]))


    def recognize_crops(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        return recognize_crops(crops)

    def detect(self, image: ImageLike) -> list[np.ndarray]:
        return detect(image)


def recognize_crops(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Recognition only, for line crops (the combiner's second opinion)."""
    if not crops:
        return []
    results = []
    with _LOCK:
        engine = _engine()
        for crop in crops:
            out = engine(_rgb(crop), use_det=False, use_cls=False, use_rec=True)
            txts = getattr(out, "txts", None) or ("",)
            scores = getattr(out, "scores", None) or (0.0,)
            results.append((txts[0], float(scores[0])))
    return results


def detect(image: ImageLike) -> list[np.ndarray]:
    """Detection only (PP-OCRv6's DB detector) at the image's own size: text-line quadrilaterals."""
    with _LOCK:
        out = _detector()(_rgb(image), use_det=True, use_cls=False, use_rec=False)
    boxes = getattr(out, "boxes", None)
    return [] if boxes is None else [np.asarray(b, dtype=np.float32) for b in boxes]


register("rapidocr", RapidEngine)
