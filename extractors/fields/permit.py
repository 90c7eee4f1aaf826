"""営業許可証: number, holder, facility, 営業の種類, validity, issuer."""
from __future__ import annotations

import re

from intake.records import FieldValue

from intake.domain import catalogue, jp, places
from ..layout import Layout, inside
from .base import PARSERS, Doc, Hit, clean, date_range, simple_fields

# (one glyph of 保健/健康 may be misread: 保键福祉センタ長)
ISSUER = re.compile(r"^.{2,24}?(保健所長?|(?:保.|健.|.康)福祉センタ[ー一\-]?(所)?長?|市長|知事|税務署長)")
# the office's name alone, its head's 長 lost under the seal or at the edge (…保健福祉センター所, …保健所)
_HEAD_LOST = re.compile(r"(保健所|センタ[ー一\-]?所?)$")
# 第20851号, 指令八保第8367号, 八保第29645号, 第R3-6321号: the number of a permit as printed
NUMBER = re.compile(r"^[^\s第]{0,8}第[A-Za-z0-9\-]{1,12}号$")


_PERIOD = re.compile(r"^\s*(から|より|~|〜|～|－|-|―|ー)")


def _business_types(value: str) -> list[str]:
    """「飲食店営業、菓子製造業」 or two lines run together (飲食店営業麺類製造業): each type ends in 業."""
    out = []
    for part in re.split(r"[、,，・\s]+", clean(value)):
        out += [t for t in re.findall(r".+?業", part) if len(t) >= 3] or ([part] if part else [])
    return out


_TYPES_LINE = re.compile(r"^(?:[^\s、,，・業]{2,9}業[、,，・\s]*)+$")


