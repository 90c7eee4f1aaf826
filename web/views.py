"""Template helpers: labels for statuses, severities and kinds; ages; the CSRF token."""
from __future__ import annotations

import datetime as dt
import json

from flask import Flask, g
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from intake.domain import catalogue
from intake.models import utcnow

STATUS = {
    "received": _l("受付済み"), "processing": _l("処理中"), "clean": _l("指摘なし"),
    "needs_review": _l("要確認"), "approved": _l("承認済み"), "rejected": _l("却下済み"),
    "returned": _l("差し戻し中"), "failed": _l("処理失敗"),
}
SEVERITY = {"error": _l("エラー"), "warning": _l("警告"), "info": _l("情報")}
SEVERITY_OF_RANK = {3: "error", 2: "warning", 1: "info", 0: ""}
FINDING_STATUS = {"open": _l("未対応"), "confirmed": _l("確認済み（問題あり）"),
                  "overruled": _l("問題なしと判断")}
EXTRA_KINDS = {"email": (_l("メール"), "e-mail")}   # an e-mail body stored as a document
PROFILE = {"gunma": _l("群馬県"), "shika": _l("志賀町"), "ishigaki": _l("石垣市"),
           "hamada": _l("浜田市"), "narita": _l("成田市")}
METHOD = {"text": _l("テキスト"), "ocr": "OCR", "docx": "DOCX", "xlsx": "XLSX",
          "email": _l("メール"), "image": _l("画像"), "manual": _l("手入力")}
ACTION = {
    "received": _l("受付"), "status": _l("状態変更"), "processed": _l("読み取り完了"),
    "field_corrected": _l("項目を修正"), "finding_confirmed": _l("指摘を確認（問題あり）"),
    "finding_overruled": _l("指摘を問題なしと判断"), "finding_open": _l("指摘を未対応に戻す"),
    "approve": _l("承認"), "reject": _l("却下"), "return": _l("差し戻し"), "claimed": _l("担当"),
    "released": _l("担当を解除"), "resubmitted": _l("修正版を提出"), "revalidated": _l("再チェック"),
    "retried": _l("再処理"),
    "password_mail": _l("パスワードのメールを受信"), "zip_unlocked": _l("パスワード付きZIPを開封"),
    "reread": _l("再読み取り"),
}
ROLE = {"supplier": _l("事業者"), "reviewer": _l("審査担当"), "admin": _l("管理者")}


def lang() -> str:
    """The request's language, looked up once (Flask-Babel's lookup is not free per row)."""
    if "_lang" not in g:
        g._lang = str(get_locale())
    return g._lang


def age(created: dt.datetime | None) -> str:
    """How long ago, in days or hours (the SLA clock of the queue)."""
    if created is None:
        return ""
    seconds = max(0, (utcnow() - created).total_seconds())
    en = lang() == "en"
    if seconds >= 86400:
        days = int(seconds // 86400)
        return f"{days} d" if en else f"{days}日"
    hours = int(seconds // 3600)
    if hours:
        return f"{hours} h" if en else f"{hours}時間"
    minutes = int(seconds // 60)
    return f"{minutes} min" if en else f"{minutes}分"


SLA_DAYS = 3  # a submission waiting longer is shown as late


def days_old(created: dt.datetime | None) -> int:
    return 0 if created is None else (utcnow() - created).days


def local_time(value: dt.datetime | None) -> str:
    """UTC timestamps shown in Japan time."""
    if value is None:
        return ""
    return (value + dt.timedelta(hours=9)).strftime("%Y-%m-%d %H:%M")


def message_of(row) -> str:  # noqa: ANN001
    """A finding's message in the user's language."""
    return row.message_en if lang() == "en" and row.message_en else row.message


def field_label(key: str) -> str:
    """A field key's name from the catalogue in the user's language."""
    ja, en = catalogue.field_label(key)
    return en if lang() == "en" else ja


def _kinds(locale: str) -> dict[str, str]:
    out = {k: catalogue.kind_label(k)[1] if locale == "en" else catalogue.kind_short(k) for k in catalogue.kinds()}
    return out | {k: en if locale == "en" else str(ja) for k, (ja, en) in EXTRA_KINDS.items()}


LABEL_SETS = {"STATUS": STATUS, "SEVERITY": SEVERITY, "PROFILE": PROFILE,
              "METHOD": METHOD, "ROLE": ROLE, "ACTION": ACTION, "FINDING_STATUS": FINDING_STATUS}
_resolved: dict[str, dict[str, dict[str, str]]] = {}


def labels() -> dict[str, dict[str, str]]:
    """The label tables translated once per language (lazy strings cost a lookup per use)."""
    locale = lang()
    if locale not in _resolved:
        _resolved[locale] = {name: {k: str(v) for k, v in table.items()}
                             for name, table in LABEL_SETS.items()}
        _resolved[locale]["KIND"] = _kinds(locale)
    return _resolved[locale]


def init_app(app: Flask) -> None:
    app.context_processor(labels)
    app.jinja_env.globals.update(field_label=field_label,
                                 SEVERITY_OF_RANK=SEVERITY_OF_RANK, message_of=message_of,
                                 current_locale=lang, SLA_DAYS=SLA_DAYS)
    app.jinja_env.filters.update(age=age, local_time=local_time, days_old=days_old,
                                 as_json=lambda v: json.dumps(v, ensure_ascii=False, default=str))
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def error_text(exc) -> str:  # noqa: ANN001
    """A SubmissionError's message in the user's language."""
    return exc.message_en if lang() == "en" else exc.message
