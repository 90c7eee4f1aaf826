"""Table-driven positive/negative tests: one row per rule and situation."""
import datetime as dt

import pytest

from vbuild import AS_OF, codes, doc, record
from validators.engine import validate

FULL_LABEL = dict(label__name="焼菓子", label__ingredients_text="小麦粉（国内製造）、砂糖、バター、鶏卵／膨張剤、（一部に小麦・卵・乳成分を含む）",
                  label__net_contents="8個", label__best_before="2027-03-31", label__storage="直射日光を避けて保存",
                  label__operator_name="浜田製菓株式会社", label__operator_address="島根県浜田市殿町1番地",
                  label__nutrition__energy_kcal=420, label__nutrition__protein_g=5.1, label__nutrition__fat_g=20.0,
                  label__nutrition__carbohydrate_g=50.2, label__nutrition__salt_g=0.3)


def label(**over):
    fields = dict(FULL_LABEL)
    fields.update(over)
    return doc("food_label", "label.pdf", **{k: v for k, v in fields.items() if v is not None})


def app(**fields):
    base = dict(applicant__name="浜田製菓株式会社", applicant__address="島根県浜田市殿町1番地",
                product__name="焼菓子", product__category="food")
    base.update(fields)
    return doc("application", "application.xlsx", **{k: v for k, v in base.items() if v is not None})


def photos(*specs):
    return [doc("product_photo", name, photo__width=w, photo__height=h, photo__bytes=b, photo__format="JPEG")
            for name, w, h, b in specs]


GOOD_PHOTOS = photos(("商品.jpg", 1200, 800, 1_500_000), ("荷姿.jpg", 1200, 800, 1_500_000))

