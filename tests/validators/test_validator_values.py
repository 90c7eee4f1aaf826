"""Defensive value readers."""
import datetime as dt

import pytest

from validators import values as V


@pytest.mark.parametrize("raw,expected", [
    ("2026-05-01", dt.date(2026, 5, 1)), ("2026/5/1 10:00", dt.date(2026, 5, 1)),
    ("令和8年5月1日", dt.date(2026, 5, 1)), ("R8.5.1", dt.date(2026, 5, 1)), ("平成31年4月1日", dt.date(2019, 4, 1)),
    ("令和元年5月1日", dt.date(2019, 5, 1)), (dt.datetime(2026, 1, 2, 3, 4), dt.date(2026, 1, 2)),
    ("2026-02-30", None), ("あした", None), (None, None), (12, None),
])
def test_to_date(raw, expected):
    assert V.to_date(raw) == expected


@pytest.mark.parametrize("raw,expected", [
    (1200, 1200.0), ("1,200円", 1200.0), ("１２，３００円", 12300.0), ("30%", 30.0), (True, None), (None, None), ("なし", None),
])
def test_to_number(raw, expected):
    assert V.to_number(raw) == expected


def test_to_list_and_bool():
    assert V.to_list("小麦・卵、乳") == ["小麦", "卵", "乳"]
    assert V.to_list(None) == [] and V.to_list(["", None, "x"]) == ["x"]
    assert V.to_bool("■") is True and V.to_bool("□") is False and V.to_bool("?") is None
