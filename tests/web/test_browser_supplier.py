"""The supplier's portal and the reviewer's new views in a real Chromium, at 1400×900 and on a
390 px phone: revisions that keep the documents, plain findings, reading state, Word pages,
the original download, the review sheet. Screenshots of each page go to INTAKE_SCREENSHOTS."""
from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from PIL import Image

from intake.db import session_scope
from intake.models import Submission
from intake.review import decide, judge_finding
from tests.web.conftest import LABEL, SAMPLES, label_pdf, make_submission
from tests.web.test_browser import CHROMIUM, serve, session_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(os.environ.get("INTAKE_SCREENSHOTS", "/tmp/shots/supplier"))
WIDE, PHONE = {"width": 1400, "height": 900}, {"width": 390, "height": 844}
WORD = SAMPLES / "s7v4r0_ishigaki_local_share" / "shinseisho.docx"


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"needs {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def signed_in(chromium, base: str, email: str, viewport=WIDE):
    page = session_for(chromium, base, email, viewport)
    page.set_default_timeout(60000)  # an upload is read before the redirect (eager tasks)
    return page


def until(page, js: str, seconds: float = 20) -> None:
    """Wait until `js` is true (page.evaluate: the CSP forbids the eval wait_for_function polls with)."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(js):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"not true after {seconds} s: {js}")


IMAGES_LOADED = "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"


def fits(page) -> None:
    """Nothing wider than the window, and the header's words are not broken one per line."""
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    brand = page.locator("header .brand").bounding_box()
    assert brand["height"] < 40 and brand["width"] > 80


