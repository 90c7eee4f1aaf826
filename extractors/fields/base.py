"""Reading values by their labels: label/value pairs from kvs, table rows and lines.

Suppliers move cells, rename labels and switch between Excel, Word and paper,
so a value is found by its label (and synonyms from data/fields.yaml) and the
cell or text beside it, never by coordinates.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from intake.records import FieldValue

from intake.domain import jp, places
from ..layout import BBox, Layout, Page

_DATA = Path(__file__).resolve().parent.parent / "data" / "fields.yaml"
CHECK_ON = "■☑☒✓✔●◉▣"
CHECK_OFF = "□☐○◯"
_NOTE = re.compile(r"[※*].*$")
_BRACKETS = re.compile(r"^[●◆■□【\[(（]+|[】\])）:：]+$")


@lru_cache(maxsize=1)
def labels() -> dict:
    return yaml.safe_load(_DATA.read_text(encoding="utf-8"))


def norm_key(text: str) -> str:
    """A label as printed -> comparable form (no spaces, notes, brackets or kana voicing marks).

    Voicing marks go because OCR confuses ぱ/ば/は (たんばく質 for たんぱく質); no two
    labels of a form differ only by them.
    """
    k = _NOTE.sub("", jp.squash(text))
    k = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", k) if c not in "\u3099\u309a"))
    return _BRACKETS.sub("", k)


def clean(text: str | None) -> str:
    """NFKC, wrapped lines joined, runs of spaces collapsed."""
    s = jp.nfkc(text)
    s = re.sub(r"\s*\n\s*", "", s)
    return re.sub(r"[ \u3000]+", " ", s).strip()


_COLON = re.compile(r"^\s*([^：:]{1,24}?)\s*[：:]\s*(.+)$")


def _union(a: BBox | None, b: BBox | None) -> BBox | None:
    if not a or not b:
        return a or b
    return [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]


@dataclass
class Hit:
    key: str
    value: str
    page: Page
    bbox: BBox | None
    confidence: float
    order: int


class Doc:
    """All label/value candidates of a layout, searchable by label."""

    def __init__(self, layout: Layout, kind: str = ""):
        self.layout = layout
        self.kind = kind
        self.hits: list[Hit] = []
        self.lines: list[tuple[Page, Any]] = [(p, ln) for p in layout.pages for ln in p.lines]
        for p in layout.pages:
            # a label's right-hand neighbour first: in form rows it is the value even when it
            # looks like a label itself (「常温 冷蔵 冷凍」), where pairing by shape looks below
            for t in p.tables:
                for row in t.rows():
                    filled = [c for c in row if c.text.strip()]
                    for a, b in zip(filled, filled[1:]):
                        self._add(a.text, b.text, p, b.bbox, min(a.confidence, b.confidence))
            for kv in p.kvs:
                self._add(kv.key, kv.value, p, kv.value_bbox, kv.confidence)
            self._colon_lines(p)

    def _colon_lines(self, page: Page) -> None:
        """`label：value` lines, with the wrapped lines that continue the value."""
        lines = [(part, ln.bbox, ln.confidence) for ln in page.lines for part in ln.text.split("\n") if part.strip()]
        # only rendered pages wrap lines; a Word paragraph or a spreadsheet cell holds its whole value
        right = max((b[2] for _, b, _ in lines if b), default=0) if page.method in ("text", "ocr") else 0
        for i, (text, bbox, conf) in enumerate(lines):
            m = _COLON.match(text)
            if not m:
                continue
            value, box, prev = m.group(2), list(bbox) if bbox else None, bbox
            for nxt, nbox, _ in lines[i + 1:]:
                wrapped = prev and right and prev[2] >= 0.9 * right
                if _COLON.match(nxt) or not (wrapped or places.looks_like_address(nxt)):
                    break
                value += "\n" + nxt
                box = _union(box, nbox)
                prev = nbox
            self._add(m.group(1), value, page, box, conf)

    def _add(self, key, value, page, bbox, conf) -> None:
        k = norm_key(key)
        for h in self.hits:   # the same pair seen again with its continuation lines
            if h.page is page and h.key == k and jp.squash(value).startswith(jp.squash(h.value)):
                h.value, h.bbox = value, _union(h.bbox, bbox)
                return
        self.hits.append(Hit(k, value, page, bbox, conf, len(self.hits)))

    def is_label(self, value: str) -> bool:
        """A 'value' that is another label of this kind's form (a pairing slip on a scan, an empty cell)."""
        if not hasattr(self, "_labels"):
            spec = labels().get(self.kind) or {}
            self._labels = {norm_key(n) for f in spec.values() for n in f["labels"]} if isinstance(spec, dict) else set()
        return norm_key(value) in self._labels

    @staticmethod
    def position(page: Page, bbox: BBox | None, order: int) -> tuple:
        return (page.number, bbox[1] if bbox else float(order), order)

    def heading(self, words: list[str]) -> tuple | None:
        """Position of the first line mentioning one of `words` (a section heading)."""
        for i, (page, ln) in enumerate(self.lines):
            t = jp.squash(ln.text)
            if any(jp.squash(w) in t for w in words):
                return self.position(page, ln.bbox, i)
        return None

    def find(self, names: list[str], pick: Callable[[str], bool] | None = None,
             after: list[str] | None = None, before: list[str] | None = None) -> Hit | None:
        """Best hit whose key equals, starts with or contains one of `names` (in that preference).

        `after`/`before`: only hits below/above the first line naming one of these section headings.
        """
        lo = self.heading(after) if after else None
        hi = self.heading(before) if before else None
        best: tuple[int, int, Hit] | None = None
        for name in names:
            n = norm_key(name)
            for h in self.hits:
                score = 3 if h.key == n else 2 if h.key.startswith(n) else 1 if n in h.key else 0
                if not score or not h.value.strip() or (pick and not pick(h.value)) or self.is_label(h.value):
                    continue
                pos = self.position(h.page, h.bbox, h.order)
                if (lo and pos[:2] <= lo[:2]) or (hi and pos[:2] >= hi[:2]):
                    continue
                cand = (score, -h.order, h)
                if best is None or cand[:2] > best[:2]:
                    best = cand
            if best and best[0] == 3:
                break
        return best[2] if best else (None if lo or hi else self.find_line(names, pick))

    def find_line(self, names: list[str], pick=None) -> Hit | None:
        """A line that starts with the label (OCR pages without table structure)."""
        names = sorted(names, key=len, reverse=True)   # 「代表者名」 before 「代表者」
        for i, (page, ln) in enumerate(self.lines):
            t = jp.squash(ln.text)
            for name in names:
                n = norm_key(name)
                if t.startswith(n) and len(t) > len(n):
                    value = t[len(n):].lstrip(":：")
                    if value and (not pick or pick(value)):
                        return Hit(n, value, page, ln.bbox, ln.confidence, 10**6 + i)
        return None

    def fv(self, value: Any, hit: Hit | None, confidence: float | None = None) -> FieldValue:
        conf = hit.confidence if hit else 0.5
        if confidence is not None:
            conf = min(conf, confidence)
        return FieldValue(value=value, confidence=round(float(conf), 3),
                          method=(hit.page.method if hit else self.layout.method) or "text",
                          page=hit.page.number if hit else None, bbox=hit.bbox if hit else None)


