"""Generate sample submissions with ground truth.

    python -m samples.generate --seed N --out DIR [--layout-variant K] [--rounds R]
                               [--formats pdf,docx,xlsx,csv,scan,photo]

One folder per submission: its files and truth.json (see samples/README.md).
Each round makes, for every profile, one complete submission and flawed ones
built to trigger specific findings; each document's format is drawn from
--formats, so a few rounds cover every kind in every format.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import unicodedata
from pathlib import Path

from samples.builders import application, common, food_label, forms, reports
from samples.model import DocSpec
from samples.render import csv as csv_r
from samples.render import docx as docx_r
from samples.render import image, pdf
from samples.render import xlsx as xlsx_r

AS_OF = dt.date(2026, 11, 22)
TODAY = dt.date(2026, 11, 1)
FORMATS = ["pdf", "docx", "xlsx", "csv", "scan", "photo"]
TABULAR = {"sales_plan", "purchase_list"}


def nfkc_values(v):
    """Truth values as SPEC §3 normalises them (NFKC strings)."""
    if isinstance(v, str):
        return unicodedata.normalize("NFKC", v)
    if isinstance(v, list):
        return [nfkc_values(x) for x in v]
    if isinstance(v, dict):
        return {k: nfkc_values(x) for k, x in v.items()}
    return v


def style_for(variant: int) -> dict:
    """Page style of a layout variant: fonts, column widths, where spreadsheets start."""
    r = random.Random(f"style-{variant}")
    return {"font_size": r.choice([9.5, 10.0, 10.5, 11.0]), "label_width": r.choice([95, 110, 130, 150]),
            "colon": r.choice(["：", ":", "："]), "docx_wide": variant % 4 == 3,
            "xlsx_offset": variant % 3, "xlsx_merge": variant % 2 == 1,
            "csv_encoding": "cp932" if variant % 2 else "utf-8-sig"}


def render(spec: DocSpec, fmt: str, rng: random.Random, style: dict) -> tuple[str, bytes, str]:
    """(file name, bytes, input kind) of one document in one input format.

    Multi-page documents are scanned, not photographed (a phone photo holds one page).
    """
    if spec.image:
        data = image.product_photo(spec.image["width"], spec.image["height"], spec.image["seed"],
                                   quality=60 if "PHOTO_TOO_SMALL" in spec.findings else 95)
        spec.truth["photo.bytes"] = len(data)
        return f"{spec.stem}.jpg", data, "photo"
    if fmt == "docx":
        return f"{spec.stem}.docx", docx_r.render(spec, style), fmt
    if fmt == "xlsx":
        return f"{spec.stem}.xlsx", xlsx_r.render(spec, style), fmt
    if fmt == "csv":
        return f"{spec.stem}.csv", csv_r.render(spec, style), fmt
    born = pdf.render(spec, style)
    if fmt == "pdf":
        return f"{spec.stem}.pdf", born, fmt
    pages = image.pages_of(born)
    if fmt == "photo" and len(pages) > 1:
        fmt = "scan"
    if fmt == "scan":
        pages = [image.scan(p, rng) for p in pages]
        if len(pages) > 1 or rng.random() < 0.5:
            return f"{rng.choice([spec.stem, 'scan'])}_{rng.randint(1, 999):03d}.pdf", image.scanned_pdf(pages), fmt
        fmt_img = rng.choice(["PNG", "JPEG"])
        return f"{spec.stem}_scan.{'png' if fmt_img == 'PNG' else 'jpg'}", image.encode(pages[0], fmt_img, rng), fmt
    shot = image.photo(pages[0], rng)
    return f"IMG_{rng.randint(1000, 9999)}.jpg", image.encode(shot, "JPEG", rng), fmt


def choose_format(spec: DocSpec, rng: random.Random, formats: list[str]) -> str:
    if spec.image:
        return "photo"
    allowed = [f for f in formats if f != "csv" or spec.kind == "purchase_list"]
    if spec.kind in TABULAR and "xlsx" in allowed and rng.random() < 0.4:
        return "xlsx"
    return rng.choice(allowed or ["pdf"])


def write_submission(out: Path, name: str, profile: str, specs: list[DocSpec], rng: random.Random,
                     formats: list[str], style: dict, extra_findings: list[str] | None = None) -> Path:
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    docs = {}
    for spec in specs:
        fmt = choose_format(spec, rng, formats)
        fname, data, fmt = render(spec, fmt, rng, style)
        while fname in docs:
            fname = f"{rng.randint(0, 9)}{fname}"
        (folder / fname).write_bytes(data)
        docs[fname] = {"kind": spec.kind, "input_kind": fmt, "fields": nfkc_values(spec.truth)}
    codes = sorted(set((extra_findings or []) + [c for s in specs for c in s.findings]))
    truth = {"profile": profile, "as_of": AS_OF.isoformat(), "documents": docs, "findings": codes}
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return folder


def profile_docs(profile: str, rng: random.Random, variant: int, flaw: str | None,
                 photos: bool = True) -> tuple[list[DocSpec], list[str]]:
    """The documents a supplier of this profile sends, with one deliberate flaw (or none)."""
    outside = flaw == "outside"
    sup = common.supplier(rng, profile, outside=outside)
    extra = ["APPLICANT_OUTSIDE_MUNICIPALITY"] if outside else []
    f = lambda name: flaw if flaw == name else None  # noqa: E731
    label = food_label.build(rng, sup, variant, flaw=f("undeclared_allergen"), today=TODAY)
    permit = forms.permit(rng, sup, profile, variant, TODAY, flaw=f("expired"))
    if profile == "gunma":
        plan, items = reports.sales_plan(rng, sup, variant, TODAY, flaw=f("late") or f("no_limit"))
        return [plan, reports.purchase_list(rng, items, variant, flaw="outside" if flaw == "outside_purchaser" else None)], []
    if profile == "shika":
        return [forms.pledge(rng, sup, profile, variant, TODAY), forms.license_check(rng, sup, variant, TODAY),
                forms.pl_insurance(rng, sup, variant, TODAY), permit, label], extra
    app = application.build(rng, sup, profile, variant, today=TODAY,
                            flaw=f("price_arithmetic") or f("return_ratio") or f("shelf_life") or f("local_share"))
    docs = [app, label, permit]
    if profile in ("ishigaki", "narita"):
        docs.append(forms.pledge(rng, sup, profile, variant, TODAY))
    if profile == "ishigaki":
        docs.append(forms.allergen_sheet(rng, sup, variant, app.truth["product.name"],
                                         app.truth.get("product.allergens", [])))
    if profile == "hamada" and not photos:
        extra.append("PHOTO_MISSING")    # hamada 4 asks for product and packaging photos
    if profile in ("hamada", "ishigaki") and photos:
        docs.append(reports.photo(rng, "product", variant, flaw=f("small_photo")))
        docs.append(reports.photo(rng, "packaging", variant))
    if profile == "hamada":
        docs.append(reports.complaint(rng, sup, variant, TODAY, app.truth["product.name"], flaw=f("timeline")))
    return docs, extra


FLAWS = {"shika": ["expired", "undeclared_allergen", "outside"],
         "ishigaki": ["price_arithmetic", "undeclared_allergen", "local_share"],
         "hamada": ["return_ratio", "timeline", "small_photo", "outside", "shelf_life"],
         "narita": ["expired", "local_share"],
         "gunma": ["late", "no_limit", "outside_purchaser"]}


def generate(out: Path, seed: int, variant: int, rounds: int = 1, formats: list[str] | None = None,
             flawed: int = 1, photos: bool = True) -> list[Path]:
    formats = formats or FORMATS
    style = style_for(variant)
    made = []
    for r in range(rounds):
        for profile, flaws in FLAWS.items():
            rng = random.Random(f"{seed}-{variant}-{r}-{profile}")
            flaws = [f for f in flaws if photos or f != "small_photo"]
            picks = [None] + rng.sample(flaws, min(flawed, len(flaws)))
            for flaw in picks:
                docs, extra = profile_docs(profile, rng, variant, flaw, photos)
                name = f"s{seed}v{variant}r{r}_{profile}_{flaw or 'clean'}"
                made.append(write_submission(out, name, profile, docs, rng, formats, style, extra))
    return made


def label_pair(out: Path, seed: int, variant: int) -> list[Path]:
    """A clean and a flawed food label as born-digital PDF (issue 2's slice)."""
    made = []
    for flaw in (None, "undeclared_allergen"):
        rng = random.Random(f"{seed}-{variant}-label-{flaw}")
        profile = rng.choice(["hamada", "ishigaki", "shika"])
        sup = common.supplier(rng, profile)
        spec = food_label.build(rng, sup, variant, flaw=flaw)
        name = f"food_label_{'clean' if flaw is None else flaw}"
        made.append(write_submission(out, name, profile, [spec], rng, ["pdf"], style_for(variant)))
    return made


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="samples/submissions")
    ap.add_argument("--layout-variant", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--flawed", type=int, default=1, help="flawed submissions per profile and round")
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--no-photos", action="store_true", help="leave out product/packaging photos")
    ap.add_argument("--labels-only", action="store_true", help="only the clean/flawed food label pair")
    args = ap.parse_args(argv)
    out = Path(args.out)
    if args.labels_only:
        made = label_pair(out, args.seed, args.layout_variant)
    else:
        made = generate(out, args.seed, args.layout_variant, args.rounds, args.formats.split(","), args.flawed,
                        photos=not args.no_photos)
    for p in made:
        print(p)


if __name__ == "__main__":
    main()