CASES = [
    # --- allergens
    ("undeclared milk", "hamada", [label(label__ingredients_text="小麦粉（国内製造）、バター／（一部に小麦を含む）")], "ALLERGEN_UNDECLARED", True),
    ("milk declared", "hamada", [label()], "ALLERGEN_UNDECLARED", False),
    ("emulsifier is not milk", "hamada", [label(label__ingredients_text="小麦粉（国内製造）／乳化剤、（一部に小麦を含む）")], "ALLERGEN_UNDECLARED", False),
    ("recommended undeclared", "hamada", [label(label__ingredients_text="小麦粉（国内製造）、ごま／（一部に小麦を含む）")], "ALLERGEN_RECOMMENDED_UNDECLARED", True),
    ("recommended declared", "hamada", [label(label__ingredients_text="小麦粉（国内製造）、ごま／（一部に小麦・ごまを含む）")], "ALLERGEN_RECOMMENDED_UNDECLARED", False),
    ("declared field only", "hamada", [label(label__ingredients_text=None, label__ingredients=["小麦粉", "全粉乳"], label__allergens_declared=["小麦"], label__origin="国産")], "ALLERGEN_UNDECLARED", True),
    ("sheet misses milk", "ishigaki", [label(), doc("allergen_sheet", allergens__checked=["小麦", "卵"])], "ALLERGEN_SHEET_MISMATCH", True),
    ("sheet agrees", "ishigaki", [label(), doc("allergen_sheet", allergens__checked=["小麦", "卵", "乳"])], "ALLERGEN_SHEET_MISMATCH", False),
    ("application allergen-free vs label", "ishigaki", [label(), app(product__allergen_free=True)], "ALLERGEN_SHEET_MISMATCH", True),
    ("application vs sheet without label", "ishigaki", [app(product__allergens=["卵"]), doc("allergen_sheet", allergens__checked=["卵", "乳"])], "ALLERGEN_SHEET_MISMATCH", True),
    # --- label items
    ("label lacks storage", "hamada", [label(label__storage=None)], "LABEL_ITEM_MISSING", True),
    ("label complete", "hamada", [label()], "LABEL_ITEM_MISSING", False),
    ("nutrition missing", "hamada", [label(label__nutrition__salt_g=None)], "LABEL_ITEM_MISSING", True),
    ("nutrition exempt", "hamada", [label(label__nutrition__salt_g=None, label__nutrition_exempt=True)], "LABEL_ITEM_MISSING", False),
    ("fresh label needs only name+origin", "hamada", [doc("food_label", label__name="ぶどう", label__origin="島根県産")], "LABEL_ITEM_MISSING", False),
    ("no origin of top ingredient", "hamada", [label(label__ingredients_text="小麦粉、バター／（一部に小麦・乳成分を含む）")], "LABEL_ORIGIN_MISSING", True),
    ("origin in brackets", "hamada", [label()], "LABEL_ORIGIN_MISSING", False),
    ("no verdict from a stripped list", "hamada", [label(label__ingredients_text=None, label__ingredients=["小麦粉", "砂糖"])], "LABEL_ORIGIN_MISSING", False),
    ("origin as separate field", "hamada", [label(label__ingredients_text="小麦粉、バター／（一部に小麦・乳成分を含む）", label__origin="小麦粉（国内製造）")], "LABEL_ORIGIN_MISSING", False),
    ("both date kinds", "hamada", [label(label__use_by="2026-12-01")], "LABEL_DATE_INCONSISTENT", True),
    ("one date kind", "hamada", [label()], "LABEL_DATE_INCONSISTENT", False),
    ("long use-by period", "hamada", [app(product__use_by_days=30)], "LABEL_DATE_INCONSISTENT", True),
    # --- shelf life
    ("5 days after arrival", "hamada", [app(product__best_before_days=5, product__best_before_basis="arrival")], "SHELF_LIFE_TOO_SHORT", True),
    ("14 days", "hamada", [app(product__best_before_days=14, product__best_before_basis="arrival")], "SHELF_LIFE_TOO_SHORT", False),
    ("guaranteed days 3", "shika", [app(product__guaranteed_days="3日")], "SHELF_LIFE_TOO_SHORT", True),
    ("fresh fish exempt", "hamada", [app(product__name="鮮魚セット", product__guaranteed_days=2)], "SHELF_LIFE_TOO_SHORT", False),
    ("craft has no shelf life", "hamada", [app(product__category="craft", product__guaranteed_days=2)], "SHELF_LIFE_TOO_SHORT", False),
    # --- price
    ("tax wrong", "ishigaki", [app(price__item_ex_tax=3000, price__tax_rate=8, price__tax=300, price__total=3300)], "PRICE_ARITHMETIC", True),
    ("tax right 8%", "ishigaki", [app(price__item_ex_tax=3000, price__tax_rate=8, price__tax=240, price__packaging=200, price__total=3440)], "PRICE_ARITHMETIC", False),
    ("tax rounding floor", "ishigaki", [app(price__item_ex_tax=1234, price__tax_rate=8, price__tax=98, price__total=1332)], "PRICE_ARITHMETIC", False),
    ("tax rounding ceil", "ishigaki", [app(price__item_ex_tax=1234, price__tax_rate=8, price__tax=99, price__total=1333)], "PRICE_ARITHMETIC", False),
    ("total wrong", "ishigaki", [app(price__item_ex_tax=3000, price__tax_rate=10, price__tax=300, price__packaging=100, price__total=3300)], "PRICE_ARITHMETIC", True),
    ("parts unread may be the gap", "hamada", [app(price__item_ex_tax=3954, price__tax=316, price__total=5350)], "PRICE_ARITHMETIC", False),
    ("total wrong, item incl. tax", "hamada", [app(price__item_incl_tax=5620, price__packaging=220, price__shipping=1060, price__total=7900)], "PRICE_ARITHMETIC", True),
    ("total right, item incl. tax", "hamada", [app(price__item_incl_tax=5620, price__packaging=220, price__shipping=1060, price__total=6900)], "PRICE_ARITHMETIC", False),
    ("a form without a shipping row", "ishigaki", [app(price__item_ex_tax=4650, price__tax=372, price__tax_rate=8, price__packaging=100, price__other=250, price__total=5472)], "PRICE_ARITHMETIC", True),
    ("over its total whatever is unread", "hamada", [app(price__item_ex_tax=5000, price__tax=400, price__total=5350)], "PRICE_ARITHMETIC", True),
    ("no rate ticked, 10% fits", "ishigaki", [app(price__item_ex_tax=3000, price__tax=300)], "PRICE_ARITHMETIC", False),
    ("no rate ticked, nothing fits", "ishigaki", [app(price__item_ex_tax=3000, price__tax=450)], "PRICE_ARITHMETIC", True),
    ("rate 5%", "ishigaki", [app(price__item_ex_tax=3000, price__tax_rate=5)], "PRICE_ARITHMETIC", True),
    ("retail sums", "ishigaki", [app(retail__price_ex_tax=4000, retail__tax=320, retail__total=4320, price__tax_rate=8)], "PRICE_ARITHMETIC", False),
    ("retail wrong", "ishigaki", [app(retail__price_ex_tax=4000, retail__tax=320, retail__total=4420, price__tax_rate=8)], "PRICE_ARITHMETIC", True),
    ("ratio not run without donation", "hamada", [app(price__item_incl_tax=3300)], "CHECK_NOT_RUN", True),
    ("ratio runs with both", "shika", [app(applicant__address="石川県羽咋郡志賀町1", price__item_incl_tax=3300, donation__amount=10000,
                                           product__best_before_days=30, processing__local_pct=80)], "CHECK_NOT_RUN", False),
    ("ratio 33%", "hamada", [app(price__item_incl_tax=3300, donation__amount=10000)], "RETURN_RATIO_EXCEEDED", True),
    ("ratio 30% exactly", "hamada", [app(price__item_incl_tax=3000, donation__amount=10000)], "RETURN_RATIO_EXCEEDED", False),
    ("ratio from ex tax", "hamada", [app(price__item_ex_tax=2900, price__tax_rate=8, donation__amount=10000)], "RETURN_RATIO_EXCEEDED", True),
    ("shika ratio includes packaging", "shika", [app(price__item_incl_tax=2800, price__packaging=300, donation__amount=10000)], "RETURN_RATIO_EXCEEDED", True),
    ("hamada total 45%", "hamada", [app(price__item_incl_tax=3000, price__shipping=1200, price__packaging=300, donation__amount=10000)], "TOTAL_COST_EXCEEDED", True),
    ("hamada total 40%", "hamada", [app(price__item_incl_tax=3000, price__shipping=800, price__packaging=200, donation__amount=10000)], "TOTAL_COST_EXCEEDED", False),
    ("donation 10500", "shika", [app(donation__amount=10500)], "DONATION_NOT_ROUNDED", True),
    ("donation 11000", "shika", [app(donation__amount=11000)], "DONATION_NOT_ROUNDED", False),
    ("hamada points wrong", "hamada", [app(donation__amount=12000, donation__points=10)], "DONATION_NOT_ROUNDED", True),
    ("hamada points right", "hamada", [app(donation__amount=12000, donation__points=12)], "DONATION_NOT_ROUNDED", False),
    ("narita tier off", "narita", [app(applicant__address="千葉県成田市花崎町760", retail__total=6000, donation__amount=10000)], "PRICE_TIER_MISMATCH", True),
    ("narita tier fits", "narita", [app(applicant__address="千葉県成田市花崎町760", retail__total=3100, donation__amount=10000)], "PRICE_TIER_MISMATCH", False),
    ("narita retail within the band above the tier price", "narita", [app(applicant__address="千葉県成田市花崎町760", retail__total=10152, donation__amount=31000)], "PRICE_TIER_MISMATCH", False),
    ("narita retail of the next band", "narita", [app(applicant__address="千葉県成田市花崎町760", retail__total=7755, donation__amount=24000)], "PRICE_TIER_MISMATCH", True),
    ("narita tier 11", "narita", [app(applicant__address="千葉県成田市花崎町760", retail__total=18000, donation__amount=80000)], "PRICE_TIER_MISMATCH", False),
    ("narita below tiers", "narita", [app(applicant__address="千葉県成田市花崎町760", retail__total=1000, donation__amount=3000)], "PRICE_TIER_MISMATCH", True),
    # --- locality
    ("office outside", "hamada", [app(applicant__address="島根県松江市殿町1")], "APPLICANT_OUTSIDE_MUNICIPALITY", True),
    ("office inside", "hamada", [app()], "APPLICANT_OUTSIDE_MUNICIPALITY", False),
    ("gun form", "shika", [doc("pledge", pledge__business_name="志賀食品", pledge__address="羽咋郡志賀町富来領家町甲10")], "APPLICANT_OUTSIDE_MUNICIPALITY", False),
    ("other shiga", "shika", [doc("pledge", pledge__business_name="志賀食品", pledge__address="滋賀県志賀町和邇中")], "APPLICANT_OUTSIDE_MUNICIPALITY", True),
    ("bought from an outside producer", "shika", [app(applicant__address="石川県羽咋郡志賀町1", manufacturer__name="金沢食品", manufacturer__address="石川県金沢市1")], "APPLICANT_OUTSIDE_MUNICIPALITY", True),
    ("own factory", "shika", [app(applicant__name="志賀食品", applicant__address="石川県羽咋郡志賀町1", manufacturer__name="志賀食品株式会社", manufacturer__address="石川県金沢市1")], "APPLICANT_OUTSIDE_MUNICIPALITY", False),
    ("factory inside counts", "narita", [app(applicant__address="東京都港区1-1", manufacturer__address="千葉県成田市本町1")], "APPLICANT_OUTSIDE_MUNICIPALITY", False),
    ("ishigaki outside no proof", "ishigaki", [app(applicant__address="沖縄県那覇市泉崎1-1")], "LOCAL_PROOF_MISSING", True),
    ("ishigaki outside with proof", "ishigaki", [app(applicant__address="沖縄県那覇市泉崎1-1"), doc("other", "納品書.pdf")], "LOCAL_PROOF_MISSING", False),
    ("ishigaki outside is not an error", "ishigaki", [app(applicant__address="沖縄県那覇市泉崎1-1")], "APPLICANT_OUTSIDE_MUNICIPALITY", False),
    ("narita (A-B)/A 40%", "narita", [app(applicant__address="千葉県成田市花崎町760", price__procurement=10000, processing__outside_cost=6000)], "LOCAL_VALUE_SHARE_LOW", True),
    ("narita exactly 50%", "narita", [app(applicant__address="千葉県成田市花崎町760", price__procurement=10000, processing__outside_cost=5000)], "LOCAL_VALUE_SHARE_LOW", True),
    ("narita 60%", "narita", [app(applicant__address="千葉県成田市花崎町760", price__procurement=10000, processing__outside_cost=4000)], "LOCAL_VALUE_SHARE_LOW", False),
    ("ishigaki processing 40% origin 30%", "ishigaki", [app(processing__local_pct=40, origin__local_pct=30)], "LOCAL_VALUE_SHARE_LOW", True),
    ("ishigaki processing 40% origin 80%", "ishigaki", [app(processing__local_pct=40, origin__local_pct=80)], "LOCAL_VALUE_SHARE_LOW", False),
    ("shika set 60%", "shika", [app(set__local_value=6000, set__total_value=10000)], "SET_LOCAL_SHARE_LOW", True),
    ("shika set 70%", "shika", [app(set__local_pct=70)], "SET_LOCAL_SHARE_LOW", False),
    # --- bank
    ("bank ok", "ishigaki", [app(bank__bank_code="0188", bank__branch_code="001", bank__account_number="1234567", bank__holder_kana="ｶ)ｲｼｶﾞｷｼｮｸﾋﾝ")], "BANK_ACCOUNT_INVALID", False),
    ("branch 2 digits", "ishigaki", [app(bank__bank_code="0188", bank__branch_code="01", bank__account_number="1234567")], "BANK_ACCOUNT_INVALID", True),
    ("account 8 digits", "ishigaki", [app(bank__bank_code="0188", bank__branch_code="001", bank__account_number="12345678")], "BANK_ACCOUNT_INVALID", True),
    ("bank 3 digits", "ishigaki", [app(bank__bank_code="188", bank__branch_code="001", bank__account_number="1234567")], "BANK_ACCOUNT_INVALID", True),
    ("yucho symbol/number", "ishigaki", [app(bank__bank_code="9900", bank__account_number="17010-12345671")], "BANK_ACCOUNT_INVALID", False),
    ("yucho bad number", "ishigaki", [app(bank__bank_code="9900", bank__account_number="27010-12345678")], "BANK_ACCOUNT_INVALID", True),
    ("holder kanji", "ishigaki", [app(bank__holder_kana="石垣食品")], "BANK_ACCOUNT_INVALID", True),
    # --- permits
    ("no permit shika food", "shika", [label(), doc("license_check", license__items=[{"name": "菓子製造業"}])], "PERMIT_MISSING", True),
    ("permit present", "shika", [label(), doc("permit", permit__holder="x", permit__valid_until="2030-03-31")], "PERMIT_MISSING", False),
    ("craft needs no permit", "shika", [app(product__category="craft")], "PERMIT_MISSING", False),
    ("expired", "hamada", [doc("permit", permit__valid_until="2026-10-31")], "PERMIT_EXPIRED", True),
    ("valid", "hamada", [doc("permit", permit__valid_until="2029-10-31")], "PERMIT_EXPIRED", False),
    ("expires in 60 days", "hamada", [doc("permit", permit__valid_until="2027-01-21")], "PERMIT_EXPIRES_SOON", True),
    ("expires in 120 days", "hamada", [doc("permit", permit__valid_until="2027-03-22")], "PERMIT_EXPIRES_SOON", False),
    ("license item expired", "shika", [doc("license_check", license__items=[{"name": "菓子製造業", "valid_until": "2026-01-31"}])], "PERMIT_EXPIRED", True),
    ("ham needs meat products", "hamada", [app(product__name="ロースハム"), doc("permit", permit__business_types=["菓子製造業"], permit__valid_until="2030-01-01")], "PERMIT_TYPE_MISMATCH", True),
    ("sweets with sweets permit", "hamada", [app(), doc("permit", permit__business_types=["菓子製造業"], permit__valid_until="2030-01-01")], "PERMIT_TYPE_MISMATCH", False),
    ("pre-2021 name still valid", "hamada", [app(product__name="手打ちそば"), doc("permit", permit__business_types=["めん類製造業"], permit__valid_until="2027-06-30")], "PERMIT_TYPE_MISMATCH", False),
    ("fish pickled in miso is not miso making", "hamada", [app(product__name="能登ふぐ味噌漬"), doc("permit", permit__business_types=["水産製品製造業"], permit__valid_until="2030-01-01")], "PERMIT_TYPE_MISMATCH", False),
    ("old soy-sauce name maps", "hamada", [app(product__name="醤油"), doc("permit", permit__business_types=["醤油製造業"], permit__valid_until="2027-06-30")], "PERMIT_TYPE_MISMATCH", False),
    # --- applicant
    ("names differ", "shika", [doc("pledge", pledge__business_name="志賀食品株式会社"), doc("permit", permit__holder="能登水産有限会社")], "APPLICANT_MISMATCH", True),
    ("legal form only differs", "shika", [doc("pledge", pledge__business_name="志賀食品株式会社"), doc("permit", permit__holder="志賀食品(株)")], "APPLICANT_MISMATCH", False),
    ("permit held by representative", "hamada", [app(applicant__representative="浜田太郎"), doc("permit", permit__holder="浜田 太郎")], "APPLICANT_MISMATCH", False),
    # --- documents
    ("shika needs pl sheet", "shika", [doc("pledge"), doc("license_check")], "DOC_MISSING", True),
    ("hamada needs application", "hamada", [label()], "DOC_MISSING", True),
    ("complaint report filed alone", "hamada", [doc("complaint_report")], "DOC_MISSING", False),
    ("complaint report needs no photo", "hamada", [doc("complaint_report")], "PHOTO_MISSING", False),
    ("unknown kind", "hamada", [doc("other", "brochure.pdf")], "DOC_UNKNOWN_KIND", True),
    ("nothing read: the pipeline reports it", "hamada", [doc("other", "broken.pdf", pages=0)], "DOC_UNKNOWN_KIND", False),
    ("other expected in ishigaki", "ishigaki", [doc("other", "brochure.pdf")], "DOC_UNKNOWN_KIND", False),
    ("pledge without date", "shika", [doc("pledge", pledge__business_name="志賀食品", pledge__address="志賀町")], "FIELD_MISSING", True),
    ("ishigaki food needs confirmation", "ishigaki", [app()], "FIELD_MISSING", True),
    ("ishigaki confirmation given", "ishigaki", [app(applicant__representative="石垣一郎", allergens__all_confirmed=True)], "FIELD_MISSING", False),
    ("low confidence", "hamada", [doc("application", confidence=0.4, applicant__name="浜田製菓")], "FIELD_LOW_CONFIDENCE", True),
    ("high confidence", "hamada", [doc("application", confidence=0.95, applicant__name="浜田製菓")], "FIELD_LOW_CONFIDENCE", False),
    # --- photos (hamada 4(2))
    ("no photos", "hamada", [app()], "PHOTO_MISSING", True),
    ("both photos", "hamada", [app(), *GOOD_PHOTOS], "PHOTO_MISSING", False),
    ("one unknown photo", "hamada", [app(), *photos(("img1.jpg", 1200, 800, 1_500_000))], "PHOTO_MISSING", True),
    ("two unknown photos", "hamada", [app(), *photos(("img1.jpg", 1200, 800, 1_500_000), ("img2.jpg", 1200, 800, 1_500_000))], "PHOTO_MISSING", False),
    ("narrow photo", "hamada", [*photos(("商品.jpg", 600, 400, 1_500_000))], "PHOTO_TOO_SMALL", True),
    ("small file", "hamada", [*photos(("商品.jpg", 1200, 800, 300_000))], "PHOTO_TOO_SMALL", True),
    ("good size", "hamada", GOOD_PHOTOS, "PHOTO_TOO_SMALL", False),
    ("portrait main", "hamada", [*photos(("商品.jpg", 800, 1200, 1_500_000))], "PHOTO_NOT_LANDSCAPE", True),
    ("portrait packaging only", "hamada", [*photos(("商品.jpg", 1200, 800, 1_500_000), ("荷姿.jpg", 800, 1200, 1_500_000))], "PHOTO_NOT_LANDSCAPE", False),
    ("png", "hamada", [doc("product_photo", "商品.png", photo__width=1200, photo__height=800, photo__bytes=2_000_000, photo__format="PNG")], "PHOTO_NOT_JPEG", True),
    # --- gunma plan / purchases
    ("plan late", "gunma", [doc("sales_plan", plan__month="2026-12", plan__submitted_on="2026-11-26")], "PLAN_LATE", True),
    ("plan on the 25th", "gunma", [doc("sales_plan", plan__month="2026-12", plan__submitted_on="2026-11-25")], "PLAN_LATE", False),
    ("plan for january", "gunma", [doc("sales_plan", plan__month="2027-01", plan__submitted_on="2026-12-26")], "PLAN_LATE", True),
    ("item not eligible", "gunma", [doc("sales_plan", plan__items=[{"name": "牛肉セット", "purchase_limit": 2}])], "PLAN_ITEM_NOT_ELIGIBLE", True),
    ("masks eligible", "gunma", [doc("sales_plan", plan__items=[{"name": "サージカルマスク50枚入", "purchase_limit": 2}])], "PLAN_ITEM_NOT_ELIGIBLE", False),
    ("no limit", "gunma", [doc("sales_plan", plan__items=[{"name": "マスク", "purchase_limit": None}])], "PLAN_NO_PURCHASE_LIMIT", True),
    ("limit set", "gunma", [doc("sales_plan", plan__items=[{"name": "マスク", "purchase_limit": "3"}])], "PLAN_NO_PURCHASE_LIMIT", False),
    ("purchaser in saitama", "gunma", [doc("purchase_list", purchases__rows=[{"name": "A", "address": "埼玉県熊谷市1", "item": "マスク", "quantity": 1}])], "PURCHASER_OUTSIDE_PREFECTURE", True),
    ("purchaser in takasaki without prefecture", "gunma", [doc("purchase_list", purchases__rows=[{"name": "A", "address": "高崎市高松町1", "item": "マスク", "quantity": 1}])], "PURCHASER_OUTSIDE_PREFECTURE", False),
    ("over limit across rows", "gunma", [doc("sales_plan", plan__items=[{"name": "マスク", "purchase_limit": 3}]),
                                        doc("purchase_list", purchases__rows=[{"name": "山田花子", "birth_date": "1980-01-01", "address": "群馬県前橋市1", "item": "マスク", "quantity": 2},
                                                                              {"name": "山田花子", "birth_date": "1980-01-01", "address": "群馬県前橋市1", "item": "マスク", "quantity": 2}])], "PURCHASE_OVER_LIMIT", True),
    ("within limit", "gunma", [doc("sales_plan", plan__items=[{"name": "マスク", "purchase_limit": 3}]),
                               doc("purchase_list", purchases__rows=[{"name": "山田花子", "birth_date": "1980-01-01", "item": "マスク", "quantity": 3}])], "PURCHASE_OVER_LIMIT", False),
    ("duplicate person", "gunma", [doc("purchase_list", purchases__rows=[{"name": "山田花子", "address": "群馬県前橋市1", "item": "マスク", "quantity": 1},
                                                                          {"name": "山田 花子", "address": "群馬県前橋市1", "item": "消毒液", "quantity": 1}])], "PURCHASER_DUPLICATE", True),
    ("namesakes differ", "gunma", [doc("purchase_list", purchases__rows=[{"name": "山田花子", "birth_date": "1980-01-01", "address": "群馬県前橋市1", "item": "マスク", "quantity": 1},
                                                                         {"name": "山田花子", "birth_date": "1990-05-05", "address": "群馬県高崎市2", "item": "マスク", "quantity": 1}])], "PURCHASER_DUPLICATE", False),
    # --- hamada complaints
    ("complaint lacks prevention", "hamada", [doc("complaint_report", complaint__business_name="x", complaint__product_name="y", complaint__received_at="2026-11-01T10:00",
                                                complaint__content="届かない", complaint__first_contact_at="2026-11-01T11:00", complaint__timeline=["2026-11-01 連絡"], complaint__author="z")], "COMPLAINT_INCOMPLETE", True),
    ("complaint complete", "hamada", [doc("complaint_report", complaint__business_name="x", complaint__product_name="y", complaint__received_at="2026-11-01T10:00", complaint__prevention="確認徹底",
                                        complaint__content="届かない", complaint__first_contact_at="2026-11-01T11:00", complaint__timeline=["2026-11-01 連絡"], complaint__author="z")], "COMPLAINT_INCOMPLETE", False),
    ("contact before receipt", "hamada", [doc("complaint_report", complaint__received_at="2026-11-02T10:00", complaint__first_contact_at="2026-11-01T09:00")], "COMPLAINT_TIMELINE_INVALID", True),
    ("timeline out of order", "hamada", [doc("complaint_report", complaint__received_at="2026-11-01", complaint__timeline=["2026-11-03 再送", "2026-11-02 連絡"])], "COMPLAINT_TIMELINE_INVALID", True),
    ("timeline in order", "hamada", [doc("complaint_report", complaint__shipped_at="2026-10-30", complaint__received_at="2026-11-01T10:00", complaint__first_contact_at="2026-11-01T11:00",
                                       complaint__timeline=["2026-11-01 連絡", "2026-11-02 再送"])], "COMPLAINT_TIMELINE_INVALID", False),
]


