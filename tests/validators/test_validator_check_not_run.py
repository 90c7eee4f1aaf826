"""No rule passes in silence: each rule's declared inputs (validators.inputs).

For every rule that reads fields: a record lacking one input (absent, unreadable for its
type, or under the profile's confidence threshold) gives CHECK_NOT_RUN naming the rule
and the field, and does not give the rule's own finding; the same record after a
reviewer's correction (method `manual`) lets the rule run and find the real problem.
"""
import copy

import pytest

from intake.pipeline import status_of
from intake.records import FieldValue
from validators.engine import validate
from validators.registry import NEEDS, RULES, TITLES
from vbuild import AS_OF, codes, doc, record


def app(**fields):
    base = dict(applicant__name="浜田製菓株式会社", applicant__address="島根県浜田市殿町1番地",
                product__name="焼菓子", product__category="food", product__best_before_days=60,
                processing__local_pct=80, price__item_incl_tax=2000, price__shipping=800,
                donation__amount=10000)
    base.update(fields)
    return doc("application", "application.xlsx", **{k: v for k, v in base.items() if v is not None})


def shika_app(**fields):
    return app(applicant__name="志賀食品", applicant__address="石川県羽咋郡志賀町1", **fields)


def narita_app(**fields):
    base = dict(applicant__address="千葉県成田市花崎町760", price__procurement=10000, processing__outside_cost=2000,
                retail__total=3000)
    base.update(fields)
    return app(**base)


LABEL = dict(label__name="焼菓子", label__ingredients_text="小麦粉（国内製造）、砂糖、バター／（一部に小麦・乳成分を含む）",
             label__net_contents="8個", label__best_before="2027-03-31", label__storage="常温",
             label__operator_name="浜田製菓株式会社", label__operator_address="島根県浜田市殿町1番地",
             label__nutrition_exempt=True)


def label(**over):
    fields = dict(LABEL)
    fields.update(over)
    return doc("food_label", "label.pdf", **{k: v for k, v in fields.items() if v is not None})


def plan(**over):
    fields = dict(plan__business_name="上州衛生", plan__month="2026-12", plan__submitted_on="2026-11-20",
                  plan__items=[{"name": "マスク", "purchase_limit": 3}])
    fields.update(over)
    return doc("sales_plan", "plan.xlsx", **{k: v for k, v in fields.items() if v is not None})


def photo(**over):
    fields = dict(photo__width=1200, photo__height=800, photo__bytes=1_500_000, photo__format="JPEG")
    fields.update(over)
    return doc("product_photo", "商品.jpg", **{k: v for k, v in fields.items() if v is not None})


def low(d, key, value, confidence=0.4):
    """`d` with `key` read at a confidence under the threshold (0.7)."""
    d.fields[key] = FieldValue(value, confidence=confidence, method="ocr")
    return d