def _more_types(doc: Doc, hit: Hit) -> list[str]:
    """Types printed on the lines after the hit's, one per line: a 縦書き permit's next column, or a
    list the reader did not take as the value's continuation. Lines of nothing but 〜業 words only."""
    start = next((i for i, (page, ln) in enumerate(doc.lines) if page is hit.page and ln.bbox and hit.bbox
                  and inside(ln.bbox, hit.bbox, tol=1)), None)
    out: list[str] = []
    for page, ln in doc.lines[start + 1:] if start is not None else []:
        t = jp.squash(ln.text)
        if page is hit.page and len(t) <= 2 and not re.search(r"[\u3040-\u9fff]", t):
            continue      # a speck read as 1 or | between the lines
        if page is not hit.page or not _TYPES_LINE.match(t) or doc.names_field(t):
            break
        out += _business_types(t)
    return out


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "permit")
    out = simple_fields(doc, "permit")
    spec = catalogue.fields("permit")
    hit = doc.find(list(spec["permit.holder"].labels), pick=lambda v: bool(PARSERS["name"](v)))
    if hit:
        out["permit.holder"] = doc.fv(PARSERS["name"](hit.value), hit)
    hit = doc.find(list(spec["permit.business_types"].labels))
    if hit:
        types = _business_types(hit.value) + [t for t in _more_types(doc, hit) if t not in hit.value]
        out["permit.business_types"] = doc.fv(list(dict.fromkeys(types)), hit)
    hit = doc.find(list(spec["permit.valid_until"].labels), pick=lambda v: bool(jp.all_dates(v)))
    if hit:
        start, end = date_range(doc, hit)
        if start:
            out["permit.valid_from"] = doc.fv(start.isoformat(), hit)
        if end:
            out["permit.valid_until"] = doc.fv(end.isoformat(), hit)
    if "permit.valid_from" not in out and "permit.valid_until" not in out:
        # its label unreadable (a photo's glare over 許可の期間): the one period a permit prints is its validity
        periods = [(i, page, ln) for i, (page, ln) in enumerate(doc.lines)
                   if len(parts := jp.dated_parts(ln.text)) >= 2 and _PERIOD.match(parts[0][1])
                   and parts[-1][0] > parts[0][0]]
        if len(periods) == 1:
            i, page, ln = periods[0]
            start, end = jp.all_dates(ln.text)[0], jp.all_dates(ln.text)[-1]
            hit = Hit("", ln.text, page, ln.bbox, ln.confidence, i)
            out["permit.valid_from"] = doc.fv(start.isoformat(), hit, confidence=0.75)
            out["permit.valid_until"] = doc.fv(end.isoformat(), hit, confidence=0.75)
    if "permit.valid_from" not in out:
        # only the end printed (有効期限): the period runs from the day of the permit
        hit = doc.find(list(spec["permit.valid_from"].labels), pick=lambda v: bool(jp.all_dates(v)))
        if hit:
            out["permit.valid_from"] = doc.fv(jp.all_dates(hit.value)[0].isoformat(), hit)
    for i, (page, ln) in enumerate(doc.lines):
        t = jp.squash(ln.text)
        u = re.sub(r"^[^\u4e00-\u9fff]+", "", t)       # a fax's page mark or digit before it
        m = ISSUER.search(u)
        lost = bool(m and _HEAD_LOST.search(m.group(0)))
        # the office named in a sentence or an address (…保健所へ, …保健所 TEL) does not sign
        if m and len(t) <= 30 and not (lost and re.match(r"[^\W\d_印之]", u[m.end():])):
            # the last such line signs the permit; a seal's glyphs may trail it
            # 「センタ」: OCR loses the long mark of the fixed word センター
            issuer = re.sub(r"センタ[ー一\-]?(?=所?長?$)", "センター", m.group(0))
            issuer = re.sub(r"保.(?=福祉センター)", "保健", re.sub(r"健.(?=福祉センター)|.康(?=福祉センター)", "健康", issuer))
            # a permit is issued by the office's head (所長, センター長): only the office printed, 長 was lost
            issuer, fixed = _prefecture_put_right(places.current_forms(issuer))     # 沖繩 is 沖縄
            out["permit.issuer"] = doc.fv(issuer + "長" if lost else issuer, Hit("", ln.text, page, ln.bbox, ln.confidence, i),
                                          confidence=0.8 if lost or fixed else None)
        t = t.rstrip(".。・'\"|｜")      # a rule's end read as | after the number
        if "permit.number" not in out and NUMBER.match(t):
            out["permit.number"] = doc.fv(t, Hit("", ln.text, page, ln.bbox, ln.confidence, i), confidence=0.8)
    number = out.get("permit.number")
    if number and not re.search(r"\d", number.value):
        del out["permit.number"]     # a number has digits (許可日… paired with 番号 by a slip)
    elif number:
        number.value = _era_dash(number.value.rstrip(".。・'\" "))
    return out


def _prefecture_put_right(issuer: str) -> tuple[str, bool]:
    """「油縄県八重山保健所長」「縄県…」: the prefecture an issuer starts with, one glyph misread or its first lost,
    put right when exactly one prefecture is that close. Whether it was put right goes back too."""
    if any(issuer.startswith(p) for p in places.prefectures()):
        return issuer, False
    found = set()
    for p in places.prefectures():
        n = len(p)
        if n >= 3 and issuer[n - 1:n] == p[-1] and sum(a != b for a, b in zip(issuer[:n], p)) == 1:
            found.add((p, n))          # one glyph misread (油縄県 for 沖縄県)
        if n >= 3 and issuer.startswith(p[1:]):
            found.add((p, n - 1))      # its first glyph lost (縄県 for 沖縄県)
    if len(found) == 1:
        (p, n), = found
        return p + issuer[n:], True
    return issuer, False


def _era_dash(number: str) -> str:
    """「第R216728号」 for 第R2-6728号: OCR reads the dash after a Reiwa year as 1. An era year of 21, 31…91
    is decades away, so there the 1 is the dash (R11 or R01 may be a year and stay as printed)."""
    return re.sub(r"(?<=[第RＲ])([2-9])1(?=\d{3,}号)", r"\1-", number) if "R" in number else number
