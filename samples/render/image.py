"""Page images: office scans (tilt, noise, blur, JPEG) and phone photos (perspective, uneven light).

A born-digital page is rendered at 300 dpi with pypdfium2 and then degraded,
so scans carry exactly the content of the PDF they come from.
"""
from __future__ import annotations

import io
import random

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter

DPI = 300


def pages_of(pdf_bytes: bytes, dpi: int = DPI) -> list[Image.Image]:
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


def scan(img: Image.Image, rng: random.Random) -> Image.Image:
    """An office scanner: slight tilt, grey paper, sensor noise, a little blur."""
    g = img.convert("L").rotate(rng.uniform(-1.5, 1.5), resample=Image.BICUBIC, expand=False, fillcolor=255)
    a = np.asarray(g).astype(np.float32)
    a = a * rng.uniform(0.9, 0.97) + rng.uniform(5, 15)
    a += np.random.default_rng(rng.randint(0, 2**31)).normal(0, rng.uniform(3, 9), a.shape)
    g = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    return g.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))


def photo(img: Image.Image, rng: random.Random) -> Image.Image:
    """A phone photo of the page on a desk: perspective, uneven light, softer focus, lower resolution."""
    a = np.asarray(img.convert("RGB"))
    h, w = a.shape[:2]
    pad = int(0.06 * w)
    canvas = np.full((h + 2 * pad, w + 2 * pad, 3), rng.choice([(90, 70, 50), (60, 60, 65), (140, 120, 100)]),
                     np.uint8)
    canvas[pad:pad + h, pad:pad + w] = a
    H, W = canvas.shape[:2]
    j = lambda s: rng.uniform(0, s)  # noqa: E731
    src = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
    d = 0.04
    dst = np.float32([[j(d * W), j(d * H)], [W - j(d * W), j(d * H)], [W - j(d * W), H - j(d * H)],
                      [j(d * W), H - j(d * H)]])
    warped = cv2.warpPerspective(canvas, cv2.getPerspectiveTransform(src, dst), (W, H),
                                 borderMode=cv2.BORDER_REPLICATE)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    cx, cy = rng.uniform(0, W), rng.uniform(0, H)
    light = 1.0 - rng.uniform(0.2, 0.4) * np.sqrt(((xx - cx) / W) ** 2 + ((yy - cy) / H) ** 2)
    lit = np.clip(warped.astype(np.float32) * light[..., None] * rng.uniform(0.9, 1.05), 0, 255).astype(np.uint8)
    out = Image.fromarray(lit).filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.2)))
    scale = rng.uniform(0.7, 0.85)   # a 12 MP phone frames an A4 page at roughly 250 dpi
    return out.resize((int(W * scale), int(H * scale)), Image.LANCZOS)


def encode(img: Image.Image, fmt: str, rng: random.Random) -> bytes:
    buf = io.BytesIO()
    if fmt == "JPEG":
        img.save(buf, "JPEG", quality=rng.randint(70, 90), dpi=(DPI, DPI))
    elif fmt == "PDF":
        img.save(buf, "PDF", resolution=DPI)
    else:
        img.save(buf, fmt, dpi=(DPI, DPI))
    return buf.getvalue()


def scanned_pdf(pages: list[Image.Image]) -> bytes:
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return buf.getvalue()


def product_photo(width: int, height: int, seed: int, quality: int = 92) -> bytes:
    """A plausible product shot: a lit backdrop, a box or jar with soft shading, fine camera grain (JPEG).

    Texture is low-frequency (like cloth or wood), not per-pixel noise, so the
    picture behaves like a photograph for OCR and compression alike.
    """
    rng = random.Random(seed)
    npr = np.random.default_rng(seed)
    yy = np.linspace(0, 1, height)[:, None, None]
    top = np.array([rng.randint(180, 250) for _ in range(3)], np.float32)
    bottom = np.array([rng.randint(60, 160) for _ in range(3)], np.float32)
    a = np.broadcast_to(top * (1 - yy) + bottom * yy, (height, width, 3)).copy()
    small = npr.normal(0, 14, (max(2, height // 12), max(2, width // 12), 3)).astype(np.float32)
    a += cv2.resize(small, (width, height), interpolation=cv2.INTER_CUBIC)
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(1, 3)):
        w, h = int(width * rng.uniform(0.2, 0.4)), int(height * rng.uniform(0.25, 0.5))
        x, y = rng.randint(0, width - w), rng.randint(height // 4, height - h)
        color = tuple(rng.randint(40, 220) for _ in range(3))
        (d.rectangle if rng.random() < 0.6 else d.ellipse)([x, y, x + w, y + h], fill=color, outline=(20, 20, 20))
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    grain = npr.normal(0, 4, (height, width, 1)).astype(np.float32)
    img = Image.fromarray(np.clip(np.asarray(img, np.float32) + grain, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()
