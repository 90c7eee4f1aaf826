"""返礼品提供申請書 / 提案書 / 登録申込書: SPEC §3 application fields (Ishigaki 様式第1号 in full)."""
from __future__ import annotations

import re

from intake.records import FieldValue

from intake.domain import catalogue, jp
from ..layout import Layout
from . import allergens
from .base import CHECK_OFF, CHECK_ON, Doc, Hit, _right_of, assign, checked_in, choose, dated_line, norm_key, options, parse_days, simple_fields

BASIS = {"製造日": "manufacture", "製造": "manufacture", "発送日": "shipment", "発送": "shipment",
         "到着日": "arrival", "到着": "arrival"}
TEMPS = {"常温": "ambient", "冷蔵": "chilled", "冷凍": "frozen", "その他": "other"}
KANA_LOOKALIKES = str.maketrans({"力": "カ", "工": "エ", "口": "ロ", "二": "ニ", "夕": "タ", "卜": "ト", "八": "ハ",
                                 "ヘ": "ヘ", "一": "ー"})


def _checked(doc: Doc, hit: Hit | None) -> list[str]:
    return [label for label, on in checked_in(doc, hit) if on] if hit else []


# 「（到着後5日以上）」 inside a shelf-life value: the days kept after arrival, printed beside the period
_AFTER_ARRIVAL = re.compile(r"[(（]?\s*(?:到着|お届け|受取|受け取り|着)(?:日|後)?\s*(?:より|から|後)?\s*(\d+)\s*日(?:以上|間)?(?:保証)?\s*[)）]?")


def _shelf_life(doc: Doc, key: str, out: dict) -> None:
    hit = doc.best(catalogue.fields("application")[f"product.{key}_days"],
                   pick=lambda v: bool(re.search(r"\d", jp.nfkc(v))))
    if not hit:
        return
    text = jp.nfkc(hit.value)
    after = _AFTER_ARRIVAL.search(text)
    if after and parse_days(text[:after.start()]) is not None:
        # a period counted from manufacture or shipment, with the days after arrival beside it
        out.setdefault("product.guaranteed_days", doc.fv(int(after.group(1)), hit))
        text = text[:after.start()] + text[after.end():]
    days = parse_days(text)
    basis, conf = choose(doc, hit, ["製造日", "発送日", "到着日"])
    if basis is None:      # 「製造日より180日以内」: written out, no boxes
        said = re.findall(r"(製造|発送|到着)日?\s*(?:より|から|後)", jp.squash(text))
        if len(set(said)) == 1:
            basis, conf = said[0] + "日", hit.confidence
    if days is not None:
        out[f"product.{key}_days"] = doc.fv(days, hit)
    if basis:
        out[f"product.{key}_basis"] = doc.fv(BASIS[basis], hit, conf)


def _allergens(doc: Doc, out: dict) -> None:
    hit = doc.best(catalogue.fields("application")["product.allergen_free"], choices=["なし", "あり"])
    free, conf = choose(doc, hit, ["なし", "あり"])
    if free:
        out["product.allergen_free"] = doc.fv(free == "なし", hit, conf)
    boxes = [(cb, allergens.canonical(re.sub(r"[(（].*", "", cb.label))) for p in doc.layout.pages
             for cb in p.checkboxes]
    boxes = [(cb, a) for cb, a in boxes if a]
    if len(boxes) < 9 or doc.layout.method != "ocr":   # born-digital: the ■/□ glyphs are exact
        hits = [h for h in doc.hits if norm_key("特定原材料") in h.key or norm_key("準ずる") in h.key]
        opts = [(lbl, on, h) for h in hits for lbl, on in checked_in(doc, h)]
        if hits and not any(re.search(f"[{CHECK_ON}{CHECK_OFF[:2]}]", h.value) for h in hits):
            # no boxes, marks only on the chosen (◎乳): the rows are one list, a bare name is not chosen
            opts = [(lbl, on, hits[0]) for lbl, on in options("\u3000".join(h.value for h in hits), doc.circles)]
        names = [(a, on and not n, h) for lbl, on, h in opts  # 小麦そば: OCR lost the space; the mark is 小麦's
                 for n, a in enumerate(allergens.run_of(re.sub(r"[(（].*", "", lbl))
                                       or [allergens.canonical(re.sub(r"[(（].*", "", lbl))]) if a]
        if len(names) >= 9:
            picked = [a for a, on, _ in names if on]
            out["product.allergens"] = doc.fv(list(dict.fromkeys(picked)), names[0][2])
        return
    picked = [a for cb, a in boxes if cb.checked]
    conf = min(cb.confidence for cb, _ in boxes)
    out["product.allergens"] = FieldValue(list(dict.fromkeys(picked)), conf, doc.layout.pages[0].method, 1,
                                          boxes[0][0].bbox)