@pytest.mark.parametrize("name,profile,docs,code,expected", CASES, ids=[c[0] for c in CASES])
def test_rule(name, profile, docs, code, expected):
    findings = validate(record(*docs, profile=profile), profile, AS_OF)
    assert (code in codes(findings)) is expected, [(f.code, f.evidence) for f in findings]
    for f in findings:
        assert f.message and f.message_en and f.rule, f
        assert "{" not in f.message and "{" not in f.message_en


def test_a_breakdown_short_of_its_total_asks_for_its_unread_parts():
    findings = validate(record(app(price__item_ex_tax=3954, price__tax=316, price__total=5350, price__shipping=930)),
                        "hamada", AS_OF)
    asked = [f for f in findings if f.code == "CHECK_NOT_RUN" and f.field == "price.packaging"]
    assert len(asked) == 1 and "金額の計算" in asked[0].message, [(f.code, f.field) for f in findings]
    assert not any(f.code == "CHECK_NOT_RUN" and f.field == "price.shipping" for f in findings)


def test_evidence_shows_ingredient_and_allergen():
    f = next(f for f in validate(record(label(label__ingredients_text="小麦粉（国内製造）、バター／（一部に小麦を含む）")), "hamada", AS_OF)
             if f.code == "ALLERGEN_UNDECLARED")
    assert f.evidence == "バター → 乳" and f.field == "label.allergens_declared" and f.document == "label.pdf"


