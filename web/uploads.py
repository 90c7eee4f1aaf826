"""Receiving files from the portal and the API: store, commit, then enqueue."""
from __future__ import annotations

import logging

from werkzeug.datastructures import FileStorage

from intake import worker
from intake.models import Submission, User
from intake.pipeline import InputFile
from intake.submissions import Limits, SubmissionError, receive, resubmit

from web.store import blobs, db, settings

log = logging.getLogger(__name__)
ROLES = ("product", "packaging", "unknown")
FALLBACK_PROFILES = ["gunma", "shika", "ishigaki", "hamada", "narita"]


def profile_codes() -> list[str]:
    try:
        from validators.profiles import profile_codes as codes
    except ImportError:  # validators not installed yet: the five municipalities of SPEC §1
        return list(FALLBACK_PROFILES)
    return list(codes())


def input_files(files: list[FileStorage], roles: list[str] | None = None) -> list[InputFile]:
    """FileStorage objects (with an optional photo role each) as pipeline input."""
    roles = roles or []
    out = []
    for i, f in enumerate(files):
        if f is None or (not f.filename and not f.content_length):
            continue
        role = roles[i] if i < len(roles) and roles[i] in ROLES else None
        out.append(InputFile(f.filename or "file", f.read(), role))
    return out


def limits() -> Limits:
    return Limits(max_file_bytes=settings().max_upload_mb * 1024 * 1024)


ACCEPTED = "PDF・JPEG・PNG・TIFF・Word（.docx）・Excel（.xlsx）・CSV・メール（.eml）"


def limits_text() -> str:
    """The file limits, shown before an upload."""
    from flask_babel import gettext as _
    lim = limits()
    return _("1ファイル%(mb)sMBまで・一度に%(n)s件まで。形式：%(kinds)s",
             mb=lim.max_file_bytes // (1024 * 1024), n=lim.max_files, kinds=ACCEPTED)


def check_profile_for(user: User, profile: str) -> None:
    if user.role == "reviewer" and profile != user.profile:
        raise SubmissionError("担当の自治体以外には提出できません。",
                              "You can only submit for your own municipality.")


def accept(user: User, profile: str, files: list[InputFile]) -> Submission:
    """A new submission; rows are committed before the task is sent."""
    check_profile_for(user, profile)
    session = db()
    try:
        sub = receive(session, blobs(), profile, files, source="upload", user_id=user.id,
                      supplier_id=user.supplier_id if user.role == "supplier" else None,
                      limits=limits())
        session.commit()
    except BaseException:
        session.rollback()
        raise
    log.info("submission %s received: %d file(s) for %s", sub.id, len(files), profile)
    worker.enqueue(sub)
    return sub


def answer_return(user: User, sub: Submission, files: list[InputFile], remove: list[int] = (),
                  replace: dict[int, InputFile] | None = None) -> None:
    """A supplier's answer to a return: a new version from the previous one's documents."""
    session = db()
    try:
        resubmit(session, blobs(), sub, files, user.id, limits=limits(), remove=remove,
                 replace=replace)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    worker.enqueue(sub)
