"""Hand-built PDFs holding one page image, the way scanners and fax-to-PDF tools write them, with
each filter, Decode array, mask, /Rotate and placement matrix under the test's control."""
from __future__ import annotations

import io
import zlib

import numpy as np
from PIL import Image


def page_image(w: int = 620, h: int = 877, seed: int = 0) -> np.ndarray:
    """A gray page with dark marks of every size, edges at odd pixels (so any shift or flip shows)."""
    rng = np.random.default_rng(seed)
    img = np.full((h, w), 255, np.uint8)
    for _ in range(120):
        x, y = int(rng.integers(0, w - 40)), int(rng.integers(0, h - 20))
        img[y:y + int(rng.integers(2, 20)), x:x + int(rng.integers(2, 40))] = int(rng.integers(0, 120))
    img[:, : w // 7] = np.minimum(img[:, : w // 7], 200)      # a shaded left margin: orientation shows
    return img


def encode(img: np.ndarray, kind: str) -> tuple[bytes, dict]:
    """The stream bytes and the image dictionary's entries for one encoding of a gray page."""
    h, w = img.shape
    if kind == "jpeg":
        buf = io.BytesIO()
        Image.fromarray(img).save(buf, "JPEG", quality=90)
        return buf.getvalue(), {"Filter": "/DCTDecode", "ColorSpace": "/DeviceGray", "BitsPerComponent": 8}
    if kind == "jpeg_rgb":
        buf = io.BytesIO()
        rgb = np.dstack([img, np.roll(img, 3, axis=1), 255 - (255 - img) // 2])
        Image.fromarray(rgb).save(buf, "JPEG", quality=90)
        return buf.getvalue(), {"Filter": "/DCTDecode", "ColorSpace": "/DeviceRGB", "BitsPerComponent": 8}
    if kind == "flate":
        return zlib.compress(img.tobytes()), {"Filter": "/FlateDecode", "ColorSpace": "/DeviceGray",
                                              "BitsPerComponent": 8}
    if kind == "flate_inverted":                                 # stored negative, /Decode [1 0]
        return zlib.compress((255 - img).tobytes()), {"Filter": "/FlateDecode", "ColorSpace": "/DeviceGray",
                                                      "BitsPerComponent": 8, "Decode": "[1 0]"}
    bits = img >= 128                                             # 1 = white in a DeviceGray 1-bit image
    if kind == "flate1":
        return zlib.compress(np.packbits(bits, axis=1).tobytes()), {
            "Filter": "/FlateDecode", "ColorSpace": "/DeviceGray", "BitsPerComponent": 1}
    if kind == "flate1_inverted":                                # stored 1 = black, /Decode [1 0]
        return zlib.compress(np.packbits(~bits, axis=1).tobytes()), {
            "Filter": "/FlateDecode", "ColorSpace": "/DeviceGray", "BitsPerComponent": 1, "Decode": "[1 0]"}
    if kind == "mask":                                           # stencil mask: 0 paints the fill colour
        return zlib.compress(np.packbits(bits, axis=1).tobytes()), {
            "Filter": "/FlateDecode", "ImageMask": "true", "BitsPerComponent": 1}
    if kind in ("g4", "g4_blackis1"):
        return _g4(bits), {"Filter": "/CCITTFaxDecode", "ColorSpace": "/DeviceGray", "BitsPerComponent": 1,
                           "DecodeParms": f"<< /K -1 /Columns {w} /Rows {h}"
                                          f"{' /BlackIs1 true' if kind == 'g4_blackis1' else ''} >>",
                           **({"Decode": "[1 0]"} if kind == "g4_blackis1" else {})}
    if kind == "jbig2":
        return _jbig2(bits), {"Filter": "/JBIG2Decode", "ColorSpace": "/DeviceGray", "BitsPerComponent": 1}
    raise ValueError(kind)


def _jbig2(white: np.ndarray) -> bytes:
    """Embedded JBIG2 (no file header): a page information segment and one immediate generic region
    coded with MMR, which is CCITT G4 (white runs first)."""
    import struct
    h, w = white.shape

    def segment(number: int, kind: int, data: bytes) -> bytes:
        return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data
    page = struct.pack(">IIIIBH", w, h, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", w, h, 0, 0, 0) + bytes([1]) + _g4(white)   # flags: MMR
    return segment(0, 48, page) + segment(1, 38, region)


def _g4(white: np.ndarray) -> bytes:
    """CCITT G4 data of a bilevel page (libtiff via Pillow, one strip, so the strip is the stream)."""
    buf = io.BytesIO()
    # libtiff codes 0-bits as white runs and Pillow writes 0 = black: hand it the negative
    Image.fromarray(~white).convert("1").save(buf, "TIFF", compression="group4",
                                             tiffinfo={278: white.shape[0]})
    tif = Image.open(io.BytesIO(buf.getvalue()))
    offsets, counts = tif.tag_v2[273], tif.tag_v2[279]
    assert len(offsets) == 1, "expected one strip"
    return buf.getvalue()[offsets[0]:offsets[0] + counts[0]]


def scan_pdf(img: np.ndarray, kind: str = "jpeg", dpi: float = 150, rotate: int = 0,
             cm: tuple | None = None, media: tuple | None = None, extra: bytes = b"",
             images: int = 1, fill: str = "0 g") -> bytes:
    """A one-page PDF whose content draws the image `images` times with `cm` (default: the whole
    MediaBox), after `extra` content; `media` overrides the page box (points)."""
    h, w = img.shape
    pw, ph = w * 72 / dpi, h * 72 / dpi
    media = media or (0, 0, pw, ph)
    cm = cm or (media[2] - media[0], 0, 0, media[3] - media[1], media[0], media[1])
    data, entries = encode(img, kind)
    draw = b"".join(b"q %s %s cm /Im0 Do Q\n" % (fill.encode(), " ".join(f"{v:.4f}" for v in cm).encode())
                    for _ in range(images))
    content = extra + draw
    dict_entries = "".join(f" /{k} {v}" for k, v in entries.items())
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [{' '.join(f'{v:.4f}' for v in media)}]"
         f" /Rotate {rotate} /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>").encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        (f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h}{dict_entries}"
         f" /Length {len(data)} >>\nstream\n").encode() + data + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()