def test_evidence_shows_ratio_numbers():
    f = next(f for f in validate(record(app(price__item_incl_tax=3300, donation__amount=10000)), "hamada", AS_OF)
             if f.code == "RETURN_RATIO_EXCEEDED")
    assert "3,300円" in f.evidence and "10,000円" in f.evidence and "33.0%" in f.evidence
    assert f.rule == "hamada 2(6)"


def test_evidence_shows_both_names():
    fs = validate(record(doc("pledge", pledge__business_name="志賀食品株式会社"), doc("permit", permit__holder="能登水産"),
                         profile="shika"), "shika", AS_OF)
    f = next(f for f in fs if f.code == "APPLICANT_MISMATCH")
    assert "志賀食品株式会社" in f.evidence and "能登水産" in f.evidence


def test_cashew_is_warning_during_transition_and_error_after():
    rec = record(label(label__ingredients_text="小麦粉（国内製造）、カシューナッツ／（一部に小麦を含む）"))
    during = [f for f in validate(rec, "hamada", dt.date(2027, 1, 1)) if f.code == "ALLERGEN_UNDECLARED"]
    after = [f for f in validate(rec, "hamada", dt.date(2028, 4, 1)) if f.code == "ALLERGEN_UNDECLARED"]
    assert [f.severity for f in during] == ["warning"] and "2028-03-31" in during[0].message
    assert [f.severity for f in after] == ["error"]