def _shipping(doc: Doc, out: dict) -> None:
    spec = catalogue.fields("application")
    hit = doc.best(spec["shipping.box_size"], choices=[f"{n}サイズ" for n in (60, 80, 100, 120)])
    size, conf = choose(doc, hit, [f"{n}サイズ" for n in (160, 140, 120, 100, 80, 60)])
    if size:
        out["shipping.box_size"] = doc.fv(int(size[:-3]), hit, conf)
    hit = doc.best(spec["shipping.temperature"], choices=list(TEMPS))
    temp, conf = choose(doc, hit, list(TEMPS))
    if temp:
        out["shipping.temperature"] = doc.fv(TEMPS[temp], hit, conf)
    hit = doc.best(spec["shipping.year_round"], choices=["通年", "期間限定"])
    period, conf = choose(doc, hit, ["通年", "期間限定"])
    dates = jp.all_dates(hit.value) if hit else []
    if period == "通年" and len(dates) < 2:
        out["shipping.year_round"] = doc.fv(True, hit, conf)
    elif period == "期間限定" or len(dates) >= 2:   # a printed period means 期間限定 even if the box is lost
        out["shipping.year_round"] = doc.fv(False, hit, conf if period else 0.7)
        if len(dates) >= 2:
            out["shipping.period_from"] = doc.fv(dates[0].isoformat(), hit)
            out["shipping.period_to"] = doc.fv(dates[1].isoformat(), hit)
    hit = doc.best(spec["shipping.lead_days"], pick=lambda v: bool(re.search(r"\d", jp.nfkc(v))))
    if hit:
        out["shipping.lead_days"] = doc.fv(int(re.search(r"\d+", jp.nfkc(hit.value)).group(0)), hit)
    hit = doc.best(spec["shipping.quantity_limit"])
    if hit and any(c.startswith("数量限定") for c in _checked(doc, hit)):
        m = re.search(r"(\d+)\s*(個|セット|件|本|箱)?", re.sub(r"[■□☑☐]", "", jp.nfkc(hit.value)).split("数量限定")[-1])
        if m:
            out["shipping.quantity_limit"] = doc.fv(int(m.group(1)), hit)


