"""Hamada complaint reports: required entries and dates in order."""
from __future__ import annotations

import datetime as dt
import re

from intake.records import Finding, Record
from validators import findings as F
from validators.labels import field_label
from validators.inputs import DATETIME, Need
from validators.registry import rule
from validators.values import is_empty, nfkc, to_datetime, to_list

# (earlier, later) pairs that must not be reversed
_ORDER = [("complaint.shipped_at", "complaint.received_at"),
          ("complaint.received_at", "complaint.first_contact_at"),
          ("complaint.received_at", "complaint.city_notified_at")]


@rule("complaint.entries", title=("苦情等処理報告書の記載事項", "complaint report entries"))
def entries(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("complaint.entries")
    out = []
    for doc in record.of_kind("complaint_report"):
        for key in params.get("required") or []:
            if is_empty(doc.value(key)):
                ja, en = field_label(key)
                out.append(F.make("COMPLAINT_INCOMPLETE", rule=params.get("cite"), document=doc.source, field=key,
                                  evidence=ja, label_ja=ja, label_en=en))
    return out


_MD = re.compile(r"(\d{1,2})[/月](\d{1,2})日?(?:\s*(\d{1,2})[:時](\d{2}))?")


def _month_day(text: str, anchor: dt.date | None) -> dt.datetime | None:
    m = _MD.search(text)
    if not m or anchor is None:
        return None
    month, day, year = int(m[1]), int(m[2]), anchor.year
    if month < anchor.month - 6:
        year += 1
    try:
        return dt.datetime(year, month, day, int(m[3] or 0), int(m[4] or 0))
    except ValueError:
        return None


def _timeline_dates(value, anchor: dt.date | None) -> list[tuple[dt.datetime, str]]:
    """Dates of the 対応経過 entries in written order.

    Entries may be a list (strings or {at|date, …}) or one text; a date may
    lack its year (「10/21 電話」), which is then taken from `anchor` (the
    receipt), rolling into the next year when the month goes back.
    """
    if isinstance(value, str):
        entries = [e for e in re.split(r"[\n。;；]", value) if e.strip()]
    else:
        entries = [e.get("at") or e.get("date") or "" if isinstance(e, dict) else e for e in to_list(value)]
    out = []
    for e in entries:
        text = nfkc(e)
        when = to_datetime(text) if re.search(r"\d{4}\s*[-/.年]", text) else _month_day(text, anchor)
        if when is None:
            continue
        out.append((when, text[:40]))
    return out


@rule("complaint.timeline", title=("苦情等処理報告書の日時の順序", "complaint report timeline"),
      needs=[Need("complaint.received_at", kinds=("complaint_report",), type=DATETIME),
             Need("complaint.first_contact_at", kinds=("complaint_report",), type=DATETIME)])
def timeline(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("complaint.timeline")
    out = []
    for doc in record.of_kind("complaint_report"):
        def add(field, ja, en, ev):
            out.append(F.make("COMPLAINT_TIMELINE_INVALID", rule=params.get("cite"), document=doc.source, field=field,
                              evidence=ev, detail_ja=ja, detail_en=en))
        when = {k: to_datetime(doc.value(k)) for pair in _ORDER for k in pair}
        for a, b in _ORDER:
            if when[a] and when[b] and when[b] < when[a]:
                (ja_a, en_a), (ja_b, en_b) = field_label(a), field_label(b)
                add(b, f"{ja_b}（{when[b]:%Y-%m-%d %H:%M}）が{ja_a}（{when[a]:%Y-%m-%d %H:%M}）より前です。",
                    f"{en_b} ({when[b]:%Y-%m-%d %H:%M}) is before {en_a} ({when[a]:%Y-%m-%d %H:%M}).",
                    f"{ja_a} {when[a]:%Y-%m-%d %H:%M} > {ja_b} {when[b]:%Y-%m-%d %H:%M}")
        for key, value in when.items():
            if value and value.date() > as_of:
                ja, en = field_label(key)
                add(key, f"{ja}（{value:%Y-%m-%d}）が基準日より後です。", f"{en} ({value:%Y-%m-%d}) is in the future.",
                    f"{ja} {value:%Y-%m-%d} > {as_of}")
        anchor = when.get("complaint.received_at") or when.get("complaint.shipped_at")
        dates = _timeline_dates(doc.value("complaint.timeline"), anchor.date() if anchor else as_of)
        for (d1, t1), (d2, t2) in zip(dates, dates[1:]):
            if d2 < d1:
                add("complaint.timeline", f"対応経過が時系列になっていません（{t1} → {t2}）。",
                    f"the course of handling is not in time order ({t1} → {t2}).", f"{t1} → {t2}")
                break
        received = when.get("complaint.received_at")
        if dates and received and dates[0][0].date() < received.date():
            add("complaint.timeline", f"対応経過の最初の日時（{dates[0][1]}）が受付日時より前です。",
                f"the first handling entry ({dates[0][1]}) precedes the receipt.", f"{dates[0][1]} < {received:%Y-%m-%d}")
    return out