# name, profile, documents (one input lacking), rule, field lacking, reason,
# correction (document source, key, value), the rule's finding once it runs
CASES = [
    ("ratio: price but no donation", "hamada", [app(donation__amount=None)], "price.return_ratio", "donation.amount",
     "missing", ("application.xlsx", "donation.amount", 6000), "RETURN_RATIO_EXCEEDED"),
    ("ratio: donation but no price", "hamada", [app(price__item_incl_tax=None)], "price.return_ratio",
     "price.item_incl_tax", "missing", ("application.xlsx", "price.item_incl_tax", 3300), "RETURN_RATIO_EXCEEDED"),
    ("ratio: ex-tax price without tax or rate", "ishigaki", [app(price__item_incl_tax=None, price__item_ex_tax=3000)],
     "price.return_ratio", "price.tax", "missing", ("application.xlsx", "price.tax", 300), "RETURN_RATIO_EXCEEDED"),
    ("ratio: price unreadable", "hamada", [app(price__item_incl_tax="税込 円")], "price.return_ratio",
     "price.item_incl_tax", "unreadable", ("application.xlsx", "price.item_incl_tax", "3,300円"), "RETURN_RATIO_EXCEEDED"),
    ("ratio: donation low confidence", "hamada", [low(app(), "donation.amount", 6000)], "price.return_ratio",
     "donation.amount", "low", ("application.xlsx", "donation.amount", 6000), "RETURN_RATIO_EXCEEDED"),
    ("ishigaki breakdown without its printed total", "ishigaki", [app(price__packaging=200)], "price.arithmetic",
     "price.total", "missing", ("application.xlsx", "price.total", 2500), "PRICE_ARITHMETIC"),
    ("hamada total cost: no shipping", "hamada", [app(price__item_incl_tax=2800, price__shipping=None)],
     "price.total_cost", "price.shipping", "missing", ("application.xlsx", "price.shipping", 1500), "TOTAL_COST_EXCEEDED"),
    ("shika rounding: no donation", "shika", [shika_app(donation__amount=None)], "price.donation_rounding",
     "donation.amount", "missing", ("application.xlsx", "donation.amount", 10500), "DONATION_NOT_ROUNDED"),
    ("narita tier: no retail price", "narita", [narita_app(retail__total=None)], "price.tier", "retail.total",
     "missing", ("application.xlsx", "retail.total", 6000), "PRICE_TIER_MISMATCH"),
    ("permit expiry unreadable", "hamada", [app(), doc("permit", permit__holder="浜田製菓株式会社",
                                                         permit__valid_until="令和　年　月　日まで")],
     "permit.validity", "permit.valid_until", "unreadable", ("permit.pdf", "permit.valid_until", "2026-10-31"),
     "PERMIT_EXPIRED"),
    ("permit expiry low confidence", "narita", [narita_app(), low(doc("permit", permit__holder="浜田製菓株式会社"),
                                                                   "permit.valid_until", "2026-10-31")],
     "permit.validity", "permit.valid_until", "low", ("permit.pdf", "permit.valid_until", "2026-10-31"), "PERMIT_EXPIRED"),
    ("permit types not read", "hamada", [app(product__name="ロースハム"),
                                         doc("permit", permit__holder="浜田製菓株式会社", permit__valid_until="2030-01-01")],
     "permit.type", "permit.business_types", "missing", ("permit.pdf", "permit.business_types", ["菓子製造業"]),
     "PERMIT_TYPE_MISMATCH"),
    ("origin: ingredient list without its brackets", "hamada",
     [app(), label(label__ingredients_text=None, label__ingredients=["小麦粉", "バター"])], "label.origin",
     "label.ingredients_text", "missing", ("label.pdf", "label.ingredients_text", "小麦粉、バター／（一部に小麦・乳成分を含む）"),
     "LABEL_ORIGIN_MISSING"),
    ("allergens: ingredients low confidence", "hamada",
     [app(), low(label(), "label.ingredients_text", "小麦粉（国内製造）、バター／（一部に小麦を含む）")],
     "allergens.undeclared", "label.ingredients_text", "low",
     ("label.pdf", "label.ingredients_text", "小麦粉（国内製造）、バター／（一部に小麦を含む）"), "ALLERGEN_UNDECLARED"),
    ("allergen sheet not read", "ishigaki", [app(), label(), doc("allergen_sheet", "sheet.pdf", allergens__all_confirmed=True)],
     "allergens.sheet", "allergens.checked", "missing", ("sheet.pdf", "allergens.checked", ["小麦"]),
     "ALLERGEN_SHEET_MISMATCH"),
    ("shelf life not read", "hamada", [app(product__best_before_days=None)], "shelf_life.min_days",
     "product.best_before_days", "missing", ("application.xlsx", "product.best_before_days", 5), "SHELF_LIFE_TOO_SHORT"),
    ("office address low confidence", "hamada", [low(app(), "applicant.address", "東京都千代田区丸の内1-1")],
     "locality.office", "applicant.address", "low", ("application.xlsx", "applicant.address", "東京都千代田区丸の内1-1"),
     "APPLICANT_OUTSIDE_MUNICIPALITY"),
    ("shika producer without address", "shika", [shika_app(manufacturer__name="金沢食品")], "locality.office",
     "manufacturer.address", "missing", ("application.xlsx", "manufacturer.address", "石川県金沢市1"),
     "APPLICANT_OUTSIDE_MUNICIPALITY"),
    ("processing share not read", "hamada", [app(processing__local_pct=None)], "locality.local_value",
     "processing.local_pct", "missing", ("application.xlsx", "processing.local_pct", 40), "LOCAL_VALUE_SHARE_LOW"),
    ("narita (A-B)/A without B", "narita", [narita_app(processing__outside_cost=None, processing__local_pct=None)], "locality.local_value",
     "processing.outside_cost", "missing", ("application.xlsx", "processing.outside_cost", 6000), "LOCAL_VALUE_SHARE_LOW"),
    ("set without its total", "shika", [shika_app(set__local_value=6000)], "locality.set_share", "set.total_value",
     "missing", ("application.xlsx", "set.total_value", 10000), "SET_LOCAL_SHARE_LOW"),
    ("bank account number not read", "ishigaki", [app(bank__bank_code="0188", bank__branch_code="001",
                                                      bank__holder_kana="イシガキショクヒン")],
     "bank.account", "bank.account_number", "missing", ("application.xlsx", "bank.account_number", "12345678"),
     "BANK_ACCOUNT_INVALID"),
    ("business name low confidence", "shika", [doc("pledge", pledge__business_name="志賀食品株式会社"),
                                               low(doc("permit"), "permit.holder", "能登水産")],
     "applicant.mismatch", "permit.holder", "low", ("permit.pdf", "permit.holder", "能登水産"), "APPLICANT_MISMATCH"),
    ("photo width not read", "hamada", [app(), photo(photo__width=None),
                                        doc("product_photo", "荷姿.jpg", photo__width=1200, photo__height=800)],
     "photo.quality", "photo.width", "missing", ("商品.jpg", "photo.width", 500), "PHOTO_TOO_SMALL"),
    ("plan date unreadable", "gunma", [plan(plan__submitted_on="令和　年　月　日")], "plan.deadline",
     "plan.submitted_on", "unreadable", ("plan.xlsx", "plan.submitted_on", "2026-11-26"), "PLAN_LATE"),
    ("plan month low confidence", "gunma", [low(plan(plan__submitted_on="2026-12-26"), "plan.month", "2027-01")],
     "plan.deadline", "plan.month", "low", ("plan.xlsx", "plan.month", "2027-01"), "PLAN_LATE"),
    ("plan items low confidence", "gunma", [low(plan(), "plan.items", [{"name": "マスク", "purchase_limit": None}])],
     "plan.items", "plan.items", "low", ("plan.xlsx", "plan.items", [{"name": "マスク", "purchase_limit": None}]),
     "PLAN_NO_PURCHASE_LIMIT"),
    ("purchaser rows not read", "gunma", [plan(), doc("purchase_list", "list.xlsx")], "purchases.checks",
     "purchases.rows", "missing",
     ("list.xlsx", "purchases.rows", [{"name": "A", "address": "埼玉県熊谷市1", "item": "マスク", "quantity": 1}]),
     "PURCHASER_OUTSIDE_PREFECTURE"),
    ("complaint receipt unreadable", "hamada",
     [doc("complaint_report", complaint__received_at="受付日不明", complaint__first_contact_at="2026-11-01T09:00")],
     "complaint.timeline", "complaint.received_at", "unreadable",
     ("complaint_report.pdf", "complaint.received_at", "2026-11-02T10:00"), "COMPLAINT_TIMELINE_INVALID"),
]


