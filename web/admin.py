"""Admin pages: users (passwords, API tokens), profiles (read-only rules), the mail intake log,
queue health."""
from __future__ import annotations

from typing import Any, Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from intake import worker
from intake.accounts import (ROLES, AccountError, add_user, check_new_password,
                             create_token, revoke_token, set_active, set_password, token_state,
                             tokens_of)
from intake.audit import set_status
from intake.models import ApiToken, FindingRow, ImapMessage, MailMessage, OutboxMail, Submission, User, utcnow

from web.auth import me, role_required
from web.ids import parse_id
from web.store import db
from web.uploads import profile_codes

bp = Blueprint("admin", __name__, url_prefix="/admin")
RETRYABLE = ("failed", "received", "processing")
TOKEN_DAYS = 90   # the validity offered for a new token


@bp.get("/users")
@role_required("admin")
def users() -> Any:
    rows = db().scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("admin_users.html", users=rows, roles=ROLES, profiles=profile_codes())


@bp.post("/users")
@role_required("admin")
def create_user() -> Any:
    form = request.form

    def create() -> str:
        if form.get("password"):
            check_new_password(form["password"])
        user = add_user(db(), form.get("email", ""), form.get("role", ""),
                        profile=form.get("profile") or None, password=form.get("password") or None,
                        supplier_name=form.get("supplier_name") or None)
        return _("ユーザー %(email)s を作成しました。", email=user.email)
    return _account_change(create)


def _account_change(change: Callable[[], str]) -> Any:
    """Commit an account change and show its message, or roll back and show the refusal."""
    try:
        message = change()
        db().commit()
        flash(message, "ok")
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
        set_active(user, request.form.get("active") == "1")   # deactivation ends its sessions
        db().commit()
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/password")
@role_required("admin")
def reset_password(user_id: int) -> Any:
    """An admin sets a new password for a user (who is signed out everywhere)."""
    user = db().get(User, user_id) or abort(404)

    def reset() -> str:
        set_password(user, request.form.get("password", ""))
        return _("%(email)s のパスワードを再設定しました。", email=user.email)
    return _account_change(reset)


@bp.get("/tokens")
@role_required("admin")
def tokens(new_token: str | None = None) -> Any:
    rows = tokens_of(db())
    now = utcnow()
    users = db().scalars(select(User).order_by(User.email)).all()
    return render_template("admin_tokens.html", tokens=rows, users=users, new_token=new_token,
                           state={t.id: token_state(t, now) for t in rows}, days=TOKEN_DAYS)


@bp.post("/tokens")
@role_required("admin")
def create_api_token() -> Any:
    """A new token, shown once in this answer (never stored, never put in the session)."""
    user = db().get(User, parse_id(request.form.get("user")) or 0)
    raw = (request.form.get("days") or "").strip()
    days = 0 if raw == "0" else parse_id(raw)
    if user is None or days is None:
        flash(_("ユーザーと有効日数（0は無期限）を正しく指定してください。"), "error")
        return redirect(url_for("admin.tokens"))
    try:
        token = create_token(db(), user, days or None)
    except AccountError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.tokens"))
    db().commit()
    flash(_("%(email)s のトークンを発行しました。この画面を離れると二度と表示されません。",
            email=user.email), "ok")
    return tokens(new_token=token)


@bp.post("/tokens/<int:token_id>/revoke")
@role_required("admin")
def revoke(token_id: int) -> Any:
    db().get(ApiToken, token_id) or abort(404)
    revoke_token(db(), token_id)
    db().commit()
    flash(_("トークン #%(id)s を失効させました。", id=token_id), "ok")
    return redirect(url_for("admin.tokens"))


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


# The mail log's words: every entrance, what became of each message, each outgoing mail's state.
ENTRANCES = {"smtp": _l("メール（SMTP）"), "imap": _l("メールボックス（IMAP）"), "folder": _l("スキャナフォルダ")}
MAIL_STATUS = {"accepted": _l("受付済み"), "duplicate": _l("重複"), "rejected": _l("受付不可"),
               "password": _l("パスワード（前の提出に添付）")}
OUTBOX_STATUS = {"queued": _l("送信待ち"), "sent": _l("送信済み"), "failed": _l("送信失敗")}
OUTBOX_KIND = {"receipt": _l("受付のお知らせ"), "returned": _l("差し戻しの通知"),
               "approved": _l("承認の通知"), "rejected": _l("却下の通知")}


@bp.get("/mail")
@role_required("admin")
def mail() -> Any:
    """Every message received by any entrance, its submission and any error; IMAP messages not
    yet taken in (retrying); mail sent back, queued or failing."""
    before = parse_id(request.args.get("before"))
    stmt = select(MailMessage).order_by(MailMessage.id.desc()).limit(100)
    if before:
        stmt = stmt.where(MailMessage.id < before)
    rows = db().scalars(stmt).all()
    pending = db().scalars(select(ImapMessage).where(ImapMessage.status == "failed")
                           .order_by(ImapMessage.id.desc()).limit(50)).all()
    sent = db().scalars(select(OutboxMail).order_by(OutboxMail.id.desc()).limit(50)).all()
    return render_template("admin_mail.html", messages=rows, pending=pending, outbox=sent,
                           entrances=ENTRANCES, statuses=MAIL_STATUS, outbox_status=OUTBOX_STATUS,
                           outbox_kind=OUTBOX_KIND,
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


# --- retention (intake/retention.py, policy in intake/data/retention.yaml) ------

RETENTION_HORIZON_DAYS = 90   # the listing shows what falls due within this many days too


@bp.get("/retention")
@role_required("admin")
def retention() -> Any:
    """A dry run: what the retention job deletes today, what comes, what a keep rule holds back;
    and each supplier's contract end, from which periods count."""
    import datetime as dt

    from intake import retention as policy
    from intake.models import Supplier

    today = dt.date.today()
    items = policy.plan(db(), today, horizon_days=RETENTION_HORIZON_DAYS)
    suppliers = db().scalars(select(Supplier).order_by(Supplier.name)).all()
    return render_template("admin_retention.html", items=items, suppliers=suppliers, today=today,
                           horizon=RETENTION_HORIZON_DAYS, rules=policy.load_policy().rules)


@bp.post("/suppliers/<int:supplier_id>/contract-end")
@role_required("admin")
def contract_end(supplier_id: int) -> Any:
    import datetime as dt

    from intake.models import Supplier
    from intake.retention import set_contract_end

    supplier = db().get(Supplier, supplier_id) or abort(404)
    raw = (request.form.get("contract_ended_on") or "").strip()
    try:
        day = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        flash(_("日付は YYYY-MM-DD の形で入力してください。"), "error")
        return redirect(url_for("admin.retention"))
    set_contract_end(db(), supplier, day, me().id)
    db().commit()
    flash(_("%(name)s の契約終了日を記録しました。", name=supplier.name) if day
          else _("%(name)s の契約終了日を取り消しました。", name=supplier.name), "ok")
    return redirect(url_for("admin.retention"))
