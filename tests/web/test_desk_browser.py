"""The review desk in a real Chromium (issue 11 items 2, 3, 5, 7, 8): deliberate decisions, a
viewer that goes to the evidence, picking words to fill a field (and teaching the reader), table
fields as grids, and the queue as a work queue — each page photographed at 1400×900 and 390×844."""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from intake.db import session_scope
from intake.models import AuditEvent, FieldRow, FindingRow, LearnedWording, Submission, utcnow
from intake.records import FieldValue, Finding
from tests.web.desk_seed import seed, two_column_pdf
from tests.web.test_browser import browser, serve, session_for  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]
SHOTS = Path(os.environ.get("INTAKE_DESK_SHOTS", "/tmp/shots/desk"))
WIDE, PHONE = {"width": 1400, "height": 900}, {"width": 390, "height": 844}


@pytest.fixture
def site(settings, people):
    from web import create_app
    for base in serve(create_app(settings=settings)):
        yield base


def sign_in(browser, base: str, who: str):  # noqa: F811
    page = session_for(browser, base, f"{who}@example.jp", WIDE)
    page.set_default_timeout(15000)
    return page


def shots(page, name: str) -> None:
    """What one sees of the page at 1400×900 and at 390×844, and the phone's whole length."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size, full in (("wide", WIDE, False), ("phone", PHONE, False), ("phone-full", PHONE, True)):
        page.set_viewport_size(size)
        page.wait_for_function("Array.from(document.images).every(i => i.complete)")
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=full)
    page.set_viewport_size(WIDE)


def status_of(settings, sid: int) -> str:
    with session_scope(settings.database_url) as s:
        return s.get(Submission, sid).status


def dialog(page):
    return page.locator("#decide-dialog")


def test_every_decision_asks_the_same_way_and_a_confirmed_error_keeps_counting(settings, people, browser, site):  # noqa: F811
    warn = seed(settings, people.supplier_ids["alice"], people.ids["alice"], findings=[Finding(
        "LABEL_ORIGIN_MISSING", "warning", "原料原産地の表示がありません。", "No origin.", "label.pdf",
        "label.ingredients", None, "食品表示基準 第3条")])
    err = seed(settings, people.supplier_ids["alice"], people.ids["alice"])
    rita = sign_in(browser, site, "rita")
    rows = rita.locator("table[data-keys] tbody tr")
    assert rows.nth(0).get_attribute("data-id") == str(err)    # the error first
    assert "アレルゲンの表示漏れ" in rows.nth(0).locator(".flags").inner_text()   # a title, not a code
    assert "ALLERGEN_UNDECLARED" not in rows.nth(0).locator(".flags").inner_text()

    rita.keyboard.press("a")                      # approve from the queue: asks first
    expect_text = f"#{err} を承認します"
    assert dialog(rita).is_visible() and expect_text in dialog(rita).inner_text()
    shots(rita, "01-queue-confirm")
    rita.keyboard.press("Escape")
    assert not dialog(rita).is_visible() and rita.url.endswith("/queue/")
    assert status_of(settings, err) == "needs_review"

    rita.goto(f"{site}/submissions/{err}")
    rita.keyboard.press("a")                      # the same key on the detail page: the same dialog
    assert expect_text in dialog(rita).inner_text()
    rita.click("[data-confirm-cancel]")
    assert status_of(settings, err) == "needs_review"
    rita.click("[data-approve-button]")           # the button asks too; confirming is refused
    rita.click("[data-confirm-ok]")
    flash = rita.locator(".flash.error")
    assert "「問題あり」か「問題なし」" in flash.inner_text()   # the buttons' own words
    item = rita.locator("li.finding", has_text="アレルゲンの表示漏れ")
    assert item.locator("button[value=confirmed]").inner_text() == "問題あり"
    assert item.locator("button[value=overruled]").inner_text() == "問題なし"
    assert "却下" not in rita.locator("ol.findings").inner_text()   # 却下 is only the whole submission's
    item.locator("button[value=confirmed]").click()
    assert "問題あり（判断済み）" in rita.locator("li.finding", has_text="アレルゲンの表示漏れ").inner_text()

    rita.goto(site + "/queue/")                   # a confirmed error still counts, still sorts first
    first = rita.locator("table[data-keys] tbody tr").nth(0)
    assert first.get_attribute("data-id") == str(err) and "エラー" in first.locator(".badge").first.inner_text()
    assert "アレルゲンの表示漏れ" in first.locator(".flags").inner_text()
    with session_scope(settings.database_url) as s:
        sub = s.get(Submission, err)
        assert sub.max_severity == 3 and sub.open_findings == 3

    rita.goto(f"{site}/submissions/{warn}")
    rita.click("[data-reject-button]")
    assert "申請全体を却下します" in dialog(rita).inner_text()
    shots(rita, "02-detail-reject-confirm")
    rita.click("[data-confirm-ok]")
    rita.locator(".flash.ok", has_text="却下しました").wait_for(timeout=15000)   # the page after, not before
    assert status_of(settings, warn) == "rejected"


def test_the_viewer_goes_to_the_evidence(settings, people, browser, site):  # noqa: F811
    sid = seed(settings, people.supplier_ids["alice"], people.ids["alice"])
    rita = sign_in(browser, site, "rita")
    rita.goto(f"{site}/submissions/{sid}")
    rita.wait_for_function("document.querySelector('figure.page img').naturalWidth > 0")
    zoom = lambda: float(rita.locator("[data-viewport]").get_attribute("data-zoom") or 1)  # noqa: E731
    with session_scope(settings.database_url) as s:
        name = s.scalar(select(FieldRow).where(FieldRow.key == "label.name"))
        fid, cell_height = name.id, name.bbox[3] - name.bbox[1]

    rita.click(f"tr#field-{fid} th")              # a field: zoomed and scrolled to its box
    rita.wait_for_function("parseFloat(document.querySelector('[data-viewport]').dataset.zoom) > 1.5")
    box = rita.locator(f"a.box.field[data-target='field-{fid}']").bounding_box()
    view = rita.locator("[data-viewport]").bounding_box()
    assert view["x"] <= box["x"] and box["x"] + box["width"] <= view["x"] + view["width"]
    assert abs(box["y"] + box["height"] / 2 - (view["y"] + view["height"] / 2)) < view["height"] / 4
    sheet = rita.locator("figure.page .sheet").first.bounding_box()
    height_pt = box["height"] / sheet["height"] * 595.28      # A5 is 595 pt tall
    assert height_pt < cell_height * 0.7 and 6 < height_pt < 16   # the text's box, not the cell's
    shots(rita, "03-detail-field-zoomed")

    rita.keyboard.press("0")
    assert zoom() == 1
    rita.locator("[data-viewport]").hover()
    rita.keyboard.down("Control")
    rita.mouse.wheel(0, -400)
    rita.keyboard.up("Control")
    assert zoom() > 1.1
    rita.keyboard.press("+")
    before = rita.evaluate("document.querySelector('[data-viewport]').scrollLeft")
    x, y = view["x"] + view["width"] / 2, view["y"] + view["height"] / 2
    rita.mouse.move(x, y)
    rita.mouse.down()
    rita.mouse.move(x - 150, y - 60, steps=5)
    rita.mouse.up()
    assert rita.evaluate("document.querySelector('[data-viewport]').scrollLeft") > before + 100

    # a missing field whose label is printed: its finding points at the label
    missing = rita.locator("li.finding", has_text="「内容量」")
    target = missing.get_attribute("id")
    assert rita.locator(f"a.box.label[data-target='{target}']").count() == 1
    missing.locator(".msg").click()
    assert "focus" in rita.locator(f"a.box.label[data-target='{target}']").get_attribute("class")
    # a missing field whose label is not on the page says so
    nowhere = rita.locator("li.finding", has_text="「保存方法」")
    assert nowhere.locator("[data-not-found]").inner_text() == "ページ上に見つかりません"

    # an error message stays in view however far the page is scrolled
    rita.keyboard.press("a")
    with rita.expect_navigation():       # the refusal comes back as a new page: scroll that one
        rita.click("[data-confirm-ok]")
    rita.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    flash = rita.locator(".flash.error").bounding_box()
    assert 0 <= flash["y"] < 900
    shots(rita, "04-detail-error-in-view")


def test_picking_words_fills_a_field_and_teaches_the_reader(settings, people, browser, site):  # noqa: F811
    sid = seed(settings, people.supplier_ids["alice"], people.ids["alice"])
    rita = sign_in(browser, site, "rita")
    rita.goto(f"{site}/submissions/{sid}")
    rita.select_option("[data-new-key]", label="保存方法")   # the catalogue's Japanese label
    rita.click("[data-pick]")
    rita.locator(".word[title='冷暗所で保管']").click()
    assert rita.input_value("[data-new-value]") == "冷暗所で保管"
    shots(rita, "05-detail-picking")
    rita.click("form.fields button.primary")
    assert "1件の項目を修正し" in rita.locator(".flash.ok").inner_text()
    row = rita.locator("tr", has=rita.locator("label:text-is('保存方法')"))
    assert row.locator("input").input_value() == "冷暗所で保管" and "手入力" in row.inner_text()
    with session_scope(settings.database_url) as s:
        field = s.scalar(select(FieldRow).where(FieldRow.key == "label.storage"))
        assert field.page == 1 and 125 < field.bbox[0] < 140 and field.bbox[3] - field.bbox[1] < 16
        wording = s.scalar(select(LearnedWording))
        assert (wording.profile, wording.field_key, wording.wording, wording.status) == \
            ("hamada", "label.storage", "お取り扱い", "proposed")
        assert wording.examples[0]["value"] == "冷暗所で保管"
    # the box of the new field is on the page, the size of its words
    assert rita.locator(f"a.box.field[data-target='field-{field.id}']").count() == 1

    # drawing a box chooses the words inside it
    rita.select_option("[data-new-key]", label="表示責任者の氏名又は名称")
    rita.click("[data-pick]")
    word = rita.locator(".word[title='佐藤製菓株式会社']").bounding_box()
    rita.mouse.move(word["x"] - 6, word["y"] - 4)
    rita.mouse.down()
    rita.mouse.move(word["x"] + word["width"] + 6, word["y"] + word["height"] + 4, steps=6)
    rita.mouse.up()
    assert rita.input_value("[data-new-value]") == "佐藤製菓株式会社"

    adam = sign_in(browser, site, "adam")
    adam.goto(site + "/admin/wordings/")
    line = adam.locator("tr[data-wording]", has_text="お取り扱い")
    assert "保存方法" in line.inner_text() and f"#{sid}" in line.inner_text() and "冷暗所で保管" in line.inner_text()
    shots(adam, "06-admin-wordings")
    line.locator("button[value=accepted]").click()
    assert "採用しました" in adam.locator(".flash.ok").inner_text()
    exported = adam.request.get(site + "/admin/wordings/export.yaml?profile=hamada")
    assert exported.ok and "attachment" in exported.headers["content-disposition"]
    assert "label.storage" in exported.text() and "お取り扱い" in exported.text()
    adam.goto(site + "/admin/wordings/?status=accepted")
    adam.locator("tr[data-wording]", has_text="お取り扱い").locator("button[value=proposed]").click()
    with session_scope(settings.database_url) as s:
        assert s.scalar(select(LearnedWording)).status == "proposed"
        actions = [e.action for e in s.scalars(select(AuditEvent).where(AuditEvent.action.like("wording_%")))]
        assert actions == ["wording_proposed", "wording_accepted", "wording_proposed"]


def test_a_table_field_is_edited_as_a_table(settings, people, browser, site):  # noqa: F811
    items = [{"name": "マスク", "category": "衛生用品", "quantity": 100, "unit_price": 500,
              "purchase_limit": 2, "made_in": "前橋市"}]
    sid = seed(settings, people.supplier_ids["alice"], people.ids["alice"], kind="sales_plan", findings=[],
               fields={"plan.items": FieldValue(items, 0.9, "text", 1, [30, 60, 380, 200])})
    rita = sign_in(browser, site, "rita")
    rita.goto(f"{site}/submissions/{sid}")
    grid = rita.locator("table[data-grid]")
    assert grid.locator("thead th").all_inner_texts()[:3] == ["商品名", "商品分類", "販売数量"]
    assert "JSON" not in rita.locator("form.fields").inner_text()
    grid.locator("input[name$=':0:quantity']").fill("1,200")
    grid.locator("tr.spare input[name$=':name']").fill("手袋")
    grid.locator("tr.spare input[name$=':quantity']").fill("30")
    shots(rita, "07-detail-table-field")
    rita.click("form.fields button.primary")
    assert "1件の項目を修正し" in rita.locator(".flash.ok").inner_text()
    with session_scope(settings.database_url) as s:
        value = s.scalar(select(FieldRow).where(FieldRow.key == "plan.items")).value
    assert value[0]["quantity"] == 1200 and value[0]["name"] == "マスク"
    assert value[1]["name"] == "手袋" and value[1]["quantity"] == 30


def test_the_queue_is_a_work_queue(settings, people, browser, site):  # noqa: F811
    old = seed(settings, people.supplier_ids["alice"], people.ids["alice"], created=utcnow() - dt.timedelta(days=30),
               findings=[Finding("LABEL_ORIGIN_MISSING", "warning", "原料原産地の表示がありません。", "No origin.",
                                 "label.pdf", "label.ingredients", None, "食品表示基準 第3条")])
    fresh = seed(settings, people.supplier_ids["alice"], people.ids["alice"])
    other = seed(settings, people.supplier_ids["bob"], people.ids["bob"],
                 data=two_column_pdf([("名称", "りんごジュース"), ("許可番号", "第12-3456号")]),
                 fields={"label.name": FieldValue("りんごジュース", 0.9, "text", 1, [125, 60, 385, 80])})
    rita = sign_in(browser, site, "rita")
    ids = [int(i) for i in rita.locator("table[data-keys] tbody tr").evaluate_all("rs => rs.map(r => r.dataset.id)")]
    assert ids[0] == old                          # overdue first, even with only a warning
    late = rita.locator(f"tr[data-id='{old}']")
    assert "期限超過" in late.locator("td.due").inner_text()
    assert "期限超過" not in rita.locator(f"tr[data-id='{fresh}'] td.due").inner_text()
    shots(rita, "08-queue")

    def found(query: str) -> set[int]:
        rita.fill("[data-search]", query)
        rita.press("[data-search]", "Enter")
        rita.wait_for_load_state()
        return {int(i) for i in rita.locator("table[data-keys] tbody tr").evaluate_all(
            "rs => rs.map(r => r.dataset.id)")}
    assert found("卵") == {old, fresh}            # one character (鶏卵)
    assert found("佐藤") == {old, fresh}          # two: a word on the page (佐藤製菓株式会社)
    assert found("りんご") == {other}             # three and more
    assert found("12-3456") == {other}            # a permit number
    assert found("bob商店") == {other}            # the supplier
    shots(rita, "09-queue-search")

    rita.goto(site + "/queue/")
    rita.check(f"tr[data-id='{old}'] input[name=ids]")
    rita.check(f"tr[data-id='{other}'] input[name=ids]")
    rita.click("#bulk button")
    assert "2件を rita@example.jp に割り当てました" in rita.locator(".flash.ok").inner_text()
    with session_scope(settings.database_url) as s:
        assert {s.get(Submission, i).claimed_by for i in (old, other)} == {people.ids["rita"]}
        assert s.get(Submission, fresh).claimed_by is None


def test_the_health_page_says_why_and_retries_only_what_can_heal(settings, people, browser, site):  # noqa: F811
    broken = seed(settings, people.supplier_ids["alice"], people.ids["alice"], status="failed", findings=[Finding(
        "DOC_UNREADABLE", "error", "PDFが壊れているため読み取れません。", "The PDF is damaged.", "label.pdf",
        None, None, "SPEC §5")])
    crashed = seed(settings, people.supplier_ids["alice"], people.ids["alice"], status="failed", findings=[])
    with session_scope(settings.database_url) as s:
        s.get(Submission, crashed).status_reason = "処理中にエラーが発生しました。管理者が確認します。"
    adam = sign_in(browser, site, "adam")
    adam.goto(site + "/admin/health")
    row = adam.locator("tr", has=adam.locator(f"a:text-is('#{broken}')"))
    assert "PDFが壊れているため読み取れません" in row.inner_text() and "再処理では直りません" in row.inner_text()
    assert row.locator("button").count() == 0
    again = adam.locator("tr", has=adam.locator(f"a:text-is('#{crashed}')"))
    assert "管理者が確認します" in again.inner_text()
    shots(adam, "10-admin-health")
    again.locator("button").click()
    assert "再処理に回しました" in adam.locator(".flash.ok").inner_text()
    refused = adam.request.post(f"{site}/admin/health/{broken}/retry", form={
        "csrf_token": adam.locator("meta[name=csrf-token]").get_attribute("content")})
    assert "再処理の対象ではありません" in refused.text()
    assert status_of(settings, broken) == "failed"
