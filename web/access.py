"""Who may see which submission, and which personal data.

A submission someone may not see answers 404, never 403, so ids cannot be
probed. Personal data is masked for roles that do not need it.
"""
from __future__ import annotations

from typing import Any

from flask import abort
from sqlalchemy import Select, false

from intake.models import Submission, User

from web.store import db

# Field keys (or prefixes ending in ".") that hold personal data, and who may read them
# besides the supplier that sent the submission.
PERSONAL = {
    "bank.": ("reviewer",),                 # bank account: the municipality that pays
    "purchases.rows": ("reviewer", "admin"),  # purchasers' names, addresses, birth dates
}
MASK = "●●●"


def visible(stmt: Select, user: User) -> Select:
    """Restrict a query on Submission to what `user` may see."""
    if user.role == "admin":
        return stmt
    if user.role == "reviewer":
        return stmt.where(Submission.profile == user.profile)
    if user.role == "supplier" and user.supplier_id is not None:
        return stmt.where(Submission.supplier_id == user.supplier_id)
    return stmt.where(false())


def can_see(sub: Submission, user: User) -> bool:
    if user.role == "admin":
        return True
    if user.role == "reviewer":
        return sub.profile == user.profile
    return user.role == "supplier" and sub.supplier_id is not None \
        and sub.supplier_id == user.supplier_id


def can_review(sub: Submission, user: User) -> bool:
    return user.role in ("reviewer", "admin") and can_see(sub, user)


def submission_or_404(sub_id: int, user: User, lock: bool = False) -> Submission:
    """The submission if `user` may see it; `lock` holds its row until commit (PostgreSQL),
    so two reviewers acting at once are serialised and the second sees the first's claim."""
    sub = db().get(Submission, sub_id, with_for_update=lock or None)
    if sub is None or not can_see(sub, user):
        abort(404)
    return sub


def _rule_for(key: str) -> tuple[str, ...] | None:
    for prefix, roles in PERSONAL.items():
        if key == prefix or (prefix.endswith(".") and key.startswith(prefix)):
            return roles
    return None


def may_read(key: str, sub: Submission, user: User) -> bool:
    """Whether `user` may read the value of field `key` of `sub` unmasked."""
    roles = _rule_for(key)
    if roles is None:
        return True
    if user.role == "supplier":
        return sub.supplier_id is not None and sub.supplier_id == user.supplier_id
    return user.role in roles


PERSONAL_COLUMNS = ("name", "kana", "address", "birth_date", "phone")  # of purchases.rows


def masked(value: Any) -> Any:
    """A value with its content hidden but its shape kept (lists stay lists)."""
    if value is None or value == "":
        return value
    if isinstance(value, list):
        return [masked(v) for v in value]
    if isinstance(value, dict):  # a purchase row: hide the person, keep item and quantity
        return {k: (masked(v) if k in PERSONAL_COLUMNS else v) for k, v in value.items()}
    return MASK


def shown(key: str, value: Any, sub: Submission, user: User) -> Any:
    return value if may_read(key, sub, user) else masked(value)
