"""Product and packaging photos: synthetic but photo-like pictures (no text, or a little on a shipping label)."""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .fonts import FONT_FILES
from .raster import noise_like


def _bg(rng, W, H):
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    kind = rng.integers(0, 3)
    if kind == 0:   # wood table
        base = np.array([150, 105, 65], np.float32) * rng.uniform(0.7, 1.1)
        grain = np.sin(yy / rng.uniform(6, 14) + 4 * np.sin(xx / rng.uniform(150, 400))) * 14
        img = base + grain[..., None]
    elif kind == 1:  # cloth / paper backdrop with vignette
        base = np.array(rng.choice([[235, 232, 225], [205, 215, 225], [225, 215, 200]]), np.float32)
        img = np.broadcast_to(base, (H, W, 3)).astype(np.float32).copy()
    else:           # tatami-ish
        base = np.array([170, 165, 110], np.float32)
        weave = (np.sin(xx / 3.0) * np.sin(yy / 40.0)) * 10
        img = base + weave[..., None]
    v = 1 - 0.35 * (((xx - W / 2) / W) ** 2 + ((yy - H / 2) / H) ** 2) * 2
    return img * v[..., None]


def _shade_ellipse(img_full, cx, cy, rx, ry, color, rng, highlight=True):
    H, W = img_full.shape[:2]
    x0, x1 = max(0, int(cx - rx - 2)), min(W, int(cx + rx + 3))
    y0, y1 = max(0, int(cy - ry - 2)), min(H, int(cy + ry + 3))
    if x1 <= x0 or y1 <= y0:
        return
    img = img_full[y0:y1, x0:x1]
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    d = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2
    m = np.clip((1 - d) * 6, 0, 1)
    shade = 0.75 + 0.25 * np.clip(1 - ((xx - cx + rx * 0.3) / rx) ** 2 - ((yy - cy + ry * 0.3) / ry) ** 2, 0, 1)
    col = np.array(color, np.float32)[None, None, :] * shade[..., None]
    if highlight:
        hl = np.exp(-(((xx - cx + rx * 0.35) / (rx * 0.18)) ** 2 + ((yy - cy + ry * 0.35) / (ry * 0.12)) ** 2))
        col = col + 90 * hl[..., None]
    img[:] = img * (1 - m[..., None]) + col * m[..., None]


def _finish(img, rng, blur):
    """lens softness and sensor noise (the noise also keeps full-size JPEGs above 1 MB, as real photos are)."""
    out = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.8, blur))
    n = noise_like(out.shape, float(rng.uniform(4.5, 7)), rng)
    return Image.fromarray(np.clip(out + n, 0, 255).astype(np.uint8))


def product(rng: np.random.Generator, W: int, H: int) -> Image.Image:
    s = 4 if W * H > 2_000_000 else 1      # draw at a lower resolution, then upscale + fine noise
    w, h = W // s, H // s
    img = _bg(rng, w, h)
    cx, cy = w / 2 + rng.uniform(-w * .08, w * .08), h / 2 + rng.uniform(-h * .05, h * .08)
    r = min(w, h) * rng.uniform(0.28, 0.38)
    kind = rng.integers(0, 3)
    # soft shadow
    _shade_ellipse(img, cx + r * 0.12, cy + r * 0.15, r * 1.05, r * 0.75, [40, 35, 30], rng, False)
    if kind == 0:   # a plate of food
        _shade_ellipse(img, cx, cy, r, r * 0.72, [245, 245, 240], rng)
        palette = rng.choice([[[200, 120, 60], [230, 180, 90], [120, 160, 60]],
                              [[230, 100, 90], [250, 200, 180], [240, 240, 230]],
                              [[120, 70, 40], [200, 160, 100], [60, 120, 50]]])
        for _ in range(int(rng.integers(5, 11))):
            a = rng.uniform(0, 2 * np.pi)
            d = rng.uniform(0, r * 0.5)
            _shade_ellipse(img, cx + d * np.cos(a), cy + d * np.sin(a) * 0.7, r * rng.uniform(.15, .3),
                           r * rng.uniform(.1, .2), palette[int(rng.integers(0, 3))], rng)
    elif kind == 1:  # a bottle
        bw, bh = r * 0.45, r * 1.7
        x0, y0 = int(cx - bw / 2), int(cy - bh / 2)
        col = np.array(rng.choice([[40, 90, 50], [110, 60, 30], [30, 30, 35], [180, 200, 210]]), np.float32)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        body = (abs(xx - cx) < bw / 2) & (yy > y0 + bh * 0.3) & (yy < y0 + bh)
        neck = (abs(xx - cx) < bw / 6) & (yy > y0) & (yy <= y0 + bh * 0.3)
        m = body | neck
        shade = 0.6 + 0.4 * np.cos((xx - cx) / (bw / 2) * 1.3)
        img[m] = (col[None, :] * shade[m][:, None])
        lab = (abs(xx - cx) < bw / 2 - 2) & (yy > y0 + bh * 0.55) & (yy < y0 + bh * 0.8)
        img[lab] = np.array([235, 225, 200], np.float32) * shade[lab][:, None]
    else:            # a gift box with ribbon
        bw, bh = r * 1.6, r * 1.1
        x0, y0 = int(cx - bw / 2), int(cy - bh / 2)
        col = np.array(rng.choice([[180, 40, 40], [230, 220, 200], [40, 60, 120], [200, 160, 60]]), np.float32)
        img[y0:int(y0 + bh), x0:int(x0 + bw)] = col * rng.uniform(0.85, 1.0)
        img[y0:int(y0 + bh * 0.15), x0:int(x0 + bw)] = col * 1.1
        rc = np.array([230, 200, 80], np.float32)
        img[y0:int(y0 + bh), int(cx - bw * .04):int(cx + bw * .04)] = rc
        img[int(cy - bh * .05):int(cy + bh * .05), x0:int(x0 + bw)] = rc
    img = np.clip(img, 0, 255).astype(np.uint8)
    if s > 1:
        img = cv2.resize(img, (W, H), interpolation=cv2.INTER_CUBIC)
    return _finish(img, rng, 1.6)


