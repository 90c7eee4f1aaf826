"""The OCR engine interface and the image conversions every engine shares."""
from __future__ import annotations

from typing import Protocol, Union

import numpy as np
from PIL import Image

from ..layout import Line

ImageLike = Union[Image.Image, np.ndarray]


class OcrEngine(Protocol):
    name: str

    def recognize(self, image: ImageLike) -> list[Line]:
        """Lines (pixel boxes, confidences 0..1) in reading order."""
        ...


def to_gray(image: ImageLike) -> np.ndarray:
    """Any PIL image or array → 8-bit single-channel array."""
    if isinstance(image, Image.Image):
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        arr = np.asarray(image)
    else:
        arr = np.asarray(image)
    if arr.ndim == 3:
        import cv2
        arr = cv2.cvtColor(arr[..., :3], cv2.COLOR_RGB2GRAY)
    if arr.dtype != np.uint8:
        arr = np.clip(arr, 0, 255).astype(np.uint8)
    return arr
