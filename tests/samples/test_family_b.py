"""Invariants of the family-B sample generator (not of the reader)."""
from __future__ import annotations

import json
import os
import zipfile

import pytest
from PIL import Image

from samples.family_b import generate as G
from samples.family_b.util import split_list, wordings

KEYS = {
    "application": {"applicant.name", "applicant.representative", "applicant.address", "applicant.phone", "applicant.email",
                    "applicant.contact_person", "product.name", "product.category", "product.contents",
                    "product.best_before_days", "product.best_before_basis", "product.use_by_days", "product.use_by_basis",
                    "product.guaranteed_days", "product.allergens", "product.allergen_free", "shipping.box_size",
                    "shipping.temperature", "shipping.year_round", "shipping.period_from", "shipping.period_to",
                    "shipping.lead_days", "shipping.quantity_limit", "price.item_ex_tax", "price.item_incl_tax",
                    "price.tax_rate", "price.tax", "price.packaging", "price.shipping", "price.other", "price.total",
                    "retail.price_ex_tax", "retail.tax", "retail.total", "donation.amount", "price.procurement",
                    "origin.local_pct", "processing.local_pct", "processing.outside_cost", "manufacturer.name",
                    "manufacturer.address", "bank.bank_code", "bank.branch_code", "bank.account_type",
                    "bank.account_number", "bank.holder_kana", "submitted_on", "applicant.department",
                    "application.summary"},
    "permit": {"permit.number", "permit.holder", "permit.facility_name", "permit.facility_address",
               "permit.business_types", "permit.valid_from", "permit.valid_until", "permit.issuer"},
    "food_label": {"label.name", "label.ingredients", "label.additives", "label.allergens_declared", "label.net_contents",
                   "label.best_before", "label.use_by", "label.storage", "label.operator_role", "label.operator_name",
                   "label.operator_address", "label.origin", "label.date_printed_elsewhere",
                   "label.nutrition.energy_kcal", "label.nutrition.protein_g", "label.nutrition.fat_g",
                   "label.nutrition.carbohydrate_g", "label.nutrition.salt_g"},
    "allergen_sheet": {"allergens.checked", "allergens.all_confirmed", "allergens.notes"},
    "pledge": {"pledge.business_name", "pledge.representative", "pledge.address", "pledge.signed_on", "pledge.sealed"},
    "license_check": {"license.items"},
    "pl_insurance": {"pl_insurance.insured", "pl_insurance.insurer", "pl_insurance.valid_until"},
    "complaint_report": {"complaint.business_name", "complaint.product_name", "complaint.received_at",
                         "complaint.shipped_at", "complaint.carrier", "complaint.temperature", "complaint.content",
                         "complaint.first_contact_at", "complaint.city_notified_at", "complaint.timeline",
                         "complaint.prevention", "complaint.author"},
    "sales_plan": {"plan.business_name", "plan.month", "plan.submitted_on", "plan.items"},
    "purchase_list": {"purchases.rows"},
    "product_photo": {"photo.width", "photo.height", "photo.format", "photo.bytes", "photo.role"},
}
INPUT_KINDS = {"pdf", "docx", "xlsx", "csv", "scan", "fax", "photo", "product_photo"}
CODES = {"PERMIT_EXPIRED", "PERMIT_EXPIRES_SOON", "APPLICANT_OUTSIDE_MUNICIPALITY", "APPLICANT_MISMATCH",
         "ALLERGEN_UNDECLARED", "ALLERGEN_SHEET_MISMATCH", "LABEL_ORIGIN_MISSING", "SHELF_LIFE_TOO_SHORT",
         "PRICE_ARITHMETIC", "RETURN_RATIO_EXCEEDED", "TOTAL_COST_EXCEEDED", "DONATION_NOT_ROUNDED",
         "PRICE_TIER_MISMATCH", "LOCAL_VALUE_SHARE_LOW", "LOCAL_PROOF_MISSING", "PHOTO_MISSING", "PHOTO_TOO_SMALL",
         "PHOTO_NOT_LANDSCAPE", "PLAN_LATE", "PLAN_ITEM_NOT_ELIGIBLE", "PLAN_NO_PURCHASE_LIMIT",
         "PURCHASER_OUTSIDE_PREFECTURE", "PURCHASE_OVER_LIMIT", "PURCHASER_DUPLICATE", "COMPLAINT_INCOMPLETE",
         "COMPLAINT_TIMELINE_INVALID"}


@pytest.fixture(scope="module")
def small_dev(family_b_small_dev):
    return family_b_small_dev


def _truths(root):
    for d in sorted(os.listdir(root)):
        with open(os.path.join(root, d, "truth.json"), encoding="utf-8") as f:
            yield os.path.join(root, d), json.load(f)


def test_truth_keys_and_files(small_dev):
    n = 0
    for folder, t in _truths(small_dev):
        assert t["profile"] in G.PROFILES
        assert set(t["findings"]) <= CODES and set(t["not_findings"]) <= CODES
        assert not set(t["findings"]) & set(t["not_findings"])
        for name, doc in t["documents"].items():
            n += 1
            assert doc["input_kind"] in INPUT_KINDS
            assert set(doc["fields"]) <= KEYS[doc["kind"]], (name, set(doc["fields"]) - KEYS[doc["kind"]])
            path = os.path.join(folder, name)
            assert os.path.getsize(path) > 0
            if name.endswith((".docx", ".xlsx")):
                assert zipfile.ZipFile(path).testzip() is None
            elif name.endswith(".pdf"):
                assert open(path, "rb").read(5) == b"%PDF-"
            elif name.endswith(".csv"):
                raw = open(path, "rb").read()
                try:
                    raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    raw.decode("cp932")
            else:
                with Image.open(path) as im:
                    im.load()
                    if doc["kind"] == "product_photo":
                        assert [im.width, im.height] == [doc["fields"]["photo.width"], doc["fields"]["photo.height"]]
                        assert doc["fields"]["photo.bytes"] == os.path.getsize(path)
    assert n >= 40


def test_wordings_disjoint():
    w = wordings()
    for key, opts in w["labels"].items():
        dev, held = split_list(opts, "dev"), split_list(opts, "heldout")
        assert dev and held
        if len(opts) >= 2:
            assert not set(dev) & set(held), key
    for group, sp in w["layouts"].items():
        assert set(sp["heldout"]) - set(sp["dev"]), group   # heldout always has something dev lacks


def test_same_seed_same_truth(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    G.generate("dev", 9, str(a), per_profile=1)
    G.generate("dev", 9, str(b), per_profile=1)
    ta = [(os.path.basename(f), t) for f, t in _truths(a)]
    tb = [(os.path.basename(f), t) for f, t in _truths(b)]
    assert ta == tb
