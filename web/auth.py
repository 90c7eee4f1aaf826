"""Sign-in and sign-out (Flask-Login, argon2), the login rate limit, the language switch."""
from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from functools import wraps
from typing import Any, Callable

from flask import (Blueprint, Flask, abort, current_app, flash, redirect, render_template,
                   request, session, url_for)
from flask_babel import gettext as _
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from sqlalchemy import select

from intake.accounts import check_password
from intake.models import User

from web.store import db

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
HOME = {"supplier": "portal.index", "reviewer": "queue.index", "admin": "queue.index"}


class Account(UserMixin):
    """The signed-in user: a User row seen through Flask-Login's interface."""

    def __init__(self, row: User):
        self.row = row

    def get_id(self) -> str:
        return str(self.row.id)

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
def _load(user_id: str) -> Account | None:
    try:
        row = db().get(User, int(user_id))
    except ValueError:
        return None
    if row is None or not row.active:
        return None
    return Account(row)


class LoginLimiter:
    """Failed sign-ins per (email, client address) in a sliding window, in memory."""

    def __init__(self) -> None:
        self.failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self.lock = threading.Lock()

    def _recent(self, key: tuple[str, str], window: float) -> deque[float]:
        q = self.failures[key]
        while q and q[0] < time.monotonic() - window:
            q.popleft()
        return q

    def blocked(self, key: tuple[str, str], limit: int, window: float) -> bool:
        with self.lock:
            recent = len(self._recent(key, window))
            if not recent:
                self.failures.pop(key, None)  # forget old failures so the table stays small
            return recent >= limit

    def failed(self, key: tuple[str, str]) -> None:
        with self.lock:
            self.failures[key].append(time.monotonic())

    def reset(self, key: tuple[str, str]) -> None:
        with self.lock:
            self.failures.pop(key, None)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for(HOME[current_user.role]))
    email = (request.form.get("email") or "").strip().lower()
    if request.method == "GET":
        return render_template("login.html", email="")
    limiter: LoginLimiter = current_app.extensions["login_limiter"]
    key = (email, request.remote_addr or "")
    if limiter.blocked(key, current_app.config["LOGIN_MAX_FAILURES"],
                      current_app.config["LOGIN_WINDOW_SECONDS"]):
        flash(_("ログインの失敗が続いたため、しばらくログインできません。15分ほど待ってからやり直してください。"),
              "error")
        return render_template("login.html", email=email), 429
    user = db().scalar(select(User).where(User.email == email)) if email else None
    if user is None or not user.active or not check_password(user, request.form.get("password", "")):
        limiter.failed(key)
        flash(_("メールアドレスまたはパスワードが違います。"), "error")
        return render_template("login.html", email=email), 401
    limiter.reset(key)
    lang = session.get("lang")
    session.clear()  # a fresh session on sign-in (no fixation)
    if lang:
        session["lang"] = lang
    login_user(Account(user))
    target = request.args.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for(HOME[user.role])
    return redirect(target)


@bp.post("/logout")
@login_required
def logout() -> Any:
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


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
    back = request.form.get("next", "")
    return redirect(back if back.startswith("/") and not back.startswith("//") else "/")


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
    app.extensions["login_limiter"] = LoginLimiter()
