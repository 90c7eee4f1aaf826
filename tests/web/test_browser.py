"""The whole review loop in a real Chromium (Debian's), against the app served by waitress.

supplier uploads a label with an undeclared allergen → reviewer sees it in the
queue and the finding's box on the page image, corrects a field, confirms the
finding, returns it → the supplier sees the message and uploads a fix → the
reviewer approves. And nobody opens what is not theirs.
"""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from intake.accounts import add_user, create_token
from intake.db import session_scope
from intake.models import Submission
from tests.web.conftest import PASSWORD, SAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = "/usr/bin/chromium"
FLAWED = SAMPLES / "food_label_undeclared_allergen" / "shokuhin_hyoji.pdf"
CLEAN = SAMPLES / "food_label_clean" / "shokuhin_hyoji.pdf"
SHOTS = Path(os.environ.get("INTAKE_SCREENSHOTS", "/tmp/intake-shots"))



def serve(app):
    """The app on a free localhost port, in a thread; yields its base URL."""
    from werkzeug.serving import make_server

    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_port}"
    finally:
        srv.shutdown()
        thread.join(10)


@pytest.fixture
def server(settings):
    from web import create_app

    with session_scope(settings.database_url) as s:
        add_user(s, "alice@example.jp", "supplier", password=PASSWORD, supplier_name="さくら製麺株式会社")
        bob = add_user(s, "bob@example.jp", "supplier", password=PASSWORD, supplier_name="ぶどう農園")
        add_user(s, "rita@example.jp", "reviewer", profile="ishigaki", password=PASSWORD)
        add_user(s, "nora@example.jp", "reviewer", profile="hamada", password=PASSWORD)
        s.flush()
        bob_token = create_token(s, bob)
    for base in serve(create_app(settings=settings)):
        yield base, bob_token