def test_implied_allergen_is_a_warning():
    rec = record(label(label__ingredients_text="食パン（国内製造）、砂糖"))
    f = next(f for f in validate(rec, "hamada", AS_OF) if f.code == "ALLERGEN_UNDECLARED")
    assert f.severity == "warning" and "通常含む" in f.evidence


def test_personal_data_is_not_in_purchase_evidence():
    rows = [{"name": "山田花子", "address": "埼玉県熊谷市1-2-3", "item": "マスク", "quantity": 1}]
    fs = validate(record(doc("purchase_list", purchases__rows=rows), profile="gunma"), "gunma", AS_OF)
    for f in fs:
        assert "山田" not in (f.evidence or "") + f.message and "熊谷" not in (f.evidence or "") + f.message


def test_order_is_deterministic():
    docs = [app(price__item_incl_tax=3300, donation__amount=10500), label(label__storage=None), doc("other", "x.pdf")]
    a = validate(record(*docs), "hamada", AS_OF)
    b = validate(record(*reversed(docs)), "hamada", AS_OF)
    assert [f.to_dict() for f in a] == [f.to_dict() for f in b]
    ranks = [{"error": 0, "warning": 1, "info": 2}[f.severity] for f in a]
    assert ranks == sorted(ranks)


def test_doc_unreadable_is_not_duplicated():
    from intake.records import Finding
    bad = doc("other", "broken.pdf")
    bad.findings.append(Finding("DOC_UNREADABLE", "error", "読めません", "unreadable", "broken.pdf"))
    fs = validate(record(bad), "hamada", AS_OF)
    assert "DOC_UNREADABLE" not in codes(fs) and "DOC_UNKNOWN_KIND" not in codes(fs)


