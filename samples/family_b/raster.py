"""PDF → office scan (300 dpi), fax (200 dpi, 1-bit, streaks, header line), phone photo (perspective, light)."""
from __future__ import annotations

import glob
import os
import subprocess
import tempfile

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .fonts import FONT_FILES


def pdf_pages(pdf: str, dpi: int, gray=True) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as td:
        args = ["pdftoppm", "-r", str(dpi)] + (["-gray"] if gray else []) + [pdf, os.path.join(td, "p")]
        subprocess.run(args, check=True, capture_output=True)
        out = []
        for f in sorted(glob.glob(os.path.join(td, "p*"))):
            im = Image.open(f)
            im.load()
            out.append(im)
        return out


def _noise(a, rng, sigma):
    """additive Gaussian noise (cv2.randn is much faster than numpy for full pages)."""
    return a.astype(np.float32, copy=False) + noise_like(a.shape, sigma, rng)


def noise_like(shape, sigma, rng):
    """Gaussian noise from a random 509x511 tile repeated (fast; the period is invisible at page scale)."""
    th, tw = 509, 511
    tile = rng.standard_normal((th, tw) + tuple(shape[2:]), dtype=np.float32) * np.float32(sigma)
    reps = (-(-shape[0] // th), -(-shape[1] // tw)) + (1,) * (len(shape) - 2)
    return np.tile(tile, reps)[:shape[0], :shape[1]]


def scan(im: Image.Image, rng: np.random.Generator) -> Image.Image:
    a = np.asarray(im.convert("L"), dtype=np.float32)
    h, w = a.shape
    paper = rng.uniform(222, 240)
    a = a * (paper / 255.0) + rng.uniform(2, 8)
    ang = rng.uniform(-1.3, 1.3)
    M = cv2.getRotationMatrix2D((w / 2, h / 2), ang, 1.0)
    M[:, 2] += rng.uniform(-15, 15, 2)
    a = cv2.warpAffine(a, M, (w, h), borderValue=float(paper))
    if rng.random() < 0.5:
        a = cv2.GaussianBlur(a, (3, 3), 0.7)
    a = _noise(a, rng, rng.uniform(3, 7))
    # a darker band at one edge (lid shadow)
    if rng.random() < 0.5:
        band = int(rng.uniform(15, 45))
        a[:, :band] *= np.linspace(0.55, 1, band)[None, :]
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def fax(im: Image.Image, rng: np.random.Generator, header: str) -> Image.Image:
    a = np.asarray(im.convert("L"), dtype=np.float32)
    h, w = a.shape
    ang = rng.uniform(-0.8, 0.8)
    M = cv2.getRotationMatrix2D((w / 2, h / 2), ang, 1.0)
    a = cv2.warpAffine(a, M, (w, h), borderValue=255.0)
    # horizontal resolution loss: fax "fine" mode is ~200x200, "standard" halves vertical resolution
    if rng.random() < 0.4:
        small = cv2.resize(a, (w, h // 2), interpolation=cv2.INTER_AREA)
        a = cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)
    a = _noise(a, rng, 18)
    b = a < rng.uniform(150, 185)
    # salt-and-pepper specks
    specks = rng.random(b.shape) < 0.0015
    b ^= specks
    # vertical streaks from a dirty scanner head, and a horizontal dropout line
    for _ in range(int(rng.integers(1, 4))):
        x = int(rng.integers(0, w))
        b[:, x:x + int(rng.integers(1, 3))] = True
    if rng.random() < 0.5:
        y = int(rng.integers(h // 4, h))
        b[y:y + 2, :] = False
    img = Image.fromarray(np.where(b, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(FONT_FILES["ipaexg"], 22)
    d.rectangle([0, 0, w, 34], fill=255)
    d.text((30, 6), header, fill=0, font=f)
    return img.convert("1")


def photo(im: Image.Image, rng: np.random.Generator, out_w=2000) -> Image.Image:
    page = np.asarray(im.convert("RGB"))
    ph, pw = page.shape[:2]
    W = out_w
    H = int(W * rng.uniform(1.25, 1.38)) if ph > pw else int(W * 0.75)
    # background: a desk (wood-ish or grey) with texture, computed small then enlarged
    sw, sh = W // 8, H // 8
    base = np.array(rng.choice([[120, 90, 60], [80, 80, 85], [150, 140, 125], [60, 50, 40]]), dtype=np.float32)
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    tex = np.sin(xx / rng.uniform(1, 4) + np.sin(yy / 11) * 3) * 10
    bg = np.clip(base[None, None, :] + tex[..., None], 0, 255).astype(np.uint8)
    bg = cv2.resize(bg, (W, H), interpolation=cv2.INTER_LINEAR)
    # destination quad: the page, slightly rotated and in perspective
    s = rng.uniform(0.78, 0.9) * min(W / pw, H / ph)
    cw, chh = pw * s, ph * s
    cx, cy = W / 2 + rng.uniform(-40, 40), H / 2 + rng.uniform(-40, 40)
    j = lambda: rng.uniform(-0.045, 0.045) * W
    dst = np.float32([[cx - cw / 2 + j(), cy - chh / 2 + j()], [cx + cw / 2 + j(), cy - chh / 2 + j()],
                      [cx + cw / 2 + j(), cy + chh / 2 + j()], [cx - cw / 2 + j(), cy + chh / 2 + j()]])
    src = np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]])
    M = cv2.getPerspectiveTransform(src, dst)
    tint = np.array([1.0, rng.uniform(0.97, 1), rng.uniform(0.9, 0.97)], np.float32)
    page = (page * tint).astype(np.uint8)
    out = cv2.warpPerspective(page, M, (W, H), dst=bg.copy(), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_TRANSPARENT)
    # uneven light: a gradient and a soft shadow blob (small, enlarged)
    gx, gy = rng.uniform(-0.35, 0.35), rng.uniform(-0.35, 0.35)
    light = 1 + gx * (xx / sw - 0.5) + gy * (yy / sh - 0.5)
    sx, sy = rng.uniform(0, sw), rng.uniform(0, sh)
    light -= rng.uniform(0.1, 0.3) * np.exp(-(((xx - sx) / (sw * 0.3)) ** 2 + ((yy - sy) / (sh * 0.3)) ** 2))
    light = cv2.resize((light * rng.uniform(0.85, 1.0)).astype(np.float32), (W, H), interpolation=cv2.INTER_LINEAR)
    out = cv2.multiply(out.astype(np.float32), cv2.merge([light, light, light]))
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.6, 1.4))
    out = _noise(out, rng, 4)
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