def _not_run(findings, field):
    return [f for f in findings if f.code == "CHECK_NOT_RUN" and f.field == field]


def _correct(docs, source, key, value):
    fixed = copy.deepcopy(docs)
    target = next(d for d in fixed if d.source == source)
    target.fields[key] = FieldValue(value, confidence=1.0, method="manual", corrected_by="reviewer")
    return fixed


@pytest.mark.parametrize("name,profile,docs,rule_name,field,reason,fix,code", CASES, ids=[c[0] for c in CASES])
def test_missing_input_says_check_not_run_and_the_correction_lets_the_rule_run(
        name, profile, docs, rule_name, field, reason, fix, code):
    before = validate(record(*copy.deepcopy(docs), profile=profile), profile, AS_OF)
    hits = _not_run(before, field)
    assert hits, [(f.code, f.field, f.evidence) for f in before]
    f = hits[0]
    assert f.severity == "warning"
    assert rule_name in f.evidence and field in f.evidence and reason in f.evidence
    assert TITLES[rule_name][0] in f.message                       # the rule, by its Japanese name
    assert "{" not in f.message and "{" not in f.message_en and f.rule
    assert code not in codes(before), "the rule judged on an input it lacks"
    assert status_of(record(*docs, profile=profile), before) == "needs_review"

    after = validate(record(*_correct(docs, *fix), profile=profile), profile, AS_OF)
    assert code in codes(after), [(f.code, f.field, f.evidence) for f in after]
    assert not [g for g in _not_run(after, field) if rule_name in g.evidence]