def test_shika_email_needs_subject_and_body_items():
    rec = record(doc("pledge", pledge__business_name="志賀食品", pledge__address="石川県羽咋郡志賀町1",
                     pledge__representative="志賀一郎", pledge__signed_on="2026-11-01"), profile="shika")
    rec.meta = {"subject": "申込", "body": "事業者名：志賀食品"}
    fs = [f for f in validate(rec, "shika", AS_OF) if f.code == "FIELD_MISSING"]
    assert {f.field for f in fs} == {"meta.subject", "meta.body"}
    rec.meta = {"subject": "志賀町ふるさと納税返礼品提供事業者の申込について",
                "body": "①所在地 ②事業者名 ③部署名 ④担当者名 ⑤電話番号 ⑥メールアドレス ⑦商品・サービスの概要"}
    assert not [f for f in validate(rec, "shika", AS_OF) if f.field and f.field.startswith("meta.")]
    rec.meta = {"email": {"subject": "申込", "body": ""}}   # as intake.pipeline stores it
    assert len([f for f in validate(rec, "shika", AS_OF) if f.field and f.field.startswith("meta.")]) == 2


def test_sheet_mismatch_names_both_sides_once_per_severity():
    fs = validate(record(label(), doc("allergen_sheet", allergens__checked=["小麦", "卵", "落花生", "ごま"]),
                         profile="ishigaki"), "ishigaki", AS_OF)
    mism = [f for f in fs if f.code == "ALLERGEN_SHEET_MISMATCH"]
    assert [(f.severity, f.evidence) for f in mism] == [
        ("error", "食品表示ラベルのみ: 乳 / アレルギー情報確認表のみ: 落花生"),
        ("warning", "アレルギー情報確認表のみ: ごま")]


