"""Sign-in and sign-out (Flask-Login, argon2), the login throttle, safe redirects, the
language switch, and the user's own password change."""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable
from urllib.parse import urlsplit

from flask import (Blueprint, Flask, abort, current_app, flash, redirect, render_template,
                   request, session, url_for)
from flask_babel import gettext as _
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user

from intake.accounts import AccountError, change_own_password, check_password, end_sessions, find_user
from intake.models import User

from web import throttle
from web.store import db

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
HOME = {"supplier": "portal.index", "reviewer": "queue.index", "admin": "queue.index"}


class Account(UserMixin):
    """The signed-in user: a User row seen through Flask-Login's interface."""

    def __init__(self, row: User):
        self.row = row

    def get_id(self) -> str:
        """The id kept in the session cookie carries the user's session generation, so a
        cookie from before a logout, deactivation or password change no longer loads."""
        return f"{self.row.id}:{self.row.session_gen or 0}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return bool(self.row.active)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


def me() -> User:
    return current_user.row


def role_required(*roles: str) -> Callable:
    """Only these roles; anyone else gets 404 (pages they have no business knowing about)."""
    def wrap(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def inner(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(404)
            return view(*args, **kwargs)
        return inner
    return wrap


@login_manager.user_loader
def _load(session_id: str) -> Account | None:
    user_id, _sep, gen = session_id.partition(":")
    try:
        row = db().get(User, int(user_id))
        gen_number = int(gen)
    except (ValueError, OverflowError):
        return None
    if row is None or not row.active or (row.session_gen or 0) != gen_number:
        return None
    return Account(row)


def safe_next(target: str | None, default: str) -> str:
    """`target` if it is a path on this site, else `default`: the one check every redirect to
    a user-given place goes through. Browsers drop tabs and newlines and read a backslash as a
    slash, so `/%09/evil.example` would become `//evil.example` (another site)."""
    t = target or ""
    if not t.startswith("/") or t[1:2] in ("/", "\\") or "\\" in t \
            or any(c.isspace() or not c.isprintable() for c in t):
        return default
    parts = urlsplit(t)
    return default if parts.scheme or parts.netloc else t


def _throttle() -> throttle.Throttle:
    return throttle.Throttle(current_app.extensions["login_store"],
                             throttle.Policy.from_config(current_app.config),
                             current_app.config["SECRET_KEY"])


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for(HOME[current_user.role]))
    email = (request.form.get("email") or "").strip().lower()
    if request.method == "GET":
        return render_template("login.html", email="")
    limits, address = _throttle(), request.remote_addr or ""
    wait = limits.address_wait(address)
    if wait:
        flash(_("このネットワークからのログイン失敗が続いています。%(n)s秒待ってからやり直してください。",
                n=wait), "error")
        return render_template("login.html", email=email), 429, {"Retry-After": str(wait)}
    if limits.account_blocked(email):
        flash(_("ログインの失敗が続いたため、しばらくログインできません。15分ほど待ってからやり直してください。"),
              "error")
        return render_template("login.html", email=email), 429
    user = find_user(db(), email) if email else None
    if not check_password(user, request.form.get("password", "")):   # as slow for unknown e-mails
        limits.failed(email, address)
        flash(_("メールアドレスまたはパスワードが違います。"), "error")
        return render_template("login.html", email=email), 401
    limits.succeeded(email)
    lang = session.get("lang")
    session.clear()  # a fresh session on sign-in (no fixation)
    if lang:
        session["lang"] = lang
    login_user(Account(user))
    return redirect(safe_next(request.args.get("next"), url_for(HOME[user.role])))


@bp.post("/logout")
@login_required
def logout() -> Any:
    """Ends every copy of the session (a copied cookie too), not only this browser's."""
    end_sessions(me())
    db().commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password() -> Any:
    """The user's own password; other sessions end, this one continues."""
    if request.method == "GET":
        return render_template("password.html")
    new = request.form.get("new_password", "")
    if new != request.form.get("confirm_password", ""):
        flash(_("新しいパスワードが確認用と一致しません。"), "error")
        return render_template("password.html"), 400
    try:
        change_own_password(me(), request.form.get("current_password", ""), new)
    except AccountError as exc:
        db().rollback()
        flash(str(exc), "error")
        return render_template("password.html"), 400
    db().commit()
    login_user(Account(me()))   # this session, under the new generation
    flash(_("パスワードを変更しました。ほかの端末のログインは終了しました。"), "ok")
    return redirect(url_for("auth.home"))


@bp.post("/lang")
def set_language() -> Any:
    """The language switch: kept in the session, and on the user for next time."""
    lang = request.form.get("lang", "ja")
    if lang not in ("ja", "en"):
        abort(400)
    session["lang"] = lang
    if current_user.is_authenticated:
        me().locale = lang
        db().commit()
    return redirect(safe_next(request.form.get("next"), "/"))


@bp.get("/")
def home() -> Any:
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for(HOME[current_user.role]))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"
    for key, value in throttle.defaults().items():
        app.config.setdefault(key, value)
    app.extensions["login_store"] = throttle.store_for(app.config["INTAKE_SETTINGS"], db)
    if app.config["PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_HOPS"])  # type: ignore[method-assign]