def shots(page, name: str) -> None:
    """The page at 1400×900 and at 390×844 (checked to fit), full length."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, tag in ((WIDE, "1400"), (PHONE, "390")):
        page.set_viewport_size(size)
        until(page, IMAGES_LOADED)
        if tag == "390":
            fits(page)
        page.screenshot(path=str(SHOTS / f"{name}-{tag}.png"), full_page=True)
    page.set_viewport_size(WIDE)


@pytest.mark.timeout(240)
def test_the_supplier_portal_and_the_reviewers_new_views(settings, people, chromium):
    from web import create_app

    for base in serve(create_app(settings=settings)):
        alice = signed_in(chromium, base, "alice@example.jp")

        # a new submission: limits before upload, the photo role only for images
        alice.goto(base + "/portal/new")
        assert "50MB" in alice.locator("[data-limits]").inner_text()
        alice.select_option("select[name=profile]", "hamada")
        jpeg = io.BytesIO()
        Image.new("RGB", (900, 600), (180, 120, 60)).save(jpeg, "JPEG")
        alice.set_input_files("input[data-files]", [
            {"name": "label.pdf", "mimeType": "application/pdf", "buffer": label_pdf(LABEL)},
            {"name": "shohin.jpg", "mimeType": "image/jpeg", "buffer": jpeg.getvalue()}])
        roles = alice.locator("[data-list] select[name=roles]")
        assert not roles.nth(0).is_visible() and roles.nth(1).is_visible()
        roles.nth(1).select_option("product")
        shots(alice, "01-upload")
        alice.click("form[data-upload] button.primary")
        alice.wait_for_url(re.compile(r"/submissions/\d+$"))
        sid = int(alice.url.rsplit("/", 1)[1])
        page_text = alice.locator("main").inner_text()
        assert "確認結果" in page_text and "対応:" in page_text
        assert not re.search(r"[A-Z]{3,}_[A-Z]|SPEC|確度|label\.(?!pdf)[a-z]", page_text)
        shots(alice, "02-supplier-findings")

        # the reviewer judges one finding and returns it
        with session_scope(settings.database_url) as s:
            sub = s.get(Submission, sid)
            first = sub.findings[0]
            judge_finding(s, sub, first.id, "overruled", "窓口で確認済み", people.ids["rita"])
            decide(s, sub, "return", "食品表示に保存方法を加えてください。", people.ids["rita"])
        alice.goto(base + "/portal/")
        assert "食品表示に保存方法を加えてください。" in alice.locator("main").inner_text()
        shots(alice, "03-portal-list")
        alice.click(f"a:text-is('#{sid}')")
        shots(alice, "04-supplier-returned")
        alice.click("a:text-is('修正版を作る')")

        # the revision starts from v1's documents: replace one, keep one, add one; the list shows it
        summary = alice.locator("[data-summary]")
        assert "label.pdf" in summary.inner_text() and "shohin.jpg" in summary.inner_text()
        alice.locator("li[data-name='shohin.jpg'] [data-keep]").uncheck()
        assert "shohin.jpg" not in summary.inner_text()
        alice.locator("li[data-name='shohin.jpg'] [data-keep]").check()
        alice.set_input_files("li[data-name='label.pdf'] [data-replace]", files=[
            {"name": "label_v2.pdf", "mimeType": "application/pdf",
             "buffer": label_pdf(LABEL + ["保存方法　直射日光を避けて保存"])}])
        alice.set_input_files("input[data-files]", [
            {"name": "kyoka.pdf", "mimeType": "application/pdf", "buffer": label_pdf(["営業許可証"])}])
        text = summary.inner_text().replace(" ", "")
        assert "label_v2.pdf（差し替え：label.pdf）" in text and "kyoka.pdf（追加）" in text
        assert "shohin.jpg（前の版のまま）" in text
        shots(alice, "05-revise")
        alice.click("form[data-revise] button.primary")
        alice.wait_for_url(re.compile(rf"/submissions/{sid}$"))
        assert "修正版を受け付けました" in alice.locator(".flash.ok").inner_text()
        with session_scope(settings.database_url) as s:
            sub = s.get(Submission, sid)
            assert sorted(d.filename for d in sub.current_documents()) == ["kyoka.pdf", "label_v2.pdf", "shohin.jpg"]
            assert sub.claimed_by == people.ids["rita"]

        # the reviewer sees what changed, side by side
        rita = signed_in(chromium, base, "rita@example.jp")
        rita.goto(f"{base}/submissions/{sid}")
        rita.click("a:text-is('前の版との比較')")
        rita.wait_for_url(re.compile(rf"/submissions/{sid}/versions$"))
        docs = rita.locator("table.compare").first.inner_text()
        assert "差し替え" in docs and "label_v2.pdf" in docs and "追加" in docs
        assert "解消" in rita.locator("table.compare").nth(1).inner_text() or \
            "残っている" in rita.locator("table.compare").nth(1).inner_text()
        shots(rita, "06-versions")

        # honest reading state: the page reloads itself until the result is there
        reading = make_submission(settings, people, fields={}, findings=[], status="processing")
        alice.goto(f"{base}/submissions/{reading}")
        assert "書類を読み取っています" in alice.locator("main").inner_text()
        assert "0p" not in alice.locator("main").inner_text()
        shots(alice, "07-supplier-reading")
        with session_scope(settings.database_url) as s:
            s.get(Submission, reading).status = "needs_review"
        for _ in range(30):  # the page's own refresh (every 5 s), no reload by the test
            alice.wait_for_timeout(500)
            if "書類を読み取っています" not in alice.locator("main").inner_text():
                break
        assert "読み取りが終わり" in alice.locator("main").inner_text()


@pytest.mark.timeout(180)
def test_a_word_form_is_seen_downloaded_and_printed(settings, people, chromium):
    from intake.pipeline import InputFile, read_document
    from web import create_app
    from web.office_preview import DOCX

    data = WORD.read_bytes()
    read = read_document(InputFile(WORD.name, data))[0]
    sid = make_submission(settings, people, fields=read.fields, findings=[], filename=WORD.name, data=data)
    with session_scope(settings.database_url) as s:
        doc = s.get(Submission, sid).documents[0]
        doc.media_type, doc.geometry = DOCX, read.geometry
    for base in serve(create_app(settings=settings)):
        rita = signed_in(chromium, base, "rita@example.jp")
        rita.goto(f"{base}/submissions/{sid}")
        until(rita, "document.images.length > 0 && " + IMAGES_LOADED, 60)
        box = rita.locator("a.box.field[data-key='applicant.name']")
        image = rita.locator("figure.page img").first
        b, i = box.bounding_box(), image.bounding_box()
        assert 10 < b["width"] < i["width"] / 2 and 4 < b["height"] < 40   # sized to its text
        assert i["x"] <= b["x"] and b["y"] + b["height"] <= i["y"] + i["height"]
        shots(rita, "08-review-word-pages")

        with rita.expect_download() as caught:
            rita.click("a:text-is('元のファイル')")
        download = caught.value
        assert download.suggested_filename == WORD.name
        assert Path(download.path()).read_bytes() == data

        sheet = rita.request.get(f"{base}/submissions/{sid}/review-sheet.pdf")
        assert sheet.ok and sheet.headers["content-type"] == "application/pdf"
        import pypdfium2 as pdfium
        pdf = pdfium.PdfDocument(sheet.body())
        SHOTS.mkdir(parents=True, exist_ok=True)
        pdf[0].render(scale=1.5).to_pil().save(SHOTS / "09-review-sheet-p1.png")
        assert "審査票" in pdf[0].get_textpage().get_text_range()
        pdf.close()

        # the admin may not read the bank account: its place on the Word page is blacked out
        adam = signed_in(chromium, base, "adam@example.jp")
        adam.goto(f"{base}/submissions/{sid}")
        until(adam, "document.images.length > 0 && " + IMAGES_LOADED)
        assert "●●●" in adam.locator("main").inner_text()
        shots(adam, "10-admin-word-masked")
        adam.locator("figure.page").nth(1).screenshot(path=str(SHOTS / "11-admin-word-page2-masked.png"))