@pytest.mark.parametrize("profile", ["shika", "hamada", "ishigaki"])
def test_processing_share_needs_neither_local_materials_nor_processing(profile):
    low = validate(record(app(processing__local_pct=30, origin__local_pct=40), profile=profile), profile, AS_OF)
    ok = validate(record(app(processing__local_pct=30, origin__local_pct=100), profile=profile), profile, AS_OF)
    assert "LOCAL_VALUE_SHARE_LOW" in codes(low) and "LOCAL_VALUE_SHARE_LOW" not in codes(ok)


@pytest.mark.parametrize("timeline,bad", [
    ("10/21 寄附者へ電話しお詫び。10/22 市へ報告。10/22 代替品を発送。", False),
    ("10/22 市へ報告。10/21 寄附者へ電話しお詫び。", True),
    ("10月20日 電話", True),                       # before the receipt on 10/21
    (["2026-10-21 10:00 電話", "2026-10-21 09:00 受付確認"], True),
    ("12/30 電話。1/4 代替品を発送。", False),     # rolls into the next year
])
def test_timeline_text_without_year(timeline, bad):
    received = "2026-12-29" if "12/30" in timeline else "2026-10-21"
    fs = validate(record(doc("complaint_report", complaint__received_at=received, complaint__timeline=timeline)),
                  "hamada", dt.date(2027, 2, 1))
    assert ("COMPLAINT_TIMELINE_INVALID" in codes(fs)) is bad, [f.evidence for f in fs]


