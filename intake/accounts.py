"""Users and API tokens: hashed passwords (argon2), tokens stored as sha256 only."""
from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import ApiToken, Supplier, User, utcnow

ROLES = ("supplier", "reviewer", "admin")
_hasher = PasswordHasher()


class AccountError(ValueError):
    pass


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(user: User, password: str) -> bool:
    if not user.password_hash:
        return False
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def add_user(session: Session, email: str, role: str, profile: str | None = None,
             password: str | None = None, supplier_name: str | None = None) -> User:
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if role == "reviewer" and not profile:
        raise AccountError("a reviewer needs --profile (the municipality it reviews)")
    if session.scalar(select(User).where(User.email == email)):
        raise AccountError(f"user {email} already exists")
    user = User(email=email, role=role, profile=profile,
                password_hash=hash_password(password) if password else None)
    if role == "supplier":
        user.supplier = Supplier(name=supplier_name or email, email=email)
    session.add(user)
    session.flush()
    return user


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User) -> str:
    """Return a new token; only its hash is stored."""
    token = "itk_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=token_hash(token)))
    return token


def user_for_token(session: Session, token: str) -> User | None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token),
                                                ApiToken.revoked.is_(False)))
    if row is None or not row.user.active:
        return None
    row.last_used_at = utcnow()
    return row.user
