"""Photos: a cheap first look decides document page or photo; a photo is read by its text regions only.

The first look runs PP-OCRv6's detector on a copy downscaled to LOOK_SIDE px (≈ 0.1 s): a page has
many text regions, a product or packaging photo none or a few (a printed label on the box); colour
variety and camera EXIF decide the few-region cases. A
grayscale image (an office scanner's output) is a page without looking.

A photo is never upscaled: the area around the first look's text regions is cut from the original,
its lines are detected there at no more than PHOTO_PIXELS, and each line is cut from the original
and given to the recogniser (which scales a line to 48 px height itself), so the work grows with
the text there is, not with the pixels of the scene. No text region: nothing more to do.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from ..layout import Line, Word
from . import registry

LOOK_SIDE = 640          # first-look copy: 0.3 MP, text lines of a phone-photographed A4 page still show
PHOTO_PIXELS = 1_500_000  # working resolution cap (pixels) for detecting lines inside the text area
MIN_PAGE_LINES = 8       # this many text regions (blocks at 640 px) make a page: forms and labels show 11–50
FEW_LINES = 4            # from this many, a grey picture without camera EXIF is a page too
PAGE_MAX_COLOUR = 0.15   # share of saturated pixels: paper is grey or white, a product shot is not
CAMERA_TAGS = (0x010F, 0x0110)   # EXIF Make, Model


@dataclass
class Look:
    photo: bool
    lines: int
    colour: float
    camera: bool
    vertical: bool           # most text regions are taller than wide (縦書き)
    regions: list = None     # text-region quadrilaterals in the original's pixels
    spread: float = 0.0      # share of the picture inside the box around all text regions

    @property
    def reason(self) -> str:
        return (f"{'photo' if self.photo else 'page'}: {self.lines} text regions over {self.spread:.0%}, "
                f"colour {self.colour:.2f}"
                f"{', camera EXIF' if self.camera else ''}{', vertical' if self.vertical else ''}")


GRAY_MODES = ("1", "L", "LA", "I;16", "I")     # an office scanner's output: a page without looking


def _rgb(image: Image.Image | np.ndarray) -> np.ndarray:
    if isinstance(image, np.ndarray):
        return image if image.ndim == 3 else np.ascontiguousarray(np.stack([image] * 3, axis=-1))
    return np.asarray(image if image.mode == "RGB" else image.convert("RGB"))


def rgb_pixels(image: Image.Image) -> np.ndarray | None:
    """The picture as one RGB array, made once for the first look and the reading after it (each
    conversion of a phone photo costs 0.1–0.15 s); None for a grayscale scan."""
    return None if image.mode in GRAY_MODES else _rgb(image)


def _downscale(arr: np.ndarray, side: int) -> tuple[np.ndarray, float]:
    h, w = arr.shape[:2]
    f = min(1.0, side / max(h, w))
    if f == 1.0:
        return arr, 1.0
    return cv2.resize(arr, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA), f


def _text_regions(boxes: list[np.ndarray], shape) -> list[np.ndarray]:
    """Drop what the detector returns for a whole gradient or table top (a region taller than a quarter
    of the picture is not a line of text)."""
    limit = 0.25 * min(shape[:2])
    return [b for b in boxes if min(_extent(b)) < limit]


def _extent(box: np.ndarray) -> tuple[float, float]:
    return float(box[:, 0].max() - box[:, 0].min()), float(box[:, 1].max() - box[:, 1].min())


def first_look(image: Image.Image, rgb: np.ndarray | None = None) -> Look:
    """Document page or photo, from a downscaled copy (`rgb`: the picture's pixels, if made already)."""
    exif = image.getexif() if hasattr(image, "getexif") else {}
    camera = any(exif.get(tag) for tag in CAMERA_TAGS)
    if image.mode in GRAY_MODES:
        return Look(photo=False, lines=-1, colour=0.0, camera=camera, vertical=False)
    small, f = _downscale(rgb if rgb is not None else _rgb(image), LOOK_SIDE)
    colour = float((cv2.cvtColor(small, cv2.COLOR_RGB2HSV)[..., 1] > 60).mean())
    regions = _text_regions(registry.engine("rapidocr").detect(small), small.shape)
    n = len(regions)
    tall = sum(1 for b in regions if _extent(b)[1] > 2 * _extent(b)[0])
    spread = 0.0
    if regions:
        pts = np.concatenate(regions)
        spread = float(np.ptp(pts[:, 0]) * np.ptp(pts[:, 1]) / (small.shape[0] * small.shape[1]))
    # Phone photos of pages come in tinted light on coloured desks, so colour only decides the few-line
    # cases: a grey picture without camera EXIF (a screenshot, a scanner's colour mode) is a page.
    page = n >= MIN_PAGE_LINES or (n >= FEW_LINES and colour < PAGE_MAX_COLOUR and not camera)
    return Look(photo=not page, lines=n, colour=colour, camera=camera, vertical=n > 0 and tall > n / 2,
                regions=[b / f for b in regions], spread=spread)


def _text_area(regions: list[np.ndarray], shape) -> tuple[int, int, int, int]:
    """The rectangle holding every region, with a margin of a region's height for lines the first
    look missed beside them."""
    h, w = shape[:2]
    pts = np.concatenate(regions)
    pad = float(np.median([min(_extent(b)) for b in regions]))
    return (max(0, int(pts[:, 0].min() - pad)), max(0, int(pts[:, 1].min() - pad)),
            min(w, int(pts[:, 0].max() + pad) + 1), min(h, int(pts[:, 1].max() + pad) + 1))


def photo_lines(image: Image.Image | np.ndarray, look: Look | None = None) -> list[Line]:
    """Read a photo's text regions (a PIL image or its RGB pixels); boxes in the original's pixels."""
    if look is None:
        pil = image if isinstance(image, Image.Image) else Image.fromarray(image)
        look = first_look(pil, None if pil.mode in GRAY_MODES else _rgb(image))
    if not look.regions:
        return []
    original = _rgb(image)
    ax, ay, bx, by = _text_area(look.regions, original.shape)
    area = original[ay:by, ax:bx]
    f = min(1.0, (PHOTO_PIXELS / max(1, area.shape[0] * area.shape[1])) ** 0.5)
    work = area if f == 1.0 else cv2.resize(area, (max(1, round(area.shape[1] * f)), max(1, round(area.shape[0] * f))),
                                            interpolation=cv2.INTER_AREA)
    regions = _text_regions(registry.engine("rapidocr").detect(work), work.shape)
    h, w = original.shape[:2]
    crops, boxes = [], []
    for quad in regions:
        quad = quad / f + np.float32([ax, ay])
        x0, y0 = max(0, int(quad[:, 0].min())), max(0, int(quad[:, 1].min()))
        x1, y1 = min(w, int(np.ceil(quad[:, 0].max()))), min(h, int(np.ceil(quad[:, 1].max())))
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        crop = original[y0:y1, x0:x1]
        vertical = (y1 - y0) > 1.5 * (x1 - x0)
        if vertical:                      # 縦書き: turn so the text runs left to right for the recogniser
            crop = np.ascontiguousarray(np.rot90(crop, 1))
        crops.append(crop)
        boxes.append(([float(x0), float(y0), float(x1), float(y1)], vertical))
    lines = []
    for (bbox, vertical), (text, score) in zip(boxes, registry.engine("rapidocr").recognize_crops(crops)):
        text = text.strip()
        if text and score >= 0.5:
            lines.append(Line(text=text, bbox=bbox, confidence=round(score, 3),
                              words=[Word(text=text, bbox=list(bbox), confidence=score)], vertical=vertical))
    return sorted(lines, key=lambda ln: (ln.bbox[1], ln.bbox[0]))
