"""A search in the queue answers the same whichever way it is run: few matches are fetched and
sorted, many are found by walking the queue in its own order (web.queue.Hits); many matches
count each status tab only up to a cap, and the tab says so in Japanese."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from intake.db import session_scope
from intake.models import Submission
from intake.records import Finding, FieldValue
from tests.web.conftest import login, make_submission
from tests.web.desk_seed import seed, two_column_pdf
from tests.web.test_postgres import pg_settings  # noqa: F401  (fixture)

QUERIES = ["卵", "佐藤", "佐藤製菓", "りんご", "12-3456", "%", "_", "菓", "子", "ﾘﾝｺﾞ", "存在しない", "alice"]


def _two_kinds(settings, people) -> tuple[int, int]:
    a = seed(settings, people.supplier_ids["alice"], people.ids["alice"])
    b = seed(settings, people.supplier_ids["bob"], people.ids["bob"],
             data=two_column_pdf([("名称", "りんごジュース"), ("許可番号", "第12-3456号")]),
             fields={"label.name": FieldValue("りんごジュース", 0.9, "text", 1, [125, 60, 385, 80])})
    return a, b


def _row_test_agrees_with_the_index(settings, people) -> None:
    """search.contains (the row-by-row test of a walk) finds exactly what the index finds."""
    from intake import search
    ids = _two_kinds(settings, people)
    with session_scope(settings.database_url) as s:
        for raw in QUERIES:
            q = search.parse(s, raw)
            indexed = set(s.scalars(search.matching_ids(s, q)).all())
            walked = set(s.scalars(select(Submission.id).where(search.contains(q, Submission.id))).all())
            assert walked == indexed, raw
            assert search.first_matches(s, q, 10) == sorted(indexed)       # few: all of them
        everyone = search.parse(s, "菓")
        assert search.first_matches(s, everyone, 1) is None                 # as many as the limit: too many
    assert ids


def test_the_row_test_agrees_with_the_index_on_sqlite(settings, people):
    _row_test_agrees_with_the_index(settings, people)


@pytest.mark.integration
@pytest.mark.timeout(120)
def test_the_row_test_agrees_with_the_index_on_postgresql(pg_settings, people):  # noqa: F811
    from intake import search
    _row_test_agrees_with_the_index(pg_settings, people)
    with session_scope(pg_settings.database_url) as s:
        permit = search.parse(s, "12-3456", "hamada")
        assert search._by_trigrams(s, permit, 5) == s.scalars(search.matching_ids(s, permit)).all()
        assert search._by_trigrams(s, search.parse(s, "12-3456", "narita"), 5) == []   # by municipality
        assert search._common_in_sample(s, search.parse(s, "佐藤製菓", "hamada"))      # one of two
        assert not search._common_in_sample(s, search.parse(s, "存在しない", "hamada"))
        mine = {r for (r,) in s.execute(text("SELECT DISTINCT profile FROM search_grams"))}
    assert mine == {"hamada"}                                       # postings keep the municipality


def _pages(client, query: str) -> tuple[list[int], list[str]]:
    """Every id listed, page after page, and the first page's HTML."""
    out, url, first = [], "/queue/?" + query, []
    while url:
        html = client.get(url).get_data(as_text=True)
        first = first or [html]
        out += [int(i) for i in re.findall(r'<tr data-href="[^"]+" data-id="(\d+)"', html)]
        more = re.search(r'href="(/queue/\?[^"]*cursor=[^"]+)"', html)
        url = more.group(1).replace("&amp;", "&") if more else None
    return out, first


def _many(settings, people) -> list[int]:
    warning = [Finding("LABEL_ORIGIN_MISSING", "warning", "原料原産地の表示がありません。", "No origin.",
                       "label.pdf", "label.ingredients", None, "食品表示基準 第3条")]
    ids = [make_submission(settings, people, findings=warning if i % 3 else None) for i in range(54)]
    ids += [make_submission(settings, people, owner="bob", status="approved") for _ in range(3)]
    ids.append(make_submission(settings, people, status="clean", fields={
        "label.name": FieldValue("干し芋", 0.9, "text", 1, [20, 40, 120, 52])}, data=two_column_pdf([("名称", "干し芋")])))
    return ids


