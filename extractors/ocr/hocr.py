"""Tesseract hOCR (with `hocr_char_boxes=1`) → Lines of OcrWords that keep their character boxes,
so words can be cut exactly where a table border or a checkbox sits."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..layout import Line, Word

_BBOX = re.compile(r"(?:bbox|x_bboxes) (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_WCONF = re.compile(r"x_w?conf (-?[\d.]+)")
LINE_CLASSES = {"ocr_line", "ocr_textfloat", "ocr_header", "ocr_caption"}


@dataclass
class OcrWord(Word):
    chars: list = field(default_factory=list)      # [(char, bbox, confidence)]


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lines: list[list[OcrWord]] = []
        self.stack: list[str] = []
        self.word: OcrWord | None = None
        self.char: tuple | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls, title = a.get("class", ""), a.get("title", "")
        self.stack.append(cls)
        if cls in LINE_CLASSES:
            self.lines.append([])
        elif cls == "ocrx_word" and self.lines:
            box, conf = _BBOX.search(title), _WCONF.search(title)
            self.word = OcrWord(text="", bbox=[float(v) for v in box.groups()] if box else [0, 0, 0, 0],
                                confidence=float(conf.group(1)) / 100 if conf else 0.0)
            self.lines[-1].append(self.word)
        elif cls == "ocrx_cinfo" and self.word is not None:
            box, conf = _BBOX.search(title), _WCONF.search(title)
            self.char = ([float(v) for v in box.groups()] if box else list(self.word.bbox),
                         float(conf.group(1)) / 100 if conf else self.word.confidence)

    def handle_endtag(self, tag):
        cls = self.stack.pop() if self.stack else ""
        if cls == "ocrx_word":
            self.word = None
        elif cls == "ocrx_cinfo":
            self.char = None

    def handle_data(self, data):
        if self.word is None or not data.strip():
            return
        text = data.strip()
        self.word.text += text
        if self.char is not None:
            self.word.chars.append((text, self.char[0], self.char[1]))
        else:
            self.word.chars.append((text, list(self.word.bbox), self.word.confidence))


def words_by_line(hocr: bytes | str) -> list[list[OcrWord]]:
    parser = _Parser()
    parser.feed(hocr.decode("utf-8", "replace") if isinstance(hocr, bytes) else hocr)
    return [[w for w in line if w.text.strip() and w.confidence >= 0] for line in parser.lines]


def cut_word(word: Word, pieces_of) -> list[Word]:
    """Split a word where `pieces_of(char_bbox)` changes (a cell or box id); plain Words pass through."""
    chars = getattr(word, "chars", None)
    if not chars or len(chars) < 2:
        return [word]
    groups: list[list] = [[chars[0]]]
    for ch in chars[1:]:
        if pieces_of(ch[1]) != pieces_of(groups[-1][-1][1]):
            groups.append([])
        groups[-1].append(ch)
    if len(groups) == 1:
        return [word]
    return [_word(g) for g in groups]


def _word(chars) -> OcrWord:
    box = [min(c[1][0] for c in chars), min(c[1][1] for c in chars),
           max(c[1][2] for c in chars), max(c[1][3] for c in chars)]
    conf = sum(c[2] for c in chars) / len(chars)
    return OcrWord(text="".join(c[0] for c in chars), bbox=box, confidence=round(conf, 3), chars=list(chars))


def plain(word: Word) -> Word:
    """Drop the character boxes before the Layout leaves the OCR package."""
    return Word(text=word.text, bbox=word.bbox, confidence=word.confidence)
