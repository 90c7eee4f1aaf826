"""The JSON API of SPEC §7 under /api/v1, with bearer tokens."""
from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, HTTPTokenAuth
from apiflask.exceptions import HTTPError

from intake.accounts import user_for_token
from intake.models import User
from intake.review import BAD_KEY, bad_keys, correct_fields, decide
from intake.submissions import SubmissionError

from web import listing, schemas, uploads
from web.errors import api_body
from web.access import can_review, may_read, submission_or_404
from web.serialize import submission_dict, summary_dict
from web.store import db

KEY_SHOWN = 120   # a refused key is echoed this far, not at any length
bp = APIBlueprint("api", __name__, url_prefix="/api/v1", tag="submissions")
auth = HTTPTokenAuth(scheme="Bearer", description="A token from `intake tokens create EMAIL`.")


@auth.verify_token
def _verify(token: str) -> User | None:
    if not token:
        return None
    user = user_for_token(db(), token)
    db().commit()  # last_used_at
    return user


@auth.error_processor
def _auth_error(error: HTTPError):  # noqa: ANN202
    headers = {"WWW-Authenticate": 'Bearer realm="intake"'} if error.status_code == 401 else {}
    return api_body(error.status_code), error.status_code, headers


def fail(status: int, message: str, message_en: str, **detail: Any) -> HTTPError:
    return HTTPError(status, message=message, detail=detail or {},
                     extra_data={"message_en": message_en})


def _user() -> User:
    return auth.current_user


@bp.post("/submissions")
@bp.auth_required(auth)
@bp.input(schemas.UploadIn, location="form_and_files", arg_name="upload")
@bp.output(schemas.ReceivedOut, status_code=202, description="accepted; processing follows")
@bp.doc(summary="Send a submission", responses={400: "bad files or profile",
                                                 413: "upload too large"})
def create_submission(upload: dict[str, Any]) -> dict[str, Any]:
    files = uploads.input_files(upload["files"], upload.get("roles"))
    try:
        sub = uploads.accept(_user(), upload["profile"].strip(), files)
    except SubmissionError as exc:
        raise fail(400, exc.message, exc.message_en) from None
    return {"id": sub.id, "status": "received"}


@bp.post("/submissions/<int:sub_id>/files")
@bp.auth_required(auth)
@bp.input(schemas.ResubmitIn, location="form_and_files", arg_name="upload")
@bp.output(schemas.ReceivedOut, status_code=202, description="the new version is being processed")
@bp.doc(summary="Answer a returned submission with corrected files (its supplier); the new version "
                "keeps the previous documents, a file named like one of them replaces it",
        responses={404: "absent or not yours", 409: "not returned"})
def resubmit(sub_id: int, upload: dict[str, Any]) -> dict[str, Any]:
    sub = submission_or_404(sub_id, _user(), lock=True)
    if _user().role != "supplier":
        raise fail(403, "提出した事業者だけが再提出できます。", "Only the supplier can resubmit.")
    try:
        uploads.answer_return(_user(), sub, uploads.input_files(upload["files"], upload.get("roles")))
    except SubmissionError as exc:
        raise fail(409, exc.message, exc.message_en) from None
    return {"id": sub.id, "status": "received", "version": sub.version}


@bp.get("/submissions/<int:sub_id>")
@bp.auth_required(auth)
@bp.output(schemas.SubmissionOut)
@bp.doc(summary="A submission with its documents and findings (SPEC §6)",
        responses={404: "absent or not yours"})
def get_submission(sub_id: int) -> dict[str, Any]:
    return submission_dict(submission_or_404(sub_id, _user()), _user())


@bp.get("/submissions")
@bp.auth_required(auth)
@bp.input(schemas.ListArgs, location="query", arg_name="args")
@bp.output(schemas.PageOut)
@bp.doc(summary="A page of submissions, newest first")
def list_submissions(args: dict[str, Any]) -> dict[str, Any]:
    try:
        page = listing.newest(_user(), args.get("status"), args.get("profile"),
                              args.get("cursor"), args["limit"])
    except listing.BadCursor:
        raise fail(400, "cursor の値が正しくありません。", "Invalid cursor.") from None
    return {"items": [summary_dict(s) for s in page.items], "next_cursor": page.next_cursor}


def _reviewable(sub_id: int):  # noqa: ANN202
    """A submission this reviewer may change: locked, and not held by another reviewer."""
    sub = submission_or_404(sub_id, _user(), lock=True)
    if not can_review(sub, _user()):
        raise fail(403, "審査担当者だけが行えます。", "Only reviewers can do this.")
    if sub.claimed_by not in (None, _user().id):
        raise fail(409, "他の審査担当者が対応中です。", "Another reviewer holds this submission.")
    return sub


@bp.patch("/submissions/<int:sub_id>/fields")
@bp.auth_required(auth)
@bp.input(schemas.CorrectionsIn, arg_name="corrections")
@bp.output(schemas.SubmissionOut)
@bp.doc(summary="Correct fields (reviewers); re-validates at once",
        responses={403: "not a reviewer", 404: "absent or not yours", 409: "not correctable now"})
def patch_fields(sub_id: int, corrections: dict[str, Any]) -> dict[str, Any]:
    sub = _reviewable(sub_id)
    if not corrections:
        raise fail(422, "修正する項目がありません。", "No corrections were sent.")
    bad = bad_keys(corrections)
    if bad:
        raise fail(422, *BAD_KEY, keys=[k[:KEY_SHOWN] for k in bad])
    hidden = [k for k in corrections if not may_read(k, sub, _user())]
    if hidden:
        raise fail(403, "閲覧権限のない項目は修正できません。",
                   "You may not change fields you may not read.", keys=hidden)
    session = db()
    try:
        correct_fields(session, sub, corrections, _user().id)
        session.commit()
    except SubmissionError as exc:
        session.rollback()
        raise fail(409, exc.message, exc.message_en) from None
    return submission_dict(sub, _user())


@bp.post("/submissions/<int:sub_id>/decision")
@bp.auth_required(auth)
@bp.input(schemas.DecisionIn, arg_name="body")
@bp.output(schemas.SubmissionOut)
@bp.doc(summary="Approve, reject or return (reviewers)",
        responses={403: "not a reviewer", 404: "absent or not yours",
                   409: "refused (open error findings, wrong state, no comment)"})
def post_decision(sub_id: int, body: dict[str, Any]) -> dict[str, Any]:
    sub = _reviewable(sub_id)
    session = db()
    try:
        decide(session, sub, body["decision"], body.get("comment"), _user().id)
        session.commit()
    except SubmissionError as exc:
        session.rollback()
        raise fail(409, exc.message, exc.message_en) from None
    return submission_dict(sub, _user())