def _search_pages_in_queue_order(settings, people, monkeypatch, walked: bool) -> None:
    from web import create_app, queue
    if walked:
        monkeypatch.setattr(queue, "FEW", 1)          # every search counts as "many": the walk
    client = create_app(settings=settings, test_config={"TESTING": True}).test_client()
    ids = _many(settings, people)
    login(client, "rita@example.jp")
    plain, _ = _pages(client, "status=needs_review")
    assert sorted(plain) == ids[:54]
    for q in ("卵", "鶏卵", "小麦粉", "alice商店", "ALICE商店"):
        assert _pages(client, "status=needs_review&q=" + q)[0] == plain, q
    assert _pages(client, "status=clean&q=干し芋")[0] == [ids[-1]]
    assert _pages(client, "status=needs_review&q=干し芋")[0] == []
    assert _pages(client, "status=needs_review&q=bob商店")[0] == []          # bob's are approved
    assert sorted(_pages(client, "status=approved&q=bob商店")[0]) == ids[54:57]
    assert _pages(client, "status=all&q=存在しない")[0] == []
    everything, _ = _pages(client, "status=all")
    assert _pages(client, "status=all&q=卵")[0] == [i for i in everything if i != ids[-1]]


@pytest.mark.parametrize("walked", [False, True], ids=["fetched", "walked"])
def test_a_search_pages_in_the_queue_order_either_way(settings, people, monkeypatch, walked):
    _search_pages_in_queue_order(settings, people, monkeypatch, walked)


@pytest.mark.integration
@pytest.mark.timeout(300)
@pytest.mark.parametrize("walked", [False, True], ids=["fetched", "walked"])
def test_a_search_pages_in_the_queue_order_either_way_on_postgresql(pg_settings, people, monkeypatch,  # noqa: F811
                                                                    walked):
    _search_pages_in_queue_order(pg_settings, people, monkeypatch, walked)


def test_many_matches_are_counted_up_to_a_cap_that_the_tab_shows(app, people, monkeypatch):
    from web import queue
    settings, client = app.config["INTAKE_SETTINGS"], app.test_client()
    _many(settings, people)
    login(client, "rita@example.jp")
    exact = client.get("/queue/?q=卵").get_data(as_text=True)
    assert re.search(r'要確認 <span class="count">54</span>', exact) and "data-capped" not in exact
    monkeypatch.setattr(queue, "FEW", 1)
    monkeypatch.setattr(queue, "COUNT_CAP", 10)
    monkeypatch.setattr(queue, "SEARCH_WALK", 10)
    capped = client.get("/queue/?q=卵").get_data(as_text=True)
    assert re.search(r'要確認 <span class="count">10件以上</span>', capped)
    assert re.search(r'承認済み <span class="count">3</span>', capped)      # under the cap: exact
    assert re.search(r'指摘なし <span class="count">0</span>', capped)      # read whole: none has 卵
    assert re.search(r'すべて <span class="count">13件以上</span>', capped)
    assert "件数は各状態の10件までの中で数えています。" in capped
    assert len(re.findall(r'<tr data-href=', capped)) == 50                  # the page itself is whole
    plain = client.get("/queue/").get_data(as_text=True)
    assert re.search(r'要確認 <span class="count">10件以上</span>', plain)
    assert "件数は各状態10件まで数えています。" in plain
    monkeypatch.setattr(queue, "COUNT_CAP", 60)
    monkeypatch.setattr(queue, "FEW", 5000)
    assert re.search(r'要確認 <span class="count">54</span>', client.get("/queue/").get_data(as_text=True))
