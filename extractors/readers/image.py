"""JPEG/PNG/TIFF/WebP/HEIC → Layout: EXIF rotation applied, every TIFF frame a page, each page OCR'd.
Pixel counts are checked before decoding (decompression bombs). HEIC/HEIF (iPhone photos) open
through pillow-heif, which applies the file's own rotation and leaves EXIF orientation at 1."""
from __future__ import annotations

import io
import warnings

import pillow_heif
from PIL import Image, ImageOps, ImageSequence

from .. import limits, seals
from ..errors import unreadable
from ..layout import Layout

pillow_heif.register_heif_opener()     # Image.open reads HEIC/HEIF here and in the page viewer


def read_image(data: bytes) -> Layout:
    from ..ocr.page import ocr_frame
    from ..ocr.registry import Beside
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError as e:
            raise unreadable("bomb", str(e)) from None
        except Image.DecompressionBombWarning as e:
            raise unreadable("bomb", str(e)) from None
        except (OSError, SyntaxError, ValueError) as e:
            raise unreadable("corrupt", f"image: {e}") from None
        width, height = img.size
        if width * height > limits.MAX_IMAGE_PIXELS:
            raise unreadable("bomb", f"{width}x{height} px")
        n_frames = getattr(img, "n_frames", 1)
        if n_frames > limits.MAX_PAGES:
            raise unreadable("too_many_pages", f"{n_frames} frames")
        fmt = img.format
        dpi = img.info.get("dpi")
        pages, stamps = [], []
        try:
            for number, frame in enumerate(ImageSequence.Iterator(img), start=1):
                ImageOps.exif_transpose(frame, in_place=True)    # no copy of an upright picture
                frame.load()                     # decoded once, before two threads look at it
                stamp = Beside(seals.find, frame)    # seals are looked for while the page is prepared
                pages.append(ocr_frame(frame, number))
                stamps.append(stamp.result())
                limits.page_done(number)
        except (OSError, SyntaxError, ValueError, EOFError) as e:
            raise unreadable("corrupt", f"image: {e}") from None
    first = pages[0]
    meta = {"width": int(first.width), "height": int(first.height), "format": fmt, "bytes": len(data),
            "frames": n_frames}
    if dpi:
        meta["dpi"] = [float(v) for v in dpi][:2]
    if any(s is not None for s in stamps):
        meta["seals"] = stamps           # per page: red seal boxes (shares of the page), None: cannot tell
    return Layout(media_type="", pages=pages, method="ocr", metadata=meta)
