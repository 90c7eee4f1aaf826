"""Error pages in the user's language; JSON with Japanese and English under /api/."""
from __future__ import annotations

from apiflask import APIFlask
from apiflask.exceptions import HTTPError
from flask import render_template, request
from flask_babel import get_locale
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

# Japanese and English for the statuses users meet.
MESSAGES = {
    400: ("リクエストが正しくありません。", "Bad request."),
    401: ("認証が必要です。有効なトークンを指定してください。", "Authentication required: send a valid bearer token."),
    403: ("この操作を行う権限がありません。", "You may not do this."),
    404: ("見つかりません。", "Not found."),
    405: ("このメソッドは使えません。", "Method not allowed."),
    409: ("現在の状態ではこの操作はできません。", "Not possible in the current state."),
    413: ("ファイルが大きすぎます。アップロードできる合計サイズを超えています。",
          "The upload is too large."),
    422: ("入力内容に誤りがあります。", "The input is not valid."),
    429: ("試行回数が多すぎます。しばらく待ってからやり直してください。",
          "Too many attempts; wait a while and try again."),
    500: ("サーバーでエラーが発生しました。", "Internal server error."),
    503: ("データベースに接続できません。しばらく待ってからやり直してください。",
          "The database is unavailable; try again shortly."),
}


def is_api() -> bool:
    return request.path.startswith("/api/")


def api_body(status: int, message: str | None = None, message_en: str | None = None,
             detail: object = None) -> dict:
    ja, en = MESSAGES.get(status, (message or "エラー", message_en or "Error"))
    return {"message": message or ja, "message_en": message_en or en, "detail": _str_keys(detail or {})}


def _str_keys(value: object) -> object:
    """JSON keys are strings: a validator names a nameless multipart part with None (`{None: ['Unknown field.']}`)."""
    if isinstance(value, dict):
        return {("" if k is None else str(k)): _str_keys(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_str_keys(v) for v in value]
    return value


def init_app(app: APIFlask) -> None:
    @app.error_processor
    def _api_error(error: HTTPError):  # noqa: ANN202
        """Validation, auth and API errors: Japanese `message`, English `message_en`."""
        en = error.extra_data.get("message_en")
        ja = error.message if en else None
        if error.status_code == 413:
            ja = en = None
        return api_body(error.status_code, ja, en, error.detail), error.status_code, error.headers

    @app.errorhandler(DBAPIError)
    def _database_down(error: DBAPIError):  # noqa: ANN202
        """A lost database connection is 503, not 500: the request may be repeated. The session
        goes back to the pool as it is; pool_pre_ping replaces the dead connection."""
        if not error.connection_invalidated and not isinstance(
                error, (OperationalError, InterfaceError)):
            raise error
        from web.store import discard_session
        discard_session()
        if is_api():
            return api_body(503), 503, {"Retry-After": "10"}
        # not base.html: its menu asks the database who is signed in
        ja, en = MESSAGES[503]
        page = (f'<!doctype html><html lang="ja"><meta charset="utf-8"><title>503</title>'
                f'<h1>503</h1><p>{ja}</p><p lang="en">{en}</p></html>')
        return page, 503, {"Retry-After": "10", "Content-Type": "text/html; charset=utf-8"}

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):  # noqa: ANN202
        status = error.code or 500
        if is_api():
            return api_body(status), status
        ja, en = MESSAGES.get(status, (error.description, error.description))
        if isinstance(error, CSRFError):
            ja, en = ("フォームの有効期限が切れました。ページを再読み込みしてやり直してください。",
                      "The form expired; reload the page and try again.")
        message = en if str(get_locale()) == "en" else ja
        return render_template("error.html", status=status, message=message), status
