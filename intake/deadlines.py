"""When a submission is due: the profile's review deadline (`review_business_days`) counted in
business days from the day it arrived in the municipality's time zone — weekends and Japanese
public holidays (jpholiday) are not counted."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import jpholiday

DEFAULT_DAYS = 10


def business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not jpholiday.is_holiday(day)


def add_business_days(start: dt.date, days: int) -> dt.date:
    """The `days`-th business day after `start` (start itself not counted)."""
    day, left = start, max(0, days)
    while left:
        day += dt.timedelta(days=1)
        if business_day(day):
            left -= 1
    return day


@lru_cache(maxsize=64)
def review_days(profile: str) -> int:
    from validators.profiles import load_profile
    try:
        return int(load_profile(profile).get("review_business_days", DEFAULT_DAYS))
    except (KeyError, FileNotFoundError, ValueError):
        return DEFAULT_DAYS


def due_on(profile: str, received: dt.datetime) -> dt.date:
    """The due date of a submission of `profile` received at `received` (naive UTC)."""
    from validators.profiles import load_profile
    try:
        local = load_profile(profile).today(received)
    except (KeyError, FileNotFoundError):
        local = (received + dt.timedelta(hours=9)).date()
    return add_business_days(local, review_days(profile))


def today(profile: str | None = None) -> dt.date:
    from validators.profiles import load_profile
    if profile:
        try:
            return load_profile(profile).today()
        except (KeyError, FileNotFoundError):
            pass
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=9)).date()
