"""The queue searched in a real Chromium: a one-character Japanese search lists its matches in
the queue's order, and tabs counted only in part say so (「N件以上」) — photographed at 1280 px
and 390 px wide (/tmp/shots/search, or INTAKE_SEARCH_SHOTS)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.web.conftest import PASSWORD, make_submission
from tests.web.test_browser import browser  # noqa: F401  (fixture)
from tests.web.test_desk_browser import PHONE, site  # noqa: F401  (fixture: the app served on a port)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]
SHOTS = Path(os.environ.get("INTAKE_SEARCH_SHOTS", "/tmp/shots/search"))
WIDE = {"width": 1280, "height": 900}


def test_a_broad_search_lists_its_page_and_says_its_counts_are_partial(settings, people, browser, site, monkeypatch):  # noqa: F811
    from web import queue
    ids = [make_submission(settings, people) for _ in range(14)]
    make_submission(settings, people, status="approved")
    monkeypatch.setattr(queue, "FEW", 1)            # as with a common word at a million: walked
    monkeypatch.setattr(queue, "SEARCH_WALK", 12)   # each tab tests 12 rows
    context = browser.new_context(viewport=WIDE, locale="ja-JP")
    page = context.new_page()
    page.goto(site + "/login")
    page.fill("input[name=email]", "rita@example.jp")
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()
    page.goto(site + "/queue/")
    page.fill("input[name=q]", "卵")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    rows = page.locator("tr[data-href]")
    assert rows.count() == 14 and sorted(int(i) for i in rows.evaluate_all("r => r.map(x => x.dataset.id)")) == ids
    tabs = page.locator("nav.tabs").inner_text()
    assert re.search(r"要確認\s*12件以上", tabs) and re.search(r"承認済み\s*1\b", tabs)
    assert page.locator("[data-capped]").is_visible()
    assert "件数は各状態の12件までの中で数えています" in page.locator("[data-capped]").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop-1280", WIDE), ("phone-390", PHONE)):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"] + 1  # no sideways page
        page.screenshot(path=str(SHOTS / f"queue-search-{label}.png"))
    context.close()