def _prices(doc: Doc, out: dict) -> None:
    """The proposal's price rows, and the retail rows of the section after its heading (一般販売価格…)."""
    spec = catalogue.fields("application")
    words = catalogue.sections("application")["retail"]
    taken: dict[str, Hit] = {}
    split = _retail_start(doc, words)
    out.update(assign(doc, [spec[k] for k in ("price.item_ex_tax", "price.tax", "price.total")],
                      doc.section(before=words, hi=split), taken))
    if doc.heading(words):
        out.update(assign(doc, [spec[k] for k in ("retail.price_ex_tax", "retail.tax", "retail.total")],
                          doc.section(after=words, lo=split)))
    tax = taken.get("price.tax")
    if tax:
        picked, conf = choose(doc, tax, ["10%", "8%"])
        if picked is None and re.search(f"[{CHECK_ON}{CHECK_OFF}]", tax.key):
            # the boxes are the label's note (消費税（税率：□8% or ■10%） 300): its own text is the choice
            picked, conf = choose(doc, Hit(tax.key, tax.key, tax.page, None, tax.confidence, tax.order), ["10%", "8%"])
        rate = int(picked[:-1]) if picked else None
        m = re.search(r"税率[:：]?\s*(\d+)\s*%", jp.nfkc(tax.key + tax.value))
        if rate is None and m and not options(tax.value):
            rate, conf = int(m.group(1)), tax.confidence
        if rate is None and out.get("price.item_ex_tax"):   # the amounts tell the rate
            item, amount = out["price.item_ex_tax"].value, jp.parse_yen(tax.value)
            rate = next((r for r in (8, 10) if amount is not None and amount == item * r // 100), None)
            conf = 0.7
        if rate in (8, 10):
            out["price.tax_rate"] = doc.fv(rate, tax, conf)


def _retail_start(doc: Doc, words: list[str]) -> tuple | None:
    """Where the retail rows start when their heading stands at their side, centred on them (a merged
    cell 一般販売価格 | 内訳 | 商品代 …): just below the proposal's own 合計 above the heading, the row that
    ends the proposal's rows. None: the heading's own row (the usual reading)."""
    at = doc.heading(words)
    if at is None or not doc.side_heading(words):
        return None
    total = catalogue.fields("application")["price.total"]
    above = [h for h in doc.hits if h.bbox and h.page.number == at[0] and h.bbox[3] <= at[1] + 1
             and doc.label_score(h.key, total) >= 1.0]
    if not above:
        return None
    last = max(above, key=lambda h: h.bbox[3])
    return (at[0], last.bbox[3], at[2])


def _local_pct(text: str) -> float | int | None:
    s = jp.nfkc(text)
    m = re.search(r"(?:内|市内|町内|県内)\s*[:：]?\s*(\d+(?:\.\d+)?)\s*%", s)
    return jp.parse_percent(m.group(0)) if m else jp.parse_percent(s)


def _share_lines(doc: Doc, seen: set[int]) -> list[Hit]:
    """On a scanned page none of whose share rows was paired: a short line naming a share (地元産原料の割合,
    市内加工の割合 — wordings the catalogue need not hold) with the percentages on its row beside it."""
    out = []
    for page in doc.layout.pages:
        if page.method != "ocr" or id(page) in seen:
            continue
        lines = [ln for ln in page.lines if ln.bbox and ln.text.strip()]
        for ln in lines:
            t = jp.squash(ln.text)
            if len(t) > 16 or not re.search(r"(割合|比率)$", t):
                continue
            value = _right_of(ln, lines, float(page.width or 0))
            if value is not None and jp.parse_percent(value.text) is not None:
                out.append(Hit(norm_key(ln.text), value.text, page, value.bbox,
                               0.9 * min(ln.confidence, value.confidence), 10 ** 5 + len(out)))
    return out


def _shares(doc: Doc, out: dict) -> None:
    """origin.local_pct / processing.local_pct from the 「…全体に対する割合」 rows (keys OCR may garble)."""
    rows = [h for h in doc.hits if ("割" in h.key or "比率" in h.key) and jp.parse_percent(h.value) is not None]
    rows += _share_lines(doc, {id(h.page) for h in rows if h.page.method == "ocr"})
    for h in sorted(rows, key=lambda h: doc.position(h.page, h.bbox, h.order)):
        key = "processing.local_pct" if any(w in h.key for w in ("加工", "工程", "製造")) else "origin.local_pct"
        if key not in out:
            out[key] = doc.fv(_local_pct(h.value), h)


def _bank(doc: Doc, out: dict) -> None:
    for key in ("bank.bank_code", "bank.branch_code", "bank.account_number"):
        fv = out.get(key)
        if fv:
            digits = re.sub(r"\D", "", jp.nfkc(str(fv.value)))
            fv.value = digits or None
    hit = doc.best(catalogue.fields("application")["bank.account_type"], choices=["普通", "当座", "貯蓄"])
    kind, conf = choose(doc, hit, ["普通", "当座", "貯蓄"])
    if kind:
        out["bank.account_type"] = doc.fv(kind, hit, conf)
    fv = out.get("bank.holder_kana")
    if fv:   # a kana-only field: kanji look-alikes from OCR are certainly kana
        fv.value = re.sub(r"\s+", " ", jp.nfkc(fv.value)).strip().translate(KANA_LOOKALIKES)


def _submitted_on(doc: Doc, out: dict) -> None:
    if (day := dated_line(doc, 12)) is not None:
        out["submitted_on"] = day


def _marked_category(doc: Doc) -> FieldValue | None:
    """The category the form's own list marks (カテゴリー □ア 生鮮食品 ■イ 加工食品 □ウ 工芸品 …): the
    catalogue's choice or category words the one marked option holds."""
    spec = catalogue.fields("application")["product.category"]
    hit = doc.best(spec)
    ticked = [label for label, on in checked_in(doc, hit) if on] if hit else []
    if len(ticked) != 1:
        return None
    for cat, words in catalogue.categories().items():
        said = list(words) + [label for label, value in spec.choices.items() if value == cat]
        if any(jp.squash(w) in ticked[0] for w in said):
            return doc.fv(cat, hit)
    return None


def _category(doc: Doc, out: dict) -> str:
    """service / food / craft / other from the catalogue's `categories` words, in that order."""
    name = out.get("product.name")
    text = jp.squash(doc.layout.text) + jp.squash(name.value if name else "")
    for cat, words in catalogue.categories().items():
        if any(jp.squash(w) in text for w in words):
            return cat
    return "other"


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "application")
    out = simple_fields(doc, "application")
    first = next((p for p in layout.pages), None)
    out["product.category"] = _marked_category(doc) or FieldValue(
        _category(doc, out), 0.8, first.method if first else layout.method, 1 if first else None)
    _shelf_life(doc, "best_before", out)
    _shelf_life(doc, "use_by", out)
    _allergens(doc, out)
    _shipping(doc, out)
    _prices(doc, out)
    _shares(doc, out)
    _bank(doc, out)
    fv = out.get("product.contents")
    if fv:
        fv.value = jp.times_sign(fv.value)
    _submitted_on(doc, out)
    return out
