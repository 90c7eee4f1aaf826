"""Dates are judged in the municipality's time zone (profile `timezone`, Asia/Tokyo), not
the server's: on a UTC server 00:00–09:00 JST is already the next day in Japan."""
import datetime as dt
import time

import pytest

import validators.profiles as P
from intake.pipeline import default_as_of, process
from validators.engine import validate
from validators.profiles import load_profile
from vbuild import codes, doc, record

UTC = dt.timezone.utc


@pytest.fixture
def utc_server(monkeypatch):
    """A server whose local zone is UTC, standing at a chosen instant."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()

    def at(instant: dt.datetime) -> None:
        monkeypatch.setattr(P, "utcnow", lambda: instant)
    yield at
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("instant,tokyo_day", [
    (dt.datetime(2026, 12, 24, 14, 59, tzinfo=UTC), dt.date(2026, 12, 24)),   # 23:59 JST
    (dt.datetime(2026, 12, 24, 15, 0, tzinfo=UTC), dt.date(2026, 12, 25)),    # 00:00 JST
    (dt.datetime(2026, 12, 24, 20, 0, tzinfo=UTC), dt.date(2026, 12, 25)),    # 05:00 JST
    (dt.datetime(2026, 12, 31, 23, 30, tzinfo=UTC), dt.date(2027, 1, 1)),
])
def test_today_is_the_day_in_tokyo(instant, tokyo_day):
    for code in P.profile_codes():
        assert load_profile(code).today(instant) == tokyo_day
        assert default_as_of(code, instant) == tokyo_day


def test_time_zone_is_a_profile_setting():
    prof = load_profile("gunma")
    assert str(prof.timezone) == "Asia/Tokyo"
    other = P.Profile(code="x", name="x", data={**prof.data, "timezone": "UTC"})
    assert other.today(dt.datetime(2026, 12, 24, 20, 0, tzinfo=UTC)) == dt.date(2026, 12, 24)


def test_gunma_plan_on_a_utc_server_is_judged_on_the_25th(utc_server):
    utc_server(dt.datetime(2026, 12, 24, 20, 0, tzinfo=UTC))   # 2026-12-25 05:00 in Gunma
    result = process([], "gunma")                                # no --as-of
    assert result.as_of == dt.date(2026, 12, 25)
    on_time = record(doc("sales_plan", plan__business_name="上州衛生", plan__month="2027-01",
                         plan__submitted_on="2026-12-25", plan__items=[{"name": "マスク", "purchase_limit": 3}]),
                     profile="gunma")
    fs = validate(on_time, "gunma")                              # the engine's default as well
    assert "PLAN_LATE" not in codes(fs)
    late = record(doc("sales_plan", plan__business_name="上州衛生", plan__month="2027-01",
                      plan__submitted_on="2026-12-26", plan__items=[{"name": "マスク", "purchase_limit": 3}]),
                  profile="gunma")
    assert "PLAN_LATE" in codes(validate(late, "gunma", result.as_of))


def test_permit_expiring_on_the_24th_is_expired_at_05_00_jst_on_a_utc_server(utc_server):
    permit = record(doc("permit", permit__holder="成田食品", permit__valid_until="2026-12-24"), profile="narita")
    utc_server(dt.datetime(2026, 12, 24, 14, 0, tzinfo=UTC))   # 23:00 JST on the 24th: still valid
    assert "PERMIT_EXPIRED" not in codes(validate(permit, "narita"))
    utc_server(dt.datetime(2026, 12, 24, 20, 0, tzinfo=UTC))   # 05:00 JST on the 25th
    assert "PERMIT_EXPIRED" in codes(validate(permit, "narita"))


def test_complaint_received_this_morning_in_japan_is_not_in_the_future(utc_server):
    utc_server(dt.datetime(2026, 12, 24, 23, 30, tzinfo=UTC))  # 08:30 JST on the 25th
    rep = record(doc("complaint_report", complaint__received_at="2026-12-25T08:00",
                     complaint__first_contact_at="2026-12-25T08:20"))
    assert "COMPLAINT_TIMELINE_INVALID" not in codes(validate(rep, "hamada"))
