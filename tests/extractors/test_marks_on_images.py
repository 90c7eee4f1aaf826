"""○/◎ marks and ■-bulleted rows on page images, on family-B documents (built-with split) and on
glyphs drawn here: a mark the recogniser drops or misreads is found by shape and put back."""
from __future__ import annotations

import collections
import json
import os

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.fields import extract
from extractors.ocr.rings import find_rings, put_rings
from extractors.layout import Line
from extractors.reader import read
from samples.compare import same

FONT = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"

# (profile, input kind, kind): the choice fields its forms mark with ◎ before the chosen option
CHOICES = [
    ("hamada", "fax", "application", ["product.category", "shipping.temperature", "shipping.year_round"]),
    ("ishigaki", "fax", "application", ["shipping.temperature", "shipping.year_round"]),
]


@pytest.fixture(scope="module")
def dev_images(family_b_small_dev):
    """The image documents of a small family-B dev set: (profile, input kind, kind, path, truth)."""
    out = family_b_small_dev
    docs = []
    for sub in sorted(os.listdir(out)):
        with open(os.path.join(out, sub, "truth.json"), encoding="utf-8") as f:
            truth = json.load(f)
        for name, doc in truth["documents"].items():
            if doc["input_kind"] in ("fax", "scan", "photo"):
                docs.append((truth["profile"], doc["input_kind"], doc["kind"], os.path.join(out, sub, name), doc))
    return docs


@pytest.mark.parametrize("profile,input_kind,kind,keys", CHOICES)
def test_marked_choices_read_on_faxes(dev_images, profile, input_kind, kind, keys):
    docs = [d for d in dev_images if d[:3] == (profile, input_kind, kind)]
    assert docs, f"the dev set has no {profile} {kind} as {input_kind}"
    for *_, path, truth in docs:
        with open(path, "rb") as f:
            got = extract(kind, read(f.read(), os.path.basename(path)), os.path.basename(path))
        for key in keys:
            if key in truth["fields"]:
                assert key in got and same(truth["fields"][key], got[key].value), (path, key, got.get(key))


def test_every_row_read_once(dev_images):
    """Rows re-read for their boxes (■ bullets, □ options) come back once each, where they stand."""
    for profile, ik, kind, path, _ in dev_images:
        if kind != "application" or ik != "fax":
            continue
        with open(path, "rb") as f:
            layout = read(f.read(), os.path.basename(path))
        for page in layout.pages:
            texts = collections.Counter(ln.text for ln in page.lines if len(ln.text) > 6)
            assert not [t for t, n in texts.items() if n > 1], (path, texts.most_common(3))


def _glyphs(text: str, size: int = 40) -> np.ndarray:
    img = Image.new("L", (size * (len(text) + 2), size * 2), 255)
    ImageDraw.Draw(img).text((size, size // 2), text, font=ImageFont.truetype(FONT, size), fill=0)
    return (np.array(img) > 128).astype(np.uint8) * 255


@pytest.mark.parametrize("text,want", [
    ("○", "○"), ("◎", "◎"), ("●", "●"), ("・", ""), ("・●", "●"), ("□", ""), ("口", ""), ("日", ""), ("品", ""), ("回", ""), ("O", ""), ("0", ""),
    ("■", ""), ("田", ""), ("〒", ""),
])
def test_rings_by_shape(text, want):
    rings = find_rings(_glyphs(text), char_px=40)
    assert "".join(r.glyph for r in rings) == want


def test_ring_goes_before_the_option_it_marks():
    ring = find_rings(_glyphs("◎"), char_px=40)[0]
    x1 = ring.bbox[2]
    chosen = Line(text="冷蔵", bbox=[x1 + 8, ring.bbox[1], x1 + 90, ring.bbox[3]])
    misread = Line(text="⑧通年", bbox=[ring.bbox[0] - 2, ring.bbox[1] + 200, x1 + 90, ring.bbox[3] + 200])
    ring_low = type(ring)([ring.bbox[0], ring.bbox[1] + 200, ring.bbox[2], ring.bbox[3] + 200], "◎")
    alone = type(ring)([ring.bbox[0] + 600, ring.bbox[1], ring.bbox[2] + 600, ring.bbox[3]], "○")
    lines = put_rings([chosen, misread], [ring, ring_low, alone], char_px=40)
    assert [ln.text for ln in lines] == ["◎冷蔵", "◎通年", "○"]