def packaging(rng: np.random.Generator, W: int, H: int, label_text: str | None) -> Image.Image:
    s = 4 if W * H > 2_000_000 else 1
    w, h = W // s, H // s
    img = _bg(rng, w, h)
    # a cardboard box in light perspective
    bw, bh = w * rng.uniform(0.5, 0.62), h * rng.uniform(0.42, 0.55)
    cx, cy = w / 2, h / 2 + h * 0.05
    top = np.float32([[cx - bw / 2, cy - bh / 2], [cx + bw / 2, cy - bh / 2],
                      [cx + bw / 2 + bw * .12, cy - bh / 2 - bh * .28], [cx - bw / 2 + bw * .12, cy - bh / 2 - bh * .28]])
    front = np.float32([[cx - bw / 2, cy - bh / 2], [cx + bw / 2, cy - bh / 2], [cx + bw / 2, cy + bh / 2],
                        [cx - bw / 2, cy + bh / 2]])
    side = np.float32([[cx + bw / 2, cy - bh / 2], [cx + bw / 2 + bw * .12, cy - bh / 2 - bh * .28],
                       [cx + bw / 2 + bw * .12, cy + bh / 2 - bh * .28], [cx + bw / 2, cy + bh / 2]])
    card = np.array([190, 150, 100], np.float32) * rng.uniform(0.85, 1.05)
    im8 = np.clip(img, 0, 255).astype(np.uint8)
    cv2.fillPoly(im8, [front.astype(np.int32)], tuple(int(v) for v in card))
    cv2.fillPoly(im8, [top.astype(np.int32)], tuple(int(v) for v in card * 1.12))
    cv2.fillPoly(im8, [side.astype(np.int32)], tuple(int(v) for v in card * 0.75))
    tape = (int(cx - bw * 0.06), int(cx + bw * 0.06))
    cv2.rectangle(im8, (tape[0], int(cy - bh / 2)), (tape[1], int(cy + bh / 2)), (205, 180, 140), -1)
    pil = Image.fromarray(im8)
    if label_text:
        d = ImageDraw.Draw(pil)
        lx, ly = int(cx - bw * 0.42), int(cy - bh * 0.1)
        d.rectangle([lx, ly, lx + int(bw * 0.3), ly + int(bh * 0.35)], fill=(245, 245, 240))
        f = ImageFont.truetype(FONT_FILES["ipaexg"], max(8, int(bh * 0.045)))
        d.text((lx + 6, ly + 6), label_text, fill=(40, 40, 40), font=f)
    img = np.asarray(pil)
    if s > 1:
        img = cv2.resize(img, (W, H), interpolation=cv2.INTER_CUBIC)
    return _finish(np.ascontiguousarray(img), rng, 1.5)
