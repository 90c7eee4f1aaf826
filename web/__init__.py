"""The web app: supplier portal, review queue, admin pages and the JSON API.

`create_app()` is a Flask-style factory; the app is an APIFlask so the OpenAPI
document of the JSON API (`/api/v1/openapi.json`) is generated from the views.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from apiflask import APIFlask
from flask import session
from flask_babel import Babel
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

from intake import config

csrf = CSRFProtect()
LOCALES = ("ja", "en")


def create_app(settings: config.Settings | None = None,
               test_config: dict[str, Any] | None = None) -> APIFlask:
    """Build the app for these settings (default: from the environment).

    INTAKE_SECURE_COOKIES=true marks the cookies Secure (behind HTTPS).
    """
    from intake import worker

    settings = settings or config.load()
    app = APIFlask(__name__, title="intake API", version="1",
                   spec_path="/api/v1/openapi.json", docs_path=None, json_errors=False)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.env_bool("INTAKE_SECURE_COOKIES", False),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=12),
        BABEL_DEFAULT_LOCALE="ja",
        BABEL_TRANSLATION_DIRECTORIES="translations",
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        INTAKE_SETTINGS=settings,
    )
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    app.json.ensure_ascii = False  # Japanese messages readable as they are
    from web.schemas import ErrorOut
    app.config.update(HTTP_ERROR_SCHEMA=ErrorOut, VALIDATION_ERROR_SCHEMA=ErrorOut)
    if test_config:
        app.config.update(test_config)
    worker.configure(settings)

    csrf.init_app(app)
    Babel(app, locale_selector=select_locale)
    _register(app)
    app.after_request(security_headers)
    return app


CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


def security_headers(response):  # noqa: ANN001, ANN201
    """No framing, no sniffing, no caching of pages that may show personal data."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def select_locale() -> str:
    """The language chosen with the switch, else the user's, else Japanese."""
    chosen = session.get("lang")
    if chosen in LOCALES:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    return "ja"


def _register(app: APIFlask) -> None:
    from web import (admin, api, auth, detail, errors, health, ids, pages, portal, queue, review_sheet,
                     store, versions, views, wordings, zip_password)

    ids.init_app(app)
    store.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    views.init_app(app)
    for module in (auth, portal, queue, detail, pages, versions, review_sheet, admin, wordings, api,
                   zip_password, health):
        app.register_blueprint(module.bp)
    csrf.exempt(api.bp)
