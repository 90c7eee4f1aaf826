"""Fonts: printed (TrueType only, reportlab can embed them) and handwriting/brush ones, with per-character fallback."""
from __future__ import annotations

import os
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_FILES = {
    "ipaexg": "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "ipaexm": "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
    "vlg": "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf",
    "vlpg": "/usr/share/fonts/truetype/vlgothic/VL-PGothic-Regular.ttf",
    "seto": "/usr/share/fonts/truetype/seto/setofont.ttf",           # fonts-seto (handwriting)
    "kiloji": "/usr/share/fonts/truetype/kiloji/kiloji.ttf",          # fonts-kiloji (longhand)
    "kouzan": "/usr/share/fonts/truetype/kouzan-mouhitsu/kouzan-mouhitsu.ttf",  # fonts-kouzan-mouhitsu (brush)
}
# what a missing font falls back to
SUBST = {"vlg": "ipaexg", "vlpg": "ipaexg", "seto": "ipaexm", "kiloji": "ipaexm", "kouzan": "ipaexm"}
FALLBACK_CHAIN = ["ipaexg", "vlg"]
DOCX_NAMES = {"ipaexg": "IPAexGothic", "ipaexm": "IPAexMincho", "vlg": "VL Gothic", "vlpg": "VL PGothic",
              "seto": "SetoFont", "kiloji": "kiloji", "kouzan": "KouzanBrushFont"}


@lru_cache(maxsize=None)
def available(name: str) -> bool:
    return os.path.exists(FONT_FILES.get(name, ""))


def resolve(name: str) -> str:
    while not available(name):
        name = SUBST.get(name, "ipaexg")
    return name


@lru_cache(maxsize=None)
def register(name: str) -> str:
    name = resolve(name)
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, FONT_FILES[name]))
    return name


@lru_cache(maxsize=None)
def cmap(name: str) -> frozenset:
    register(name)
    return frozenset(pdfmetrics.getFont(resolve(name)).face.charToGlyph.keys())


def font_for(ch: str, name: str) -> str:
    name = resolve(name)
    if ch in " 　" or ord(ch) in cmap(name):
        return name
    for alt in FALLBACK_CHAIN:
        if available(alt) and ord(ch) in cmap(alt):
            return register(alt)
    return register("ipaexg")


def runs(text: str, name: str):
    """split text into (font, chunk) runs, each chunk fully covered by its font."""
    out = []
    for ch in text:
        f = font_for(ch, name)
        if out and out[-1][0] == f:
            out[-1][1] += ch
        else:
            out.append([f, ch])
    return out


def width(text: str, name: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(t, register(f), size) for f, t in runs(text, name))


def has_all(text: str, name: str) -> bool:
    m = cmap(name)
    return all(ord(c) in m or c in " 　" for c in text)
