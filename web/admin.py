"""Admin pages: users, profiles (read-only rules), the mail intake log, queue health."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from intake import worker
from intake.accounts import ROLES, AccountError, add_user
from intake.audit import set_status
from intake.models import ImapMessage, MailMessage, OutboxMail, Submission, User, utcnow

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
    before = request.args.get("before", type=int)
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
                           now=utcnow())


@bp.post("/health/<int:sub_id>/retry")
@role_required("admin")
def retry(sub_id: int) -> Any:
    """Send a failed or stuck submission to the workers again (the task is idempotent)."""
    sub = db().get(Submission, sub_id) or abort(404)
    if sub.status not in RETRYABLE:
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
