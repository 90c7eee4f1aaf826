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
EXTRA_KINDS = {"email": (_l("メール"), "e-mail")}   # an e-mail body stored as a document
PROFILE = {"gunma": _l("群馬県"), "shika": _l("志賀町"), "ishigaki": _l("石垣市"),
           "hamada": _l("浜田市"), "narita": _l("成田市")}
METHOD = {"text": _l("テキスト"), "ocr": "OCR", "docx": "DOCX", "xlsx": "XLSX",
          "email": _l("メール"), "image": _l("画像"), "manual": _l("手入力")}
ACTION = {
    "received": _l("受付"), "status": _l("状態変更"), "processed": _l("読み取り完了"),
    "field_corrected": _l("項目を修正"),
    "approve": _l("承認"), "reject": _l("却下"), "return": _l("差し戻し"), "claimed": _l("担当"),
    "released": _l("担当を解除"), "resubmitted": _l("修正版を提出"), "revalidated": _l("再チェック"),
    "retried": _l("再処理"),
    "password_mail": _l("パスワードのメールを受信"), "zip_unlocked": _l("パスワード付きZIPを開封"),
    "reread": _l("再読み取り"),
    "wording_proposed": _l("項目名の候補"), "wording_accepted": _l("項目名を採用"),
    "wording_rejected": _l("項目名を不採用"),
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


def local_time(value: dt.datetime | None) -> str:
    """UTC timestamps shown in Japan time."""
    if value is None:
        return ""
    return (value + dt.timedelta(hours=9)).strftime("%Y-%m-%d %H:%M")


def message_of(row) -> str:  # noqa: ANN001
    """A finding's message in the user's language."""
    return row.message_en if lang() == "en" and row.message_en else row.message


def finding_title(code: str) -> str:
    """A finding code's short title (validators.findings) in the user's language."""
    from validators.findings import title
    ja, en = title(code)
    return en if lang() == "en" else ja


def field_label(key: str) -> str:
    """A field key's name from the catalogue in the user's language."""
    ja, en = catalogue.field_label(key)
    return en if lang() == "en" else ja


def _kinds(locale: str) -> dict[str, str]:
    out = {k: catalogue.kind_label(k)[1] if locale == "en" else catalogue.kind_short(k) for k in catalogue.kinds()}
    return out | {k: en if locale == "en" else str(ja) for k, (ja, en) in EXTRA_KINDS.items()}


LABEL_SETS = {"STATUS": STATUS, "SEVERITY": SEVERITY, "PROFILE": PROFILE,
              "METHOD": METHOD, "ROLE": ROLE, "ACTION": ACTION}
_resolved: dict[str, dict[str, dict[str, str]]] = {}


def labels() -> dict[str, dict[str, str]]:
    """The label tables translated once per language (lazy strings cost a lookup per use)."""
    locale = lang()
    if locale not in _resolved:
        _resolved[locale] = {name: {k: str(v) for k, v in table.items()}
                             for name, table in LABEL_SETS.items()}
        _resolved[locale]["KIND"] = _kinds(locale)
        _resolved[locale]["FINDING_STATUS"] = {s: words(f"finding.{s}") for s in ("open", "confirmed", "overruled")}
        _resolved[locale]["ACTION"].update({f"finding_{s}": "指摘: " + words(f"verdict.{s}") if locale == "ja"
                                            else "Finding: " + words(f"verdict.{s}")
                                            for s in ("open", "confirmed", "overruled")})
    return _resolved[locale]


def words(key: str, **values) -> str:  # noqa: ANN003
    """One entry of the review vocabulary (intake.review.WORDS) in the user's language."""
    from intake.review import word
    ja, en = word(key, **values)
    return en if lang() == "en" else ja


def review_words() -> dict[str, str]:
    """The whole review vocabulary in the user's language, for the page's script."""
    from intake.review import WORDS
    return {k: words(k) if "{" not in WORDS[k][0] else WORDS[k][1 if lang() == "en" else 0] for k in WORDS}


def init_app(app: Flask) -> None:
    app.context_processor(labels)
    app.jinja_env.globals.update(field_label=field_label, finding_title=finding_title, words=words, review_words=review_words,
                                 SEVERITY_OF_RANK=SEVERITY_OF_RANK, message_of=message_of,
                                 current_locale=lang)
    app.jinja_env.filters.update(age=age, local_time=local_time,
                                 as_json=lambda v: json.dumps(v, ensure_ascii=False, default=str))
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def error_text(exc) -> str:  # noqa: ANN001
    """A SubmissionError's message in the user's language."""
    return exc.message_en if lang() == "en" else exc.message
