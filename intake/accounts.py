"""Users and API tokens: hashed passwords (argon2), tokens stored as sha256 only.

Messages of AccountError are Japanese: the admin pages and the CLI show them as they are.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import ApiToken, Supplier, User, utcnow

ROLES = ("supplier", "reviewer", "admin")
MIN_PASSWORD = 10
MAX_TOKEN_DAYS = 3650
_hasher = PasswordHasher()
_dummy: dict[int, str] = {}   # a hash made with the current hasher, for accounts without one


class AccountError(ValueError):
    pass


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _dummy_hash() -> str:
    key = id(_hasher)
    if key not in _dummy:
        _dummy[key] = _hasher.hash(secrets.token_hex(16))
    return _dummy[key]


def check_password(user: User | None, password: str) -> bool:
    """Whether `password` is the user's. Unknown, inactive and password-less accounts still
    verify a hash, so the answer takes as long as for a real account (no e-mail probing)."""
    real = user is not None and user.active and bool(user.password_hash)
    try:
        return _hasher.verify(user.password_hash if real else _dummy_hash(), password) and real
    except (VerificationError, InvalidHashError):
        return False


def check_new_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"パスワードは{MIN_PASSWORD}文字以上にしてください。")


def end_sessions(user: User) -> None:
    """Every signed-in copy of the user's session stops working at its next request."""
    user.session_gen = (user.session_gen or 0) + 1


def set_password(user: User, password: str) -> None:
    """A new password (the user's own change or an admin's reset); other sessions end."""
    check_new_password(password)
    user.password_hash = hash_password(password)
    end_sessions(user)


def change_own_password(user: User, current: str, new: str) -> None:
    if not check_password(user, current):
        raise AccountError("現在のパスワードが違います。")
    set_password(user, new)


def set_active(user: User, active: bool) -> None:
    user.active = active
    if not active:
        end_sessions(user)


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == (email or "").strip().lower()))


def add_user(session: Session, email: str, role: str, profile: str | None = None,
             password: str | None = None, supplier_name: str | None = None) -> User:
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError(f"役割は {', '.join(ROLES)} のいずれかです。")
    if role == "reviewer" and not profile:
        raise AccountError("審査担当には担当の自治体（--profile）が必要です。")
    if session.scalar(select(User).where(User.email == email)):
        raise AccountError(f"ユーザー {email} はすでに登録されています。")
    user = User(email=email, role=role, profile=profile,
                password_hash=hash_password(password) if password else None)
    if role == "supplier":
        user.supplier = Supplier(name=supplier_name or email, email=email)
    session.add(user)
    session.flush()
    return user


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User, days: int | None = None) -> str:
    """Return a new token, valid for `days` (None or 0: until revoked); only its hash is stored."""
    if days is not None and not 0 <= days <= MAX_TOKEN_DAYS:
        raise AccountError(f"有効日数は0〜{MAX_TOKEN_DAYS}の整数で指定してください（0は無期限）。")
    token = "itk_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=token_hash(token),
                         expires_at=utcnow() + dt.timedelta(days=days) if days else None))
    return token


def token_state(row: ApiToken, now: dt.datetime | None = None) -> str:
    """active | revoked | expired"""
    if row.revoked:
        return "revoked"
    if row.expires_at is not None and row.expires_at <= (now or utcnow()):
        return "expired"
    return "active"


def tokens_of(session: Session, user: User | None = None) -> list[ApiToken]:
    stmt = select(ApiToken).order_by(ApiToken.user_id, ApiToken.id)
    if user is not None:
        stmt = stmt.where(ApiToken.user_id == user.id)
    return list(session.scalars(stmt))


def revoke_token(session: Session, token_id: int) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise AccountError(f"トークン #{token_id} はありません。")
    row.revoked = True
    return row


def user_for_token(session: Session, token: str) -> User | None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token),
                                                ApiToken.revoked.is_(False)))
    if row is None or token_state(row) != "active" or not row.user.active:
        return None
    row.last_used_at = utcnow()
    return row.user