def options(text: str) -> list[tuple[str, bool]]:
    """Checkbox options printed in a value: '■製造日 □発送日' -> [('製造日', True), ('発送日', False)].

    OCR often reads an empty box as 「口」; it counts as one unless it starts 口座/口数.
    """
    s = re.sub(r"口(?![座数])", CHECK_OFF[0], jp.nfkc(text))
    s = re.sub(f"\\n(?![{CHECK_ON}{CHECK_OFF}])", "", s)   # an option label wrapped onto the next line
    out = []
    for m in re.finditer(f"([{CHECK_ON}{CHECK_OFF}])\\s*([^{CHECK_ON}{CHECK_OFF}\\s]+)", s):
        out.append((m.group(2), m.group(1) in CHECK_ON))
    return out


def checked_in(doc: Doc, hit: Hit) -> list[tuple[str, bool]]:
    """Checkbox options of a value: ■/□ glyphs in its text merged with the page's checkboxes inside its box."""
    found = {jp.squash(t): c for t, c in options(hit.value)}
    if found and hit.page.method != "ocr":
        return list(found.items())     # born-digital glyphs are exact; box labels found by layout are not
    if hit.bbox:
        x0, y0, x1, y1 = hit.bbox
        for cb in hit.page.checkboxes:
            if not cb.bbox or not cb.label.strip():
                continue
            cx, cy = (cb.bbox[0] + cb.bbox[2]) / 2, (cb.bbox[1] + cb.bbox[3]) / 2
            if x0 - 2 <= cx <= x1 + 2 and y0 - 2 <= cy <= y1 + 2:
                label = jp.squash(cb.label)
                found[label] = found.get(label, False) or cb.checked
    return list(found.items())


