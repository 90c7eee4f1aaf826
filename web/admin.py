"""Admin pages: users, profiles (read-only rules), the mail intake log, queue health."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from intake import worker
from intake.accounts import ROLES, AccountError, add_user
from intake.audit import set_status
from intake.models import FindingRow, MailMessage, Submission, User, utcnow

from web.auth import me, role_required
from web.store import db
from web.uploads import profile_codes

bp = Blueprint("admin", __name__, url_prefix="/admin")
RETRYABLE = ("failed", "received", "processing")
MIN_PASSWORD = 10


@bp.get("/users")
@role_required("admin")
def users() -> Any:
    rows = db().scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("admin_users.html", users=rows, roles=ROLES, profiles=profile_codes())


@bp.post("/users")
@role_required("admin")
def create_user() -> Any:
    form = request.form
    if form.get("password") and len(form["password"]) < MIN_PASSWORD:
        flash(_("パスワードは%(n)s文字以上にしてください。", n=MIN_PASSWORD), "error")
        return redirect(url_for("admin.users"))
    try:
        user = add_user(db(), form.get("email", ""), form.get("role", ""),
                        profile=form.get("profile") or None, password=form.get("password") or None,
                        supplier_name=form.get("supplier_name") or None)
        db().commit()
        flash(_("ユーザー %(email)s を作成しました。", email=user.email), "ok")
    except AccountError as exc:
        db().rollback()
        flash(str(exc), "error")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/active")
@role_required("admin")
def toggle_user(user_id: int) -> Any:
    user = db().get(User, user_id) or abort(404)
    if user.id == me().id:
        flash(_("自分自身は無効にできません。"), "error")
    else:
        user.active = request.form.get("active") == "1"
        db().commit()
    return redirect(url_for("admin.users"))


def rule_rows(profile: Any) -> list[dict[str, Any]]:
    """Each enabled rule with its citation and its thresholds/parameters, as in the YAML."""
    rows = []
    for name, params in profile.rules.items():
        params = dict(params)
        rows.append({"name": name, "cite": params.pop("cite", ""), "params": params})
    return rows


@bp.get("/profiles")
@role_required("admin")
def profiles() -> Any:
    """One profile at a time (tabs for the others): its rules as the YAML states them."""
    from validators.profiles import load_profile

    codes = profile_codes()
    code = request.args.get("code") or (codes[0] if codes else "")
    if code not in codes:
        abort(404)
    p = load_profile(code)
    shown = {"code": code, "name": p.name, "source": p.get("source", ""),
             "low_confidence": p.low_confidence, "effective_from": p.effective_from,
             "rules": rule_rows(p)}
    return render_template("admin_profiles.html", profile=shown, codes=codes)


@bp.get("/mail")
@role_required("admin")
def mail() -> Any:
    before = request.args.get("before", type=int)
    stmt = select(MailMessage).order_by(MailMessage.id.desc()).limit(100)
    if before:
        stmt = stmt.where(MailMessage.id < before)
    rows = db().scalars(stmt).all()
    return render_template("admin_mail.html", messages=rows,
                           next_before=rows[-1].id if len(rows) == 100 else None)


@bp.get("/health")
@role_required("admin")
def health() -> Any:
    counts = dict(db().execute(select(Submission.status, func.count())
                               .group_by(Submission.status)).all())
    stuck = db().scalars(select(Submission).where(Submission.status.in_(RETRYABLE))
                         .order_by(Submission.updated_at).limit(100)).all()
    oldest = {st: db().scalar(select(func.min(Submission.updated_at))
                              .where(Submission.status == st)) for st in RETRYABLE}
    return render_template("admin_health.html", counts=counts, stuck=stuck, oldest=oldest,
                           now=utcnow(), why=failures([s.id for s in stuck]))


def failures(ids: list[int]) -> dict[int, tuple[str, bool]]:
    """Why each listed submission failed or waits, and whether a retry can help: files the reader
    refused (DOC_UNREADABLE) fail the same way again; a crash, a lost worker or a stuck task may not."""
    unreadable: dict[int, list[str]] = {}
    for sid, doc, message in db().execute(
            select(FindingRow.submission_id, FindingRow.document, FindingRow.message)
            .where(FindingRow.submission_id.in_(ids or [0]), FindingRow.code == "DOC_UNREADABLE")):
        message = message.rstrip("。.")
        unreadable.setdefault(sid, []).append(f"{doc}: {message}" if doc else message)
    out = {}
    for sub in db().scalars(select(Submission).where(Submission.id.in_(ids or [0]))):
        if sub.status != "failed":
            out[sub.id] = (_("処理待ちのまま止まっています（作業プロセスが止まったか、キューに届いていません）。")
                           if sub.status == "received" else _("処理の途中で止まっています。"), True)
        elif sub.id in unreadable:
            out[sub.id] = (_("ファイルを読み取れません: %(why)s。同じファイルでは再処理しても同じ結果です。",
                             why=" ／ ".join(unreadable[sub.id][:3])), False)
        else:
            out[sub.id] = (sub.status_reason or _("処理中にエラーが発生しました。"), True)
    return out


@bp.post("/health/<int:sub_id>/retry")
@role_required("admin")
def retry(sub_id: int) -> Any:
    """Send a failed or stuck submission to the workers again (the task is idempotent)."""
    sub = db().get(Submission, sub_id) or abort(404)
    if sub.status not in RETRYABLE or not failures([sub.id])[sub.id][1]:
        flash(_("この申請は再処理の対象ではありません。"), "error")
        return redirect(url_for("admin.health"))
    if sub.status == "failed":
        set_status(db(), sub, "received", me().id, action="retried")
    sub.updated_at = utcnow()
    db().commit()
    worker.enqueue(sub)
    flash(_("#%(id)s を再処理に回しました。", id=sub.id), "ok")
    return redirect(url_for("admin.health"))
