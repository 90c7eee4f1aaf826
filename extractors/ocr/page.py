"""One page image → Page: preprocess, recognise, then tables, checkboxes and key–value pairs."""
from __future__ import annotations

from PIL import Image

from ..kv import kvs_from_lines
from ..layout import Page
from .tesseract import TesseractEngine


def ocr_image(image: Image.Image, number: int = 1) -> Page:
    engine = TesseractEngine()
    lines = engine.recognize(image)
    return Page(number=number, width=image.width, height=image.height, unit="px", method="ocr",
                lines=lines, kvs=kvs_from_lines(lines))