@pytest.fixture
def browser():
    """Debian's Chromium; skipped on a developer machine without it, a failure in CI."""
    from playwright.sync_api import sync_playwright

    if not (Path(CHROMIUM).exists() and FLAWED.exists() and CLEAN.exists()):
        message = f"needs {CHROMIUM} (apt-get install chromium) and the sample labels"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def session_for(browser, base: str, email: str, viewport: dict | None = None):
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000}, locale="ja-JP",
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto(base + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()
    return page


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_function("Array.from(document.images).every(i => i.complete)")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def drop(page, selector: str, path: Path) -> None:
    """Drop a file on an element: a DataTransfer holding it, sent with dragenter/dragover/drop."""
    import base64
    page.evaluate("""([selector, name, b64]) => {
        const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], name, {type: "application/pdf"}));
        const target = document.querySelector(selector);
        for (const type of ["dragenter", "dragover", "drop"]) {
            target.dispatchEvent(new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));
        }
    }""", [selector, path.name, base64.b64encode(path.read_bytes()).decode()])


def finding(page, code: str):
    return page.locator("li.finding", has=page.locator(f"code:text-is('{code}')"))


def test_the_review_loop(server, browser, settings):
    base, bob_token = server
    alice = session_for(browser, base, "alice@example.jp")
    alice.goto(base + "/portal/new")
    alice.select_option("select[name=profile]", "ishigaki")
    drop(alice, "[data-drop]", FLAWED)  # drag and drop, as a person would
    assert alice.locator("[data-list] li .name").inner_text() == FLAWED.name
    shot(alice, "01-upload")
    alice.click("form[data-upload] button.primary")
    alice.wait_for_url(re.compile(r"/submissions/\d+$"))
    sid = int(alice.url.rsplit("/", 1)[1])
    shot(alice, "02-supplier-detail")

    rita = session_for(browser, base, "rita@example.jp")
    assert rita.locator(f"tr[data-id='{sid}']").is_visible()
    assert "アレルゲンの表示漏れ" in rita.locator(f"tr[data-id='{sid}'] .flags").inner_text()
    shot(rita, "03-queue")
    rita.keyboard.press("Enter")  # the first (most urgent) row is selected: open it
    rita.wait_for_url(re.compile(rf"/submissions/{sid}$"))
    item = finding(rita, "ALLERGEN_UNDECLARED")
    assert "乳" in item.inner_text()
    box = rita.locator(f"a.box.finding[data-target='{item.get_attribute('id')}']")
    image = rita.locator("figure.page img").first
    rita.wait_for_function("document.querySelector('figure.page img').naturalWidth > 0")
    b, i = box.bounding_box(), image.bounding_box()
    assert b["width"] > 20 and b["height"] > 5
    assert i["x"] <= b["x"] and b["x"] + b["width"] <= i["x"] + i["width"] + 1
    assert i["y"] <= b["y"] and b["y"] + b["height"] <= i["y"] + i["height"] + 1
    shot(rita, "04-review-detail")

    name = rita.locator("tr", has=rita.locator(".key:text-is('label.name')")).locator("input")
    name.fill("和菓子（栗）")
    rita.click("form.fields button.primary")
    assert "1件の項目を修正し" in rita.locator(".flash").inner_text()
    row = rita.locator("tr", has=rita.locator(".key:text-is('label.name')"))
    assert row.locator("input").input_value() == "和菓子（栗）" and "手入力" in row.inner_text()

    item = finding(rita, "ALLERGEN_UNDECLARED")
    item.locator("button[value=confirmed]").click()
    assert "問題あり（判断済み）" in finding(rita, "ALLERGEN_UNDECLARED").inner_text()
    rita.locator("[data-approve-button]").click()  # refused: error findings are open
    rita.click("#decide-dialog [data-confirm-ok]")
    assert "承認できません" in rita.locator(".flash.error").inner_text() or \
        "未判断のエラー" in rita.locator(".flash.error").inner_text()
    rita.fill("[data-comment]", "原材料の全粉乳・バターに対応するアレルゲン「乳」を表示してください。")
    rita.click("[data-return-button]")
    rita.click("#decide-dialog [data-confirm-ok]")
    # the page after the return, not the refusal still on screen while it loads
    rita.locator(".flash", has_text="差し戻しました").wait_for(timeout=15000)

    alice.goto(base + "/portal/")
    assert "全粉乳・バター" in alice.locator(f"tr:has(a:text-is('#{sid}'))").inner_text()
    shot(alice, "05-portal-returned")
    alice.click(f"a:text-is('#{sid}')")
    alice.click("a:text-is('修正版を作る')")  # the next version starts from this one's documents
    alice.set_input_files("input[data-replace]", str(CLEAN))
    assert "差し替え：" + FLAWED.name in alice.locator("[data-summary]").inner_text()
    alice.click("form[data-upload] button.primary")
    alice.wait_for_selector(".flash.ok")
    assert "修正版を受け付けました" in alice.locator(".flash.ok").inner_text()

    rita.goto(f"{base}/submissions/{sid}")
    assert rita.locator("h1").inner_text().count("v2")
    assert finding(rita, "ALLERGEN_UNDECLARED").count() == 0
    for _ in range(10):  # overrule what is left (documents handed in at the counter)
        open_error = rita.locator("li.finding.sev-error.fs-open").first
        if not open_error.count():
            break
        open_error.locator("input[name=reason]").fill("申請書等は窓口で受領済み")
        open_error.locator("button[value=overruled]").click()
    shot(rita, "06-review-v2")
    rita.keyboard.press("a")
    rita.click("#decide-dialog [data-confirm-ok]")
    rita.locator(".flash", has_text="承認しました").wait_for(timeout=15000)    # the page after, not before
    with session_scope(settings.database_url) as s:
        assert s.get(Submission, sid).status == "approved"

    # nobody else gets in, by URL or by API
    bob = session_for(browser, base, "bob@example.jp")
    assert bob.goto(f"{base}/submissions/{sid}").status == 404
    shot(bob, "07-not-found")
    api = bob.request.get(f"{base}/api/v1/submissions/{sid}",
                          headers={"Authorization": f"Bearer {bob_token}"})
    assert api.status == 404
    nora = session_for(browser, base, "nora@example.jp")
    assert nora.goto(f"{base}/submissions/{sid}").status == 404
    assert nora.goto(f"{base}/queue/").ok and f"#{sid}" not in nora.content()


def test_queue_keys_admin_pages_and_english(settings, people, browser):
    """j/k/a on the queue; every admin page; the English switch — with a screenshot of each."""
    from tests.web.conftest import make_submission
    from web import create_app

    ids = [make_submission(settings, people) for _ in range(3)]
    failed = make_submission(settings, people, status="failed", findings=[])
    for base in serve(create_app(settings=settings)):
        rita = session_for(browser, base, "rita@example.jp")
        rows = rita.locator("table[data-keys] tbody tr")
        assert rows.count() == 3 and "selected" in rows.nth(0).get_attribute("class")
        rita.keyboard.press("j")
        rita.keyboard.press("j")
        rita.keyboard.press("k")
        assert "selected" in rows.nth(1).get_attribute("class")
        rita.keyboard.press("a")  # approve the selected one: asked, refused, shown on its page
        rita.click("#decide-dialog [data-confirm-ok]")
        rita.wait_for_url(re.compile(rf"/submissions/{ids[1]}$"))
        assert "未判断のエラー" in rita.locator(".flash.error").inner_text()
        rita.goto(base + "/queue/")
        rita.keyboard.press("r")  # return: opens the first item at the decision form
        rita.wait_for_url(re.compile(rf"/submissions/{ids[0]}#decision$"))
        rita.wait_for_function("document.activeElement && document.activeElement.name === 'comment'")

        rita.goto(base + "/queue/")
        rita.click("header form button[name=lang]")
        assert "Review queue" in rita.locator("h1").inner_text()
        shot(rita, "08-queue-english")
        rita.goto(f"{base}/submissions/{ids[1]}")
        assert "Extracted fields" in rita.content()
        shot(rita, "09-detail-english")

        adam = session_for(browser, base, "adam@example.jp")
        for path, name, expect in (("/admin/users", "10-admin-users", "rita@example.jp"),
                                   ("/admin/profiles?code=hamada", "11-admin-profiles", "hamada 2(6)"),
                                   ("/admin/mail", "12-admin-mail", "メール受付"),
                                   ("/admin/health", "13-admin-health", f"#{failed}")):
            adam.goto(base + path)
            assert expect in adam.content()
            shot(adam, name)
        adam.click(f"tr:has(a:text-is('#{failed}')) button")
        assert "再処理に回しました" in adam.locator(".flash.ok").inner_text()