@pytest.mark.parametrize("pledge_name, holder, method, raised", [
    ("志賀水産株式会社", "志賀永産株式会社", "ocr", False),     # one glyph misread on a permit scan
    ("志賀水産株式会社", "志賀永産株式会社", "text", True),     # printed text: a different name
    ("志賀水産株式会社", "能登水産株式会社", "ocr", True),      # two glyphs: another business
])
def test_a_glyph_misread_on_an_image_is_not_another_business(pledge_name, holder, method, raised):
    from intake.records import FieldValue
    permit = doc("permit", "kyoka.jpg")
    permit.fields["permit.holder"] = FieldValue(holder, confidence=0.95, method=method)
    found = codes(validate(record(doc("pledge", pledge__business_name=pledge_name), permit, profile="shika"),
                           "shika", AS_OF))
    assert ("APPLICANT_MISMATCH" in found) is raised


@pytest.mark.parametrize("fields, want", [
    ({"product__best_before_days": 10, "product__best_before_basis": "manufacture", "shipping__lead_days": 7},
     "CHECK_NOT_RUN"),                                   # 10 days from manufacture, 7 to ship: cannot tell
    ({"product__best_before_days": 365, "product__best_before_basis": "manufacture"}, None),
    ({"product__best_before_days": 10, "product__best_before_basis": "arrival"}, None),
    ({"product__best_before_days": 365, "product__guaranteed_days": 5}, "SHELF_LIFE_TOO_SHORT"),
    ({"product__best_before_days": 5, "product__best_before_basis": "manufacture"}, "SHELF_LIFE_TOO_SHORT"),
])
def test_shelf_life_is_judged_only_when_the_days_at_arrival_are_known(fields, want):
    found = validate(record(app(**fields), profile="hamada"), "hamada", AS_OF)
    shelf = [f for f in found if f.code == "SHELF_LIFE_TOO_SHORT" or f.code == "CHECK_NOT_RUN" and f.field and
             f.field.startswith("product.") and "賞味期間" in (f.message or "")]
    assert [f.code for f in shelf] == ([want] if want else [])


@pytest.mark.parametrize("confidence, want", [(0.95, "APPLICANT_MISMATCH"), (0.8, "CHECK_NOT_RUN")])
def test_names_compared_across_documents_need_a_sure_reading(confidence, want):
    permit = doc("permit", "kyoka.pdf", confidence=confidence, permit__holder="能登水産有限会社")
    found = validate(record(doc("pledge", pledge__business_name="志賀食品株式会社"), permit, profile="shika"),
                     "shika", AS_OF)
    assert want in codes(found) and ("APPLICANT_MISMATCH" in codes(found)) is (want == "APPLICANT_MISMATCH")
