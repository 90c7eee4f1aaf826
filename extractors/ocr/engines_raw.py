"""The baseline the preprocessing is measured against: `jpn --psm 3` on the image as it is."""
from __future__ import annotations

from ..layout import Line
from .base import ImageLike
from .tesseract import RAW, TesseractEngine


def raw_tesseract(image: ImageLike) -> list[Line]:
    return TesseractEngine(*RAW).recognize(image)