def _matching(label: str, choices: list[str]) -> set[str]:
    """Options a box label stands for: the label starts with the option, or is a cut-off start of exactly one."""
    full = {c for c in choices if label.startswith(jp.squash(c))}
    if full or len(label) < 2:
        return full
    partial = {c for c in choices if jp.squash(c).startswith(label)}
    return partial if len(partial) == 1 else set()


def choose(doc: Doc, hit: Hit | None, choices: list[str]) -> tuple[str | None, float]:
    """The ticked option of a single-choice group (e.g. 常温/冷蔵/冷凍/その他) and a confidence.

    A ■ next to an option decides. Otherwise, when every other option is seen
    with an empty box (□ or an unticked box found on the scan), the remaining
    one is taken as ticked — scans often lose the filled box but keep the empty ones.
    """
    if hit is None:
        return None, 0.0
    opts = checked_in(doc, hit)
    ticked = [c for c in choices if any(lbl.startswith(jp.squash(c)) and on for lbl, on in opts)]
    if len(ticked) == 1:
        return ticked[0], hit.confidence
    empty = {c for c in choices if any(lbl.startswith(jp.squash(c)) and not on for lbl, on in opts)}
    if hit.bbox:
        x0, y0, x1, y1 = hit.bbox
        for cb in hit.page.checkboxes:
            if cb.checked or not cb.bbox:
                continue
            cx, cy = (cb.bbox[0] + cb.bbox[2]) / 2, (cb.bbox[1] + cb.bbox[3]) / 2
            if x0 - 2 <= cx <= x1 + 2 and y0 - 2 <= cy <= y1 + 2:
                empty |= _matching(jp.squash(cb.label), choices)
    rest = [c for c in choices if c not in empty]
    if len(rest) == 1 and len(choices) > 1:
        return rest[0], min(hit.confidence, 0.75)
    return None, 0.0


PARSERS: dict[str, Callable[[str], Any]] = {
    "text": lambda s: clean(s) or None,
    "date": jp.iso_date,
    "month": jp.parse_month,
    "yen": jp.parse_yen,
    "int": lambda s: (lambda n: int(n) if n is not None else None)(jp.parse_number(s)),
    "number": jp.parse_number,
    "pct": jp.parse_percent,
    "phone": jp.parse_phone,
    "email": lambda s: (m.group(0) if (m := re.search(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", jp.nfkc(s))) else None),
}


def dated_line(doc: Doc, first_lines: int) -> FieldValue | None:
    """A short line near the top that is just a date (a form's 令和8年5月1日 line), as ISO."""
    for i, (page, ln) in enumerate(doc.lines[:first_lines]):
        d = jp.parse_date(ln.text)
        if d and len(jp.squash(ln.text)) <= 16:
            return doc.fv(d.isoformat(), Hit("", ln.text, page, ln.bbox, ln.confidence, i))
    return None


def simple_fields(doc: Doc, kind: str) -> dict[str, FieldValue]:
    """Every field of data/fields.yaml for this kind that is found and parses."""
    out: dict[str, FieldValue] = {}
    for key, spec in (labels().get(kind) or {}).items():
        parse = PARSERS[spec.get("type", "text")]
        hit = doc.find(spec["labels"], pick=lambda v, p=parse: p(v) not in (None, ""))
        if hit is not None:
            out[key] = doc.fv(parse(hit.value), hit)
    return out
