"""The review desk without a browser: due dates in business days, search on SQLite and on
PostgreSQL (1–2 characters included), learned wordings from a pick to the next reading."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from intake.db import session_scope
from intake.models import LearnedWording, Submission
from intake.records import FieldValue
from tests.web.desk_seed import seed, two_column_pdf
from tests.web.test_postgres import pg_settings  # noqa: F401  (fixture)


def test_a_due_date_skips_weekends_and_japanese_holidays():
    from intake.deadlines import add_business_days, due_on, review_days

    # Fri 2026-12-25 + 3 business days: Mon 28, Tue 29, Wed 30
    assert add_business_days(dt.date(2026, 12, 25), 3) == dt.date(2026, 12, 30)
    # Fri 2027-01-08 + 1: Mon 11 is 成人の日, so Tue 12
    assert add_business_days(dt.date(2027, 1, 8), 1) == dt.date(2027, 1, 12)
    # received 23:30 UTC Sunday is Monday morning in Japan: its own day is not counted
    assert due_on("hamada", dt.datetime(2026, 11, 29, 23, 30)) == add_business_days(dt.date(2026, 11, 30),
                                                                                   review_days("hamada"))


def test_the_deadline_is_profile_data(monkeypatch):
    from intake import deadlines
    from validators import profiles

    real = profiles.load_profile

    class Short:
        def __init__(self, p):
            self.p = p

        def get(self, key, default=None):
            return 2 if key == "review_business_days" else self.p.get(key, default)

        def today(self, now=None):
            return self.p.today(now)
    monkeypatch.setattr(profiles, "load_profile", lambda code: Short(real(code)) if code == "shika" else real(code))
    deadlines.review_days.cache_clear()
    try:
        assert deadlines.review_days("shika") == 2 and deadlines.review_days("hamada") == 10
        assert deadlines.due_on("shika", dt.datetime(2026, 12, 1, 3)) == dt.date(2026, 12, 3)
    finally:
        deadlines.review_days.cache_clear()


def _search_cases(settings, people):
    from intake import search
    a = seed(settings, people.supplier_ids["alice"], people.ids["alice"])
    b = seed(settings, people.supplier_ids["bob"], people.ids["bob"],
             data=two_column_pdf([("名称", "りんごジュース"), ("許可番号", "第12-3456号")]),
             fields={"label.name": FieldValue("りんごジュース", 0.9, "text", 1, [125, 60, 385, 80])})
    with session_scope(settings.database_url) as s:
        def hits(q):
            return {r[0] for r in s.execute(select(Submission.id).where(
                Submission.id.in_(search.matching_ids(s, q).columns(Submission.id.expression))))}
        assert hits("卵") == {a}                   # one character
        assert hits("佐藤") == {a}                 # two
        assert hits("佐藤製菓") == {a}             # more (trigram)
        assert hits("ﾘﾝｺﾞ") == set() and hits("りんご") == {b}
        assert hits("ＡＢＣ") == set()
        assert hits("12-3456") == {b}
        assert hits("%") == set() and hits("_") == set()   # LIKE's own characters are literal
        assert hits("菓") == {a} and hits("子") == {a}    # a segment's last character too
    return a, b


def test_search_finds_one_and_two_character_japanese_on_sqlite(settings, people):
    _search_cases(settings, people)


@pytest.mark.integration
@pytest.mark.timeout(120)
def test_search_on_postgresql_uses_trigrams_and_bigrams(pg_settings, people):  # noqa: F811
    a, b = _search_cases(pg_settings, people)
    with session_scope(pg_settings.database_url) as s:
        assert s.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).scalar() == 1
        grams = {g for (g,) in s.execute(text("SELECT gram FROM search_grams WHERE submission_id = :i"), {"i": a})}
        assert {"佐藤", "鶏卵", "子 "} <= grams
        plan = "\n".join(r[0] for r in s.execute(text(
            "EXPLAIN SELECT submission_id FROM search_docs WHERE body LIKE '%佐藤製菓%'")))
    assert "ix_search_docs_trgm" in plan or "Seq Scan" in plan   # a two-row table may be scanned


def test_a_pick_proposes_the_label_beside_it_and_an_accepted_wording_is_read_next_time(settings, people, monkeypatch):
    """From the reviewer's pick to the worker's next reading (not in `intake eval`)."""
    from intake import learned, worker
    from intake.blobs import LocalBlobStore
    from intake.pagewords import label_beside
    from intake.pipeline import InputFile
    from intake.submissions import receive
    from tests.web.desk_seed import read_words

    words = read_words(two_column_pdf())
    value = next(w for w in words["pages"][0]["words"] if w[0] == "冷暗所で保管")
    assert label_beside(words, 1, value[1:5]) == "お取り扱い"        # left of it on its line
    below = next(w for w in words["pages"][0]["words"] if w[0] == "名称")
    assert label_beside(words, 1, below[1:5]) is None                 # nothing left of a label column

    monkeypatch.setenv("INTAKE_READ_ISOLATED", "false")
    blobs = LocalBlobStore(settings.blob_dir)

    def process() -> dict:
        with session_scope(settings.database_url) as s:
            sub = receive(s, blobs, "hamada", [InputFile("shokuhin_hyoji.pdf", two_column_pdf())])
            s.flush()
            sid = sub.id
        worker.run(settings, sid)
        with session_scope(settings.database_url) as s:
            return {f.key: f.value for d in s.get(Submission, sid).documents for f in d.fields}
    assert "label.storage" not in process()
    with session_scope(settings.database_url) as s:
        row = learned.propose(s, "hamada", "food_label", "label.storage", "お取り扱い：",
                              {"submission": 1, "document": "x.pdf", "value": "冷暗所で保管"}, people.ids["rita"])
        assert row.wording == "お取り扱い"
        assert learned.propose(s, "hamada", "food_label", "label.storage", "保存方法", {}, None) is None  # known
        assert learned.propose(s, "hamada", "food_label", "label.storage", "冷暗所で保管",
                               {"value": "冷暗所で保管"}, None) is None                       # the value itself
        learned.decide(s, row.id, "accepted", people.ids["adam"])
    assert process().get("label.storage") == "冷暗所で保管"       # read with the accepted wording
    with session_scope(settings.database_url) as s:
        assert learned.accepted(s, "narita") == {}                 # per municipality
        exported = learned.export_yaml(s, "hamada")
        learned.decide(s, s.scalar(select(LearnedWording)).id, "rejected", people.ids["adam"])
    import yaml
    assert yaml.safe_load(exported)["kinds"]["food_label"]["fields"]["label.storage"]["labels"] == ["お取り扱い"]
    assert "label.storage" not in process()                        # reversible


def test_intake_eval_reads_without_learned_wordings(settings, people, monkeypatch, tmp_path):
    """The kept-back measurement reads with the catalogue's own wordings only, whatever is accepted."""
    import shutil

    import extractors.fields as fields_module
    from intake import evaluation, learned
    from intake.domain import catalogue
    from tests.conftest import SAMPLES

    with session_scope(settings.database_url) as s:
        row = learned.propose(s, "ishigaki", "food_label", "label.storage", "お取り扱い", {"submission": 1}, None)
        learned.decide(s, row.id, "accepted", people.ids["adam"])
    seen = []
    real = fields_module.extract
    monkeypatch.setattr(fields_module, "extract", lambda *a, **k: seen.append(catalogue._learned.get()) or real(*a, **k))
    shutil.copytree(SAMPLES / "food_label_clean", tmp_path / "food_label_clean")
    evaluation.run_eval(str(tmp_path))
    assert seen and all(extra == {} for extra in seen)