def test_every_rule_that_reads_fields_declares_them():
    """Rules without inputs are those whose job is to report absence, or that compare
    what happens to be there (a breakdown or a date pair the form need not have)."""
    reporters = {"confidence.low", "documents.unknown_kind", "documents.required", "documents.required_fields",
                 "documents.email_items", "label.items", "complaint.entries", "photo.required", "permit.missing",
                 "price.arithmetic", "label.dates"}
    assert {name for name in RULES if not NEEDS[name]} == reporters
    covered = {c[3] for c in CASES}
    assert {name for name in RULES if NEEDS[name]} - covered == set()


def test_a_complete_record_has_no_check_not_run():
    fs = validate(record(app(), label(), photo(), doc("product_photo", "荷姿.jpg", photo__width=1200, photo__height=800),
                         doc("permit", permit__holder="浜田製菓株式会社", permit__valid_until="2030-01-01",
                             permit__business_types=["菓子製造業"])), "hamada", AS_OF)
    assert "CHECK_NOT_RUN" not in codes(fs), [f.evidence for f in fs if f.code == "CHECK_NOT_RUN"]


@pytest.mark.parametrize("profile,docs,field,code", [
    # a field the profile requires: FIELD_MISSING (error) says it, no CHECK_NOT_RUN besides
    ("hamada", [app(), doc("permit", permit__holder="浜田製菓株式会社")], "permit.valid_until", "FIELD_MISSING"),
    ("hamada", [app(applicant__address=None)], "applicant.address", "FIELD_MISSING"),
    ("gunma", [plan(plan__submitted_on=None)], "plan.submitted_on", "FIELD_MISSING"),
    # a label without its ingredient list: LABEL_ITEM_MISSING says it for the allergen and origin checks
    ("hamada", [app(), label(label__ingredients_text=None)], "label.ingredients", "LABEL_ITEM_MISSING"),
])
def test_a_required_field_is_field_missing_not_check_not_run(profile, docs, field, code):
    fs = validate(record(*docs, profile=profile), profile, AS_OF)
    assert [f.code for f in fs if f.field == field] == [code]
    assert not [f for f in fs if f.code == "CHECK_NOT_RUN" and f.field and f.field.startswith(field)]


def test_one_finding_per_field_names_every_rule_it_stopped():
    fs = _not_run(validate(record(app(donation__amount=None)), "hamada", AS_OF), "donation.amount")
    assert len(fs) == 1
    for name in ("price.return_ratio", "price.total_cost", "price.donation_rounding"):
        assert name in fs[0].evidence and TITLES[name][0] in fs[0].message
    assert "寄附金額" in fs[0].message and fs[0].document == "application.xlsx"


def test_no_donation_asked_of_a_submission_without_an_application():
    """Not for documents that are absent: DOC_MISSING covers those."""
    fs = validate(record(label(), profile="hamada"), "hamada", AS_OF)
    assert "DOC_MISSING" in codes(fs) and not _not_run(fs, "donation.amount")


def test_fresh_food_and_raw_materials_mainly_local_need_less():
    fresh = validate(record(app(product__name="朝獲れ鮮魚", product__best_before_days=None)), "hamada", AS_OF)
    assert not _not_run(fresh, "product.best_before_days")
    local = validate(record(app(processing__local_pct=None, origin__local_pct=80)), "hamada", AS_OF)
    assert not _not_run(local, "processing.local_pct")


def test_unreadable_personal_values_are_not_shown():
    fs = validate(record(app(bank__bank_code="0188", bank__branch_code="001", bank__account_number="口座 ***",
                             bank__holder_kana="イシガキ")), "ishigaki", AS_OF)
    assert all("口座 ***" not in (f.evidence or "") + f.message for f in fs)


def test_low_confidence_value_confirmed_by_a_reviewer_is_used():
    d = low(app(), "donation.amount", 6000)
    d.fields["donation.amount"].corrected_by = "reviewer"
    assert "RETURN_RATIO_EXCEEDED" in codes(validate(record(d), "hamada", AS_OF))


def test_check_not_run_alone_is_never_clean():
    rec = record(app(donation__amount=None))
    fs = [f for f in validate(rec, "hamada", AS_OF) if f.code == "CHECK_NOT_RUN"]
    assert fs and status_of(rec, fs) == "needs_review"
    info = [f.__class__(**{**f.to_dict(), "severity": "info"}) for f in fs]   # whatever a profile makes of it
    assert status_of(rec, info) == "needs_review"
