"""Family B sample generator.

    python -m samples.family_b.generate --split dev|heldout --seed N --out DIR [--small]

One folder per submission with its files and truth.json (samples/README.md format, plus input_kind
scan/fax/photo/product_photo and top-level not_findings)."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import tempfile

import numpy as np

from . import builders as B
from . import ingredients as ING
from . import photos, raster
from .entities import MUNI, Biz
from .render_office import docx_form, table_csv, table_xlsx, xlsx_form
from .render_pdf import form_pdf, label_pdf, permit_pdf
from .util import Ctx, fmt_date

PROFILES = ["shika", "ishigaki", "hamada", "narita", "gunma"]
INPUT_KINDS = ["pdf", "docx", "xlsx", "csv", "scan", "fax", "photo", "product_photo"]

# flaws per profile: each flawed submission gets one (sometimes two) of these
FLAWS = {
    "shika": [["DONATION_NOT_ROUNDED"], ["PERMIT_EXPIRED"], ["APPLICANT_OUTSIDE_MUNICIPALITY"], ["ALLERGEN_UNDECLARED"],
              ["SHELF_LIFE_TOO_SHORT"], ["LABEL_ORIGIN_MISSING"], ["DONATION_NOT_ROUNDED", "PERMIT_EXPIRED"]],
    "ishigaki": [["PRICE_ARITHMETIC"], ["PERMIT_EXPIRED"], ["APPLICANT_OUTSIDE_MUNICIPALITY", "LOCAL_PROOF_MISSING"],
                 ["ALLERGEN_SHEET_MISMATCH"], ["SHELF_LIFE_TOO_SHORT"], ["ALLERGEN_UNDECLARED"]],
    "hamada": [["RETURN_RATIO_EXCEEDED"], ["TOTAL_COST_EXCEEDED"], ["PHOTO_TOO_SMALL"], ["PHOTO_NOT_LANDSCAPE"],
               ["PHOTO_MISSING"], ["APPLICANT_OUTSIDE_MUNICIPALITY"], ["PRICE_ARITHMETIC"], ["SHELF_LIFE_TOO_SHORT"],
               ["COMPLAINT_TIMELINE_INVALID"], ["COMPLAINT_INCOMPLETE"]],
    "narita": [["PRICE_TIER_MISMATCH"], ["LOCAL_VALUE_SHARE_LOW"], ["APPLICANT_OUTSIDE_MUNICIPALITY"], ["LABEL_ORIGIN_MISSING"],
               ["PERMIT_EXPIRED"], ["PRICE_TIER_MISMATCH", "LOCAL_VALUE_SHARE_LOW"]],
    "gunma": [["PLAN_LATE"], ["PLAN_NO_PURCHASE_LIMIT"], ["PURCHASER_OUTSIDE_PREFECTURE"], ["PURCHASE_OVER_LIMIT"],
              ["PURCHASER_DUPLICATE"], ["PLAN_ITEM_NOT_ELIGIBLE"], ["PLAN_LATE", "PURCHASER_OUTSIDE_PREFECTURE"]],
}


class Sub:
    def __init__(self, profile, as_of, submitted_on):
        self.profile, self.as_of, self.submitted_on = profile, as_of, submitted_on
        self.permit_types, self.permit_until, self.permit_number = [], None, ""
        self.label_clean_allergen = False
        self.label_origin_ok = False
        self.sheet_drop = None
        self.docs: list = []
        self.photos: list = []
        self.not_findings: set = set()


# ---------------------------------------------------------------- submissions

def build_submission(ctx, profile, flaws, kind_variant):
    rng = ctx.rng
    as_of = dt.date(2026, rng.randint(1, 12), rng.randint(1, 28))
    sub = Sub(profile, as_of, as_of - dt.timedelta(days=rng.randint(2, 40)))
    outside = "APPLICANT_OUTSIDE_MUNICIPALITY" in flaws
    biz = Biz(ctx, profile, outside=outside)
    nf = set()
    if profile == "gunma":
        return build_gunma(ctx, sub, biz, flaws)
    if profile == "hamada" and kind_variant == "complaint":
        prod = B.Product(ctx, biz, ING.pick(rng, "collective"), MUNI[profile]["words"])
        sub.docs.append(B.complaint(ctx, sub, biz, prod, flaws))
        nf |= {"COMPLAINT_TIMELINE_INVALID", "COMPLAINT_INCOMPLETE"}
        sub.not_findings = nf - set(flaws)
        return sub
    food = not (profile in ("hamada", "narita") and rng.random() < 0.2) or any(
        f in flaws for f in ("ALLERGEN_UNDECLARED", "LABEL_ORIGIN_MISSING", "SHELF_LIFE_TOO_SHORT", "PERMIT_EXPIRED"))
    want = "undeclarable" if "ALLERGEN_UNDECLARED" in flaws else "no_origin_plain" if "LABEL_ORIGIN_MISSING" in flaws else \
        ("any" if profile in ("shika", "narita") and rng.random() < 0.25 else "collective")
    entry = pick_entry(rng, want, need_mand=("ALLERGEN_SHEET_MISMATCH" in flaws))
    prod = B.Product(ctx, biz, entry, MUNI[profile]["words"], want_food=food)
    drop = None
    if "ALLERGEN_UNDECLARED" in flaws:
        drop = rng.choice([a for a in entry.evidence() if a in entry.declared])
    if "ALLERGEN_SHEET_MISMATCH" in flaws:
        sub.sheet_drop = rng.choice([a for a in prod.allergens if a in ING.MANDATORY])
    money(ctx, sub, profile, flaws)
    # documents
    docs = []
    if food:
        docs.append(B.permit(ctx, sub, biz, prod, expired="PERMIT_EXPIRED" in flaws))
        if profile == "hamada" and rng.random() < 0.35 and "PERMIT_EXPIRED" not in flaws:
            docs.pop()      # hamada does not list a permit among its required papers: often absent
        docs.append(B.food_label(ctx, sub, biz, prod, flaw_undeclared=drop, flaw_origin="LABEL_ORIGIN_MISSING" in flaws))
        if drop:
            prod.allergens = [a for a in prod.allergens if a != drop]   # the sheet agrees with the (wrong) label
    if profile == "shika":
        docs.insert(0, B.pledge(ctx, sub, biz))
        if food:
            docs.insert(1, B.license_check(ctx, sub, biz, prod))
        docs.insert(2 if food else 1, B.pl_insurance(ctx, sub, biz))
        docs.insert(0, B.shika_app(ctx, sub, biz, prod, flaws))
        nf |= {"DONATION_NOT_ROUNDED"}
    elif profile == "ishigaki":
        docs.insert(0, B.ishigaki_app(ctx, sub, biz, prod, flaws))
        docs.insert(1, B.pledge(ctx, sub, biz))
        if rng.random() < 0.45 or "ALLERGEN_SHEET_MISMATCH" in flaws:
            docs.append(B.allergen_sheet(ctx, sub, biz, prod, drop=sub.sheet_drop))
        nf |= {"PRICE_ARITHMETIC", "ALLERGEN_SHEET_MISMATCH", "LOCAL_PROOF_MISSING"}
    elif profile == "hamada":
        docs.insert(0, B.hamada_app(ctx, sub, biz, prod, flaws))
        nf |= {"RETURN_RATIO_EXCEEDED", "TOTAL_COST_EXCEEDED", "PRICE_ARITHMETIC", "PHOTO_TOO_SMALL", "PHOTO_NOT_LANDSCAPE",
               "PHOTO_MISSING"}
    elif profile == "narita":
        docs.insert(0, B.narita_app(ctx, sub, biz, prod, flaws))
        nf |= {"PRICE_TIER_MISMATCH", "LOCAL_VALUE_SHARE_LOW"}
    sub.docs = docs
    photos_for(ctx, sub, profile, flaws)
    nf |= {"APPLICANT_OUTSIDE_MUNICIPALITY", "APPLICANT_MISMATCH"}
    if food:
        nf |= {"PERMIT_EXPIRED", "PERMIT_EXPIRES_SOON"} if any(d.kind == "permit" for d in docs) else set()
        nf |= {"SHELF_LIFE_TOO_SHORT"}
        if sub.label_clean_allergen:
            nf.add("ALLERGEN_UNDECLARED")
        if sub.label_origin_ok:
            nf.add("LABEL_ORIGIN_MISSING")
    collateral = {"PERMIT_EXPIRED": {"PERMIT_EXPIRES_SOON"}, "PRICE_ARITHMETIC": {"RETURN_RATIO_EXCEEDED", "TOTAL_COST_EXCEEDED"},
                  "RETURN_RATIO_EXCEEDED": {"TOTAL_COST_EXCEEDED"}, "TOTAL_COST_EXCEEDED": {"RETURN_RATIO_EXCEEDED"},
                  "APPLICANT_OUTSIDE_MUNICIPALITY": {"LOCAL_PROOF_MISSING"}, "PHOTO_MISSING": {"PHOTO_TOO_SMALL", "PHOTO_NOT_LANDSCAPE"},
                  "ALLERGEN_UNDECLARED": {"ALLERGEN_SHEET_MISMATCH"}, "PRICE_TIER_MISMATCH": {"LOCAL_VALUE_SHARE_LOW"}}
    for f in flaws:
        nf -= collateral.get(f, set())
    sub.not_findings = nf - set(flaws)
    return sub


def pick_entry(rng, want, need_mand=False):
    for _ in range(500):
        w = "no_origin" if want == "no_origin_plain" else want
        e = ING.pick(rng, w)
        first = ING.split_top(e.ingr_text, "、,")[0]
        simple_first = ("(" not in first and "（" not in first) or e.top_has_origin
        if not simple_first:
            continue
        if want == "no_origin_plain" and ("(" in first or "（" in first or not e.declared):
            continue
        if need_mand and not [a for a in (e.declared or []) if a in ING.MANDATORY]:
            continue
        if want == "undeclarable" and len(e.declared) < 2:
            continue
        return e
    raise RuntimeError("no ingredient list fits " + want)


def money(ctx, sub, profile, flaws):
    rng = ctx.rng
    if profile == "narita":
        k = rng.randint(0, 6)
        retail, lo, hi = B.NARITA_TIERS[k]
        sub.donation = lo + 1000 * rng.randint(0, (hi - lo) // 1000 - 1)
        sub.retail = retail
        if "PRICE_TIER_MISMATCH" in flaws:
            sub.retail = B.NARITA_TIERS[k + 3][0]
        sub.A = (retail * rng.choice([8, 9, 10]) // 10) // 10 * 10
        share = rng.uniform(0.05, 0.3) if "LOCAL_VALUE_SHARE_LOW" not in flaws else rng.uniform(0.55, 0.75)
        sub.B = int(sub.A * share) // 10 * 10
        return
    don = rng.choice(range(8000, 40000, 1000))
    sub.ship = rng.choice([930, 1060, 1150, 1280, 1390])
    sub.pack = rng.choice([0, 110, 150, 220, 330])
    ratio = rng.uniform(0.2, 0.27)
    if "RETURN_RATIO_EXCEEDED" in flaws:
        ratio = rng.uniform(0.32, 0.36)
    item = int(don * ratio) // 10 * 10
    if "TOTAL_COST_EXCEEDED" in flaws:
        item = int(don * 0.29) // 10 * 10
        sub.ship = max(sub.ship, int(don * 0.4) - item - sub.pack + rng.randint(300, 900))
    elif "RETURN_RATIO_EXCEEDED" not in flaws:
        while item + sub.ship + sub.pack > don * 0.39:
            don += 1000
    sub.item_incl, sub.donation, sub.retail = item, don, (item + sub.ship) // 100 * 100 + 100 * rng.randint(2, 8)
    if profile == "shika":
        sub.donation = don if "DONATION_NOT_ROUNDED" not in flaws else don + rng.choice([250, 500, 780, 120])
    if "RETURN_RATIO_EXCEEDED" in flaws and item + sub.ship + sub.pack > sub.donation * 0.4:
        flaws.append("TOTAL_COST_EXCEEDED")


def photos_for(ctx, sub, profile, flaws):
    rng = ctx.rng
    if profile == "hamada":
        main_portrait = "PHOTO_NOT_LANDSCAPE" in flaws
        small = "PHOTO_TOO_SMALL" in flaws
        sub.photos = [dict(role="product", name=rng.choice(["商品写真.jpg", "shouhin.jpg", "商品.jpg", "shouhin_01.jpg"]),
                           size=(1800, 2400) if main_portrait else ((640, 480) if small else rng.choice([(2400, 1800), (2592, 1944)])))]
        if "PHOTO_MISSING" not in flaws:
            sub.photos.append(dict(role="packaging", name=rng.choice(["荷姿写真.jpg", "nisugata.jpg", "荷姿.jpg"]),
                                   size=rng.choice([(2400, 1800), (2048, 1536)])))
    elif profile == "ishigaki":
        sub.photos = [dict(role=None, name=rng.choice(["商品写真.jpg", "IMG_{}.JPG".format(rng.randint(1000, 9999)), "shouhin.jpg"]),
                           size=rng.choice([(2400, 1800), (1800, 2400), (1200, 900), (640, 480)]))]
    elif profile == "narita" and rng.random() < 0.5:
        sub.photos = [dict(role=None, name=f"IMG_{rng.randint(1000, 9999)}.JPG", size=rng.choice([(2400, 1800), (1600, 1200)]))]
    else:
        sub.photos = []


def build_gunma(ctx, sub, biz, flaws):
    rng = ctx.rng
    y, m = sub.as_of.year, sub.as_of.month
    pm = (y + m // 12, m % 12 + 1)           # the sales month: next month
    sub.plan_month = pm
    deadline = dt.date(y, m, 25)
    if "PLAN_LATE" in flaws:
        sub.submitted_on = deadline + dt.timedelta(days=rng.randint(1, 3))
        if sub.submitted_on.month != m:
            sub.submitted_on = dt.date(y, m, 27)
    else:
        sub.submitted_on = deadline - dt.timedelta(days=rng.randint(0, 20))
    sub.as_of = max(sub.as_of, sub.submitted_on + dt.timedelta(days=1))
    items = rng.sample(B.GUNMA_ITEMS, rng.randint(2, 4))
    made = ["群馬県前橋市", "群馬県高崎市", "群馬県桐生市", "群馬県太田市", "群馬県伊勢崎市", "日本国内"]
    plan = []
    for k, (name, cat) in enumerate(items):
        lim = rng.choice([2, 3, 5, 10])
        plan.append([name, cat, rng.choice([500, 1000, 2000, 3000]), rng.choice([480, 880, 1200, 1650, 2980]), lim, rng.choice(made)])
    if "PLAN_NO_PURCHASE_LIMIT" in flaws:
        plan[rng.randrange(len(plan))][4] = None
    if "PLAN_ITEM_NOT_ELIGIBLE" in flaws:
        name, cat = rng.choice(B.NOT_ELIGIBLE)
        plan.append([name, cat, 300, 1980, 2, "群馬県前橋市"])
    sub.plan_items = [tuple(p) for p in plan]
    sub.docs = [B.sales_plan(ctx, sub, biz, flaws), B.purchase_list(ctx, sub, flaws)]
    sub.photos = []
    sub.not_findings = {"PLAN_LATE", "PLAN_NO_PURCHASE_LIMIT", "PURCHASER_OUTSIDE_PREFECTURE", "PURCHASE_OVER_LIMIT",
                        "PURCHASER_DUPLICATE", "PLAN_ITEM_NOT_ELIGIBLE"} - set(flaws)
    if "PLAN_NO_PURCHASE_LIMIT" in flaws:
        sub.not_findings.discard("PURCHASE_OVER_LIMIT")
    return sub


# ---------------------------------------------------------------- rendering

EXT = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "csv": ".csv"}


class Balancer:
    def __init__(self, rng):
        self.n = {k: 0 for k in INPUT_KINDS}
        self.rng = rng

    def pick(self, allowed):
        lo = min(self.n[k] for k in allowed)
        k = self.rng.choice([a for a in allowed if self.n[a] == lo])
        self.n[k] += 1
        return k


def render_doc(ctx, sub, doc, ik, folder, tmp, nprng):
    font = ctx.style("print_font")
    hand = ctx.style("hand_font") if ik in ("scan", "fax", "photo") and ctx.rand() < 0.75 else None
    marks = ctx.style("marks")
    lead = ctx.style("lead_marks")
    stem = doc.stem
    if doc.kind == "purchase_list":
        if ik == "csv":
            enc = ctx.style("csv_encoding")
            path = os.path.join(folder, stem + ".csv")
            table_csv(doc.meta["head"], doc.meta["table"], path, enc)
        else:
            path = os.path.join(folder, stem + ".xlsx")
            table_xlsx(doc.meta["head"], doc.meta["table"], path, sheet="申込者", title="購入申込者リスト" if ctx.rand() < 0.5 else None, font=font)
        return os.path.basename(path)
    if ik == "docx":
        path = os.path.join(folder, stem + ".docx")
        docx_form(doc, path, ctx, ctx.style("form_docx"), font, marks, lead)
        return os.path.basename(path)
    if ik == "xlsx":
        path = os.path.join(folder, stem + ".xlsx")
        xlsx_form(doc, path, ctx, ctx.style("form_xlsx"), font, marks, lead)
        return os.path.basename(path)
    pdf = os.path.join(tmp, stem + ".pdf") if ik != "pdf" else os.path.join(folder, stem + ".pdf")
    if doc.kind == "permit":
        permit_pdf(doc, pdf, ctx, doc.meta["style"], font, doc.meta.get("columns"))
    elif doc.kind == "food_label":
        label_pdf(doc, pdf, ctx, ctx.style("label"), font)
    else:
        if doc.kind == "pledge" and doc.meta.get("seal_wanted") and ik != "pdf":
            doc.meta["seal"] = doc.fields.get("pledge.business_name", "印")
        doc.set("pledge.sealed", bool(doc.meta.get("seal"))) if doc.kind == "pledge" else None
        form_pdf(doc, pdf, ctx, ctx.style("form_pdf"), font, hand, marks, lead)
    if ik == "pdf":
        return os.path.basename(pdf)
    dpi = {"scan": 300, "fax": 200, "photo": 150}[ik]
    pages = raster.pdf_pages(pdf, dpi, gray=(ik != "photo"))
    if ik == "photo" and len(pages) > 1:
        ik = "scan"
        pages = raster.pdf_pages(pdf, 300)
        doc.meta["input_kind_override"] = "scan"
    if ik == "scan":
        imgs = [raster.scan(p, nprng) for p in pages]
        mode = ctx.rng.choice(["jpg", "png", "pdf"] if len(imgs) == 1 else ["pdf", "tif"])
        name = f"{stem}_scan.{mode}"
        path = os.path.join(folder, name)
        if mode == "jpg":
            imgs[0].save(path, quality=85, dpi=(300, 300))
        elif mode == "png":
            imgs[0].save(path, dpi=(300, 300), optimize=False, compress_level=3)
        elif mode == "pdf":
            imgs[0].save(path, save_all=True, append_images=imgs[1:], resolution=300, quality=80)
        else:
            imgs[0].save(path, save_all=True, append_images=imgs[1:], dpi=(300, 300), compression="tiff_lzw")
        return name
    if ik == "fax":
        n = len(pages)
        hdr_date = sub.submitted_on
        imgs = [raster.fax(p, nprng, f"{fmt_date(hdr_date, 'slash')} {ctx.randint(8, 18):02d}:{ctx.randint(0, 59):02d}   FROM: {ctx.rng.choice(['0767', '0980', '0855', '0476', '027'])}-{ctx.randint(20, 99)}-{ctx.randint(1000, 9999)}      P.{k + 1:03d}/{n:03d}")
                for k, p in enumerate(pages)]
        mode = ctx.rng.choice(["tif", "png"] if n == 1 else ["tif", "pdf"])
        name = f"{stem}_fax.{mode}"
        path = os.path.join(folder, name)
        if mode == "tif":
            imgs[0].save(path, save_all=True, append_images=imgs[1:], dpi=(200, 200), compression="group4")
        elif mode == "png":
            imgs[0].save(path, dpi=(200, 200))
        else:
            imgs[0].save(path, save_all=True, append_images=imgs[1:], resolution=200)
        return name
    # photo
    im = raster.photo(pages[0], nprng, out_w=ctx.rng.choice([1600, 2000, 2200]))
    name = f"IMG_{ctx.randint(1000, 9999)}_{stem}.jpg" if ctx.rand() < 0.5 else f"{stem}_photo.jpg"
    im.save(os.path.join(folder, name), quality=88)
    return name


def render_photo(ctx, ph, folder, nprng, profile):
    w, h = ph["size"]
    if ctx.rand() < 0.5 or ph["role"] != "packaging":
        im = photos.product(nprng, w, h)
    else:
        im = photos.packaging(nprng, w, h, f"{MUNI[profile]['city'][-3:]}ふるさと納税\n返礼品" if ctx.rand() < 0.5 else None)
    if ph["role"] == "packaging":
        im = photos.packaging(nprng, w, h, "ふるさと納税 返礼品" if ctx.rand() < 0.6 else None)
    path = os.path.join(folder, ph["name"])
    q = 94 if max(w, h) > 1000 else 85
    im.save(path, quality=q, dpi=(72, 72))
    if ph["role"] and max(w, h) >= 2000 and os.path.getsize(path) < 1_100_000:
        im.save(path, quality=98)
    size = os.path.getsize(path)
    name = ph["name"]
    role = "product" if ("商品" in name or "shouhin" in name) else "packaging" if ("荷姿" in name or "nisugata" in name) else "unknown"
    fields = {"photo.width": w, "photo.height": h, "photo.format": "jpeg", "photo.bytes": size, "photo.role": role}
    return name, fields, size


def generate(split, seed, out, small=False, per_profile=None):
    ctx = Ctx(split, seed)
    rng = ctx.rng
    nprng = np.random.default_rng(seed * 7 + (0 if split == "dev" else 1))
    n = per_profile or (3 if small else 16)
    os.makedirs(out, exist_ok=True)
    bal = Balancer(rng)
    counts = {}
    tmp = tempfile.mkdtemp(prefix="family_b_")
    try:
        for profile in PROFILES:
            for i in range(n):
                clean = i % 3 == 0
                flaws = [] if clean else list(rng.choice(FLAWS[profile]))
                variant = "proposal"
                if profile == "hamada" and (i % 5 == 4 or any(f.startswith("COMPLAINT") for f in flaws)):
                    variant = "complaint"
                    if not any(f.startswith("COMPLAINT") for f in flaws) and not clean:
                        flaws = [rng.choice(["COMPLAINT_TIMELINE_INVALID", "COMPLAINT_INCOMPLETE"])]
                sub = build_submission(ctx, profile, flaws, variant)
                tag = "clean" if not flaws else "_".join(f.lower() for f in flaws)[:60]
                folder = os.path.join(out, f"{split}_s{seed}_{profile}_{i:02d}_{tag}")
                if os.path.exists(folder):
                    shutil.rmtree(folder)
                os.makedirs(folder)
                truth_docs = {}
                used = set()
                for doc in sub.docs:
                    ik = bal.pick(doc.allowed)
                    base = doc.stem
                    k = 2
                    while doc.stem in used:
                        doc.stem = f"{base}_{k}"
                        k += 1
                    used.add(doc.stem)
                    name = render_doc(ctx, sub, doc, ik, folder, tmp, nprng)
                    if doc.meta.get("input_kind_override"):
                        bal.n[ik] -= 1
                        ik = doc.meta["input_kind_override"]
                        bal.n[ik] += 1
                    truth_docs[name] = {"kind": doc.kind, "input_kind": ik, "fields": doc.fields}
                    counts.setdefault(ik, {}).setdefault(doc.kind, 0)
                    counts[ik][doc.kind] += 1
                for ph in sub.photos:
                    name, fields, _ = render_photo(ctx, ph, folder, nprng, profile)
                    truth_docs[name] = {"kind": "product_photo", "input_kind": "product_photo", "fields": fields}
                    counts.setdefault("product_photo", {}).setdefault("product_photo", 0)
                    counts["product_photo"]["product_photo"] += 1
                    bal.n["product_photo"] += 1
                truth = {"profile": profile, "as_of": sub.as_of.isoformat(), "split": split, "seed": seed,
                         "documents": truth_docs, "findings": sorted(set(flaws)), "not_findings": sorted(sub.not_findings)}
                with open(os.path.join(folder, "truth.json"), "w", encoding="utf-8") as f:
                    json.dump(truth, f, ensure_ascii=False, indent=1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return counts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=["dev", "heldout"], required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--small", action="store_true", help="about 1/5 of the documents (for tests)")
    a = ap.parse_args(argv)
    counts = generate(a.split, a.seed, a.out, small=a.small)
    tot = 0
    for ik in INPUT_KINDS:
        c = counts.get(ik, {})
        s = sum(c.values())
        tot += s
        print(f"{ik:14s} {s:4d}  " + ", ".join(f"{k}={v}" for k, v in sorted(c.items())))
    print(f"{'total':14s} {tot:4d}")


if __name__ == "__main__":
    main()