def test_the_queue_orders_and_pages_a_search_like_the_whole_queue(app, people):
    """Overdue first, then severity, then due date — with or without a search, page after page."""
    import re

    from intake.models import utcnow
    from intake.records import Finding
    from tests.web.conftest import login, make_submission

    settings, client = app.config["INTAKE_SETTINGS"], app.test_client()
    warning = [Finding("LABEL_ORIGIN_MISSING", "warning", "原料原産地の表示がありません。", "No origin.",
                       "label.pdf", "label.ingredients", None, "食品表示基準 第3条")]
    ids = [make_submission(settings, people, findings=warning if i % 3 else None) for i in range(56)]
    with session_scope(settings.database_url) as s:
        for sid in ids[:6]:                              # six of them arrived a month ago
            sub = s.get(Submission, sid)
            sub.created_at = utcnow() - dt.timedelta(days=30)
            sub.due_on = dt.date.today() - dt.timedelta(days=10)
    login(client, "rita@example.jp")

    def pages(query: str) -> list[int]:
        out, url = [], "/queue/?" + query
        while url:
            html = client.get(url).get_data(as_text=True)
            out += [int(i) for i in re.findall(r'<tr data-href="[^"]+" data-id="(\d+)"', html)]
            more = re.search(r'href="(/queue/\?[^"]*cursor=[^"]+)"', html)
            url = more.group(1).replace("&amp;", "&") if more else None
        return out
    plain, searched = pages("status=needs_review"), pages("status=needs_review&q=卵")
    assert plain == searched and sorted(plain) == sorted(ids)      # every one once, in one order
    assert set(plain[:6]) == set(ids[:6])                           # the overdue ones first
    errors = [i for i in ids[6:] if (ids.index(i) % 3) == 0]
    assert plain[6:6 + len(errors)] == sorted(errors)               # then errors, earliest due first
    assert pages("status=needs_review&q=存在しない") == []
