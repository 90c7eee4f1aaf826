"""免許及び許可の確認票 (license.items) and PL保険加入有無の確認票 (pl_insurance.*)."""
from __future__ import annotations

import re

from intake.records import FieldValue

from intake.domain import catalogue, jp
from ..layout import Layout
from .base import Doc, choose, clean, core_label, simple_fields
from .tables import header_rows



# a licence number as printed: (issuer's short name)第R7-1725号, 第42428号, 指令能中保第7811号
_NUMBER_HEAD = re.compile(r"第[A-Za-zＲ]?[0-9０-９\-－ー]*$")
_STRAY_END = re.compile(r"[^\w)）]+$|(?<=業)[0-9A-Za-z]+$")


def _tidy(name: str, number: str, until: str) -> tuple[str, str, str]:
    """A row's cells set right by what each holds, where a faded rule let OCR run one into the next: the
    start of the number at the end of the name (そうざい製造業第 | 42428号) goes to the number, what follows
    the number's 号 (号R11.11.30 石川県…) is no part of it (a date there is the expiry when none is read),
    a stray mark after the name (菓子製造業§) is dropped."""
    m = _NUMBER_HEAD.search(name)
    if m and m.start() > 0 and (not number or not number.startswith("第")) and not re.search(r"第.*号", name):
        name, number = name[:m.start()], m.group() + number
    cut = re.match(r"^(.*?第.*?号)(.+)$", number or "")
    if cut:
        number, rest = cut.groups()
        if not until and jp.all_dates(rest):
            until = rest
    name = _STRAY_END.sub("", name) or name
    return name, number, until


def _items(layout: Layout) -> tuple[list[dict], FieldValue | None]:
    rows, where = header_rows(layout, "license.items", required=("name",))
    items = []
    for r in rows:
        name, number, until = _tidy(clean(r.get("name")) or "", clean(r.get("number")) or "", r.get("valid_until") or "")
        item = {"name": name, "number": number or None, "valid_until": (jp.all_dates(until) or [None])[-1]}
        if item["valid_until"]:
            item["valid_until"] = item["valid_until"].isoformat()
        if item["name"]:
            items.append(item)
    return items, where


_START = re.compile(r"始期|開始|自$|から")
_END = re.compile(r"終期|満了|満期|至|まで|終了")


def _label_of(text: str, specs) -> str | None:
    """The field a table cell's label names (its words, notes aside), or None."""
    core = core_label(text)
    for spec in specs:
        if core and any(core == core_label(w) for w in spec.labels):
            return spec.key
    return None


def _from_tables(layout: Layout, specs) -> tuple[dict[str, tuple[str, float, object, list]], set[str]]:
    """What the tables say for the PL fields, cell by cell: a label with the rest of its row (保険期間 |
    2025/4/1 | ～ | 2026/3/31: the period's end is the row's last date; a label noted 終期/満了 is the end
    itself, one noted 始期 is not), or a header row of labels over a row of values.
    Returns {key: (text, priority, page, bbox)} and the header rows' labels."""
    out: dict[str, tuple[str, float, object, list]] = {}
    headers = set()

    def put(key, text, prio, page, bbox):
        if text and (key not in out or prio > out[key][1]):
            out[key] = (text, prio, page, bbox)

    for page in layout.pages:
        for t in page.tables:
            rows = t.rows()
            for r, row in enumerate(rows):
                cells = sorted(row, key=lambda c: c.col)
                named = [(c, _label_of(c.text, specs)) for c in cells]
                named = [(c, k) for c, k in named if k]
                if len({k for _, k in named}) >= 2 and r + 1 < len(rows):       # a header row
                    below = {c.col: c for c in rows[r + 1]}
                    headers.update(core_label(c.text) for c in cells if c.text.strip())
                    for c, k in named:
                        v = below.get(c.col)
                        if v is None or not v.text.strip() or _label_of(v.text, specs):
                            continue
                        if k == "pl_insurance.valid_until":
                            dates = jp.all_dates(v.text)
                            label = jp.squash(c.text)
                            if dates and not _START.search(label):    # 保険期間（始期） | 保険期間（満期）
                                put(k, dates[-1].isoformat(), 2.5 if _END.search(label) else 2.0, page, v.bbox)
                        else:
                            put(k, v.text, 2.0, page, v.bbox)
                    continue
                for n, (c, k) in enumerate(named[:1]):
                    rest = " ".join(x.text for x in cells if x.col > c.col and x.text.strip())
                    if k == "pl_insurance.valid_until":
                        if _START.search(jp.squash(c.text)):
                            continue
                        dates = jp.all_dates(rest)
                        if dates:
                            put(k, dates[-1].isoformat(), 3.0 if _END.search(jp.squash(c.text)) else
                                1.5 if len(dates) > 1 else 1.0, page, c.bbox)
                    elif rest:
                        put(k, rest, 1.0, page, c.bbox)
    return out, headers


def extract(layout: Layout, filename: str, kind: str = "license_check") -> dict[str, FieldValue]:
    doc = Doc(layout, kind)
    if kind == "license_check":
        items, where = _items(layout)
        return {"license.items": FieldValue(items, where.confidence, where.method, where.page, where.bbox)} if where else {}
    out = simple_fields(doc, "pl_insurance")
    specs = [f for f in catalogue.fields("pl_insurance").values() if f.key != "pl_insurance.insured"]
    found, headers = _from_tables(layout, specs)
    for key, (text, prio, page, bbox) in found.items():
        have = out.get(key)
        if key == "pl_insurance.valid_until":
            # the period's end, not a start the label's own cell held (保険期間 | 2025/4/1 | ～ | 2026/3/31)
            if prio > 1.0 and (have is None or have.value != text):
                out[key] = FieldValue(text, min(0.9, have.confidence if have else 0.9), page.method, page.number, bbox)
        elif have is None or (prio >= 2.0 and core_label(str(have.value)) in headers):
            # a header row over its values: a value that is itself a header's label was read beside, not below
            out[key] = FieldValue(clean(text), min(0.9, have.confidence if have else 0.9), page.method, page.number, bbox)
    spec = catalogue.fields("pl_insurance")["pl_insurance.insured"]
    said = sorted(spec.choices, key=len, reverse=True)      # 加入していない before 加入している, 無 after 未加入
    hit = doc.best(spec, choices=said)
    picked, conf = choose(doc, hit, said)
    if picked:
        out["pl_insurance.insured"] = doc.fv(spec.choices[picked], hit, conf)
    elif "pl_insurance.insurer" in out and "pl_insurance.valid_until" in out:
        # no yes/no printed (or its mark lost), but an insurer and a period written in: insured
        insurer = out["pl_insurance.insurer"]
        out["pl_insurance.insured"] = FieldValue(True, min(0.75, insurer.confidence), insurer.method, insurer.page,
                                                 insurer.bbox)
    return out
