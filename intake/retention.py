"""Retention: delete personal data and whole submissions when the policy (data/retention.yaml) says.

`plan()` lists what is due, what waits and what a keep rule holds back; `apply()` deletes what is
due and leaves an audit event per deletion. Originals are deleted only when no remaining row uses
them, and only after the rows are gone (a failure in between leaves an orphan blob, never a row
without its file). Cached page images live on each host: the job deletes its own and every host
prunes renders no readable document uses (`prune_renders`, on the same schedule).
"""
from __future__ import annotations

import calendar
import datetime as dt
import logging
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from intake import config, search
from intake.audit import record_event
from intake.blobs import blob_store
from intake.db import session_scope
from intake.domain import yamlfile
from intake.models import AuditEvent, Decision, DocumentRow, MailMessage, Submission, Supplier
from intake.submissions import ACTIVE

log = logging.getLogger(__name__)
POLICY_FILE = Path(__file__).with_name("data") / "retention.yaml"
WHATS = ("personal_data", "submission")
EVENTS = ("decided", "contract_end", "received")
FINAL_DECISIONS = ("approve", "reject")


class PolicyError(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    profile: str
    action: str            # delete | keep
    what: str              # personal_data | submission
    event: str             # decided | contract_end | received
    period: dict[str, int]
    cite: str
    kinds: tuple[str, ...] = ()
    setting: bool = False

    def applies(self, sub: Submission) -> bool:
        return not self.kinds or bool(set(self.kinds) & set((sub.kinds or "").split()))

    def covers(self, what: str) -> bool:
        """A keep rule on the whole submission holds back its personal data too."""
        return self.what == what or self.what == "submission"


@dataclass
class Policy:
    rules: dict[str, list[Rule]]
    personal_kinds: tuple[str, ...]

    def for_profile(self, code: str) -> list[Rule]:
        return self.rules.get(code, [])


def parse_policy(raw: dict[str, Any]) -> Policy:
    rules: dict[str, list[Rule]] = {}
    for code, entries in (raw.get("profiles") or {}).items():
        rules[code] = []
        for e in [*(entries or []), *(raw.get("defaults") or [])]:
            period = e.get("after") if e.get("action") == "delete" else e.get("for")
            rule = Rule(profile=code, action=e.get("action", ""), what=e.get("what", ""),
                        event=e.get("from", ""), period=dict(period or {}), cite=e.get("cite", ""),
                        kinds=tuple(e.get("kinds") or ()), setting=bool(e.get("setting")))
            problems = [f"action {rule.action!r}"] if rule.action not in ("delete", "keep") else []
            problems += [f"what {rule.what!r}"] if rule.what not in WHATS else []
            problems += [f"from {rule.event!r}"] if rule.event not in EVENTS else []
            problems += ["a period"] if not rule.period or set(rule.period) - {"years", "months", "days"} else []
            problems += ["a citation"] if not rule.cite else []
            if problems:
                raise PolicyError(f"retention rule of {code} needs a valid " + ", ".join(problems))
            rules[code].append(rule)
    return Policy(rules, tuple(raw.get("personal_kinds") or ()))


@lru_cache(maxsize=1)
def load_policy(path: Path = POLICY_FILE) -> Policy:
    return parse_policy(yamlfile.load(path))


def add_period(day: dt.date, period: dict[str, int]) -> dt.date:
    months = day.month - 1 + period.get("months", 0) + 12 * period.get("years", 0)
    year, month = day.year + months // 12, months % 12 + 1
    out = day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
    return out + dt.timedelta(days=period.get("days", 0))


@lru_cache(maxsize=1)
def personal_keys() -> frozenset[str]:
    """The catalogue's personal fields (the one home of that vocabulary)."""
    from intake.domain import catalogue
    return frozenset(key for kind in catalogue.kinds() for key, spec in catalogue.fields(kind).items()
                     if spec.personal)


# --- what is due --------------------------------------------------------------

@dataclass
class Item:
    submission_id: int
    profile: str
    what: str
    cite: str
    event: str
    event_date: str
    due: str
    state: str                       # due | waiting | kept
    kept_by: str | None = None
    kept_until: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _decided_dates(session: Session, ids: list[int]) -> dict[int, dt.date]:
    rows = session.execute(select(Decision.submission_id, func.max(Decision.created_at))
                           .where(Decision.submission_id.in_(ids),
                                  Decision.decision.in_(FINAL_DECISIONS))
                           .group_by(Decision.submission_id)).all()
    return {sid: at.date() for sid, at in rows if at}


def event_date(sub: Submission, event: str, decided: dict[int, dt.date]) -> dt.date | None:
    if event == "decided":
        return decided.get(sub.id)
    if event == "contract_end":
        return sub.supplier.contract_ended_on if sub.supplier else None
    return sub.created_at.date() if sub.created_at else None


def has_personal_data(sub: Submission, policy: Policy) -> bool:
    keys = personal_keys()
    for doc in sub.documents:
        if doc.status == "erased":
            continue
        if doc.kind in policy.personal_kinds:
            return True
        if any(f.key in keys and f.value not in (None, "", []) for f in doc.fields):
            return True
    return False


def plan(session: Session, today: dt.date, policy: Policy | None = None,
         horizon_days: int = 0) -> list[Item]:
    """Every delete a rule makes due by `today` (+ `horizon_days` for the listing of what comes),
    with the keep rule that holds it back, if any. Active submissions are never touched."""
    policy = policy or load_policy()
    items: list[Item] = []
    codes = [c for c, rules in policy.rules.items() if any(r.action == "delete" for r in rules)]
    if not codes:
        return items
    stmt = (select(Submission).where(Submission.profile.in_(codes), Submission.status.not_in(ACTIVE))
            .options(selectinload(Submission.documents).selectinload(DocumentRow.fields),
                     selectinload(Submission.supplier))
            .order_by(Submission.id))
    subs = session.scalars(stmt).all()
    decided = _decided_dates(session, [s.id for s in subs]) if subs else {}
    for sub in subs:
        rules = policy.for_profile(sub.profile)
        for rule in (r for r in rules if r.action == "delete" and r.applies(sub)):
            if rule.what == "personal_data" and not has_personal_data(sub, policy):
                continue
            start = event_date(sub, rule.event, decided)
            if start is None:
                continue
            due = add_period(start, rule.period)
            if due > today + dt.timedelta(days=horizon_days):
                continue
            item = Item(sub.id, sub.profile, rule.what, rule.cite, rule.event, start.isoformat(),
                        due.isoformat(), "due" if due <= today else "waiting")
            for keep in (k for k in rules if k.action == "keep" and k.covers(rule.what)
                         and k.applies(sub)):
                kept_from = event_date(sub, keep.event, decided)
                # a keep rule whose event has not happened yet (no decision) keeps indefinitely
                until = add_period(kept_from, keep.period) if kept_from else None
                if until is None or until > today:
                    item.state, item.kept_by = "kept", keep.cite
                    item.kept_until = until.isoformat() if until else None
                    break
            items.append(item)
    return items


# --- deleting -------------------------------------------------------------------

def render_dir(settings: config.Settings) -> Path:
    return settings.home / "cache" / "pages"   # web/pages.py writes there


def delete_renders(settings: config.Settings, shas: Iterable[str]) -> int:
    folder, n = render_dir(settings), 0
    if not folder.is_dir():
        return 0
    for sha in set(shas):
        for path in folder.glob(f"{sha}-*"):
            path.unlink(missing_ok=True)
            n += 1
    return n


def _in_use(session: Session, sha: str) -> bool:
    doc = session.scalar(select(func.count()).select_from(DocumentRow)
                         .where(DocumentRow.sha256 == sha, DocumentRow.status != "erased"))
    mail = session.scalar(select(func.count()).select_from(MailMessage)
                          .where(MailMessage.sha256 == sha))
    return bool(doc or mail)


def erase_personal_data(session: Session, sub: Submission, policy: Policy) -> tuple[dict, set[str]]:
    """Clear personal values and the evidence quoting them; erase the documents of personal kinds
    (every field they gave, the original, the renders). Returns counts and the digests whose
    originals may now be unused."""
    keys = personal_keys()
    fields = docs = 0
    erased: set[str] = set()
    personal_docs = set()
    for doc in sub.documents:
        if doc.kind in policy.personal_kinds and doc.status != "erased":
            fields += len(doc.fields)
            doc.fields.clear()
            doc.words = None            # every word read from its pages: names, addresses
            doc.status = "erased"
            personal_docs.add(doc.filename)
            erased.add(doc.sha256)
            docs += 1
        for f in doc.fields:
            if f.key in keys and (f.value is not None or f.extracted_value is not None):
                f.value = f.extracted_value = None
                fields += 1
    evidence = 0
    for finding in sub.findings:
        if finding.evidence and (finding.field in keys or finding.document in personal_docs):
            finding.evidence = None
            evidence += 1
    session.flush()
    search.reindex(session, sub)        # the search text is written again from what is left
    return {"fields": fields, "documents": docs, "evidence": evidence}, erased


def delete_submission(session: Session, sub: Submission) -> tuple[dict, set[str]]:
    shas = {d.sha256 for d in sub.documents}
    counts = {"documents": len(sub.documents), "findings": len(sub.findings)}
    # the history stays (no personal data in it), pointing at the id in its detail
    for event in session.scalars(select(AuditEvent).where(AuditEvent.submission_id == sub.id)):
        event.detail = {**(event.detail or {}), "submission_id": sub.id}
        event.submission_id = None
    mails = session.scalars(select(MailMessage).where(MailMessage.submission_id == sub.id)).all()
    for mail in mails:  # keep the Message-ID (de-duplication), drop what the message said
        if mail.sha256:
            shas.add(mail.sha256)
        mail.submission_id, mail.subject, mail.sha256 = None, None, None
    session.execute(Decision.__table__.delete().where(Decision.submission_id == sub.id))
    search.forget(session, sub.id)
    session.execute(update(DocumentRow).where(DocumentRow.submission_id == sub.id)
                    .values(parent_id=None))
    session.delete(sub)
    return counts, shas


def apply(settings: config.Settings, today: dt.date | None = None,
          policy: Policy | None = None) -> dict[str, int]:
    """Carry out every due deletion, one submission per transaction."""
    policy = policy or load_policy()
    today = today or dt.date.today()
    with session_scope(settings.database_url) as session:
        due = [i for i in plan(session, today, policy) if i.state == "due"]
    totals = {"personal_data": 0, "submission": 0, "blobs": 0, "renders": 0}
    # a whole submission first: its personal data goes with it
    for item in sorted(due, key=lambda i: i.what != "submission"):
        with session_scope(settings.database_url) as session:
            sub = session.get(Submission, item.submission_id, with_for_update=True)
            if sub is None or sub.status in ACTIVE:
                continue
            if item.what == "submission":
                counts, shas = delete_submission(session, sub)
                record_event(session, None, "retention_deleted",
                             detail={"submission_id": item.submission_id, "what": item.what,
                                     "cite": item.cite, "from": item.event, "due": item.due, **counts})
            else:
                counts, shas = erase_personal_data(session, sub, policy)
                record_event(session, sub, "retention_erased",
                             detail={"what": item.what, "cite": item.cite, "from": item.event,
                                     "due": item.due, **counts})
        totals[item.what] += 1
        blobs, renders = _release(settings, shas)
        totals["blobs"] += blobs
        totals["renders"] += renders
    return totals


def _release(settings: config.Settings, shas: set[str]) -> tuple[int, int]:
    """After the commit: delete each original and its renders that no remaining row uses."""
    store, deleted = blob_store(settings), []
    with session_scope(settings.database_url) as session:
        unused = [sha for sha in shas if not _in_use(session, sha)]
    for sha in unused:
        try:
            store.delete(sha)
            deleted.append(sha)
        except Exception:  # an orphan blob: space, never a broken row
            log.exception("could not delete blob %s", sha[:12])
    return len(deleted), delete_renders(settings, unused)


def prune_renders(settings: config.Settings) -> int:
    """This host's cached page images whose document is gone, erased or unreadable."""
    folder = render_dir(settings)
    if not folder.is_dir():
        return 0
    with session_scope(settings.database_url) as session:
        live = set(session.scalars(select(DocumentRow.sha256).where(DocumentRow.status == "read")))
    n = 0
    for path in folder.iterdir():
        if path.name[:64] not in live:
            path.unlink(missing_ok=True)
            n += 1
    return n


def run_scheduled(settings: config.Settings) -> dict[str, int] | None:
    """The scheduled round: only when something was deleted is there anything to log."""
    totals = apply(settings)
    return totals if any(totals.values()) else None


def set_contract_end(session: Session, supplier: Supplier, day: dt.date | None,
                     user_id: int | None) -> None:
    """An admin records (or clears) the end of a supplier's contract; periods count from it."""
    old = supplier.contract_ended_on
    supplier.contract_ended_on = day
    record_event(session, None, "contract_end", user_id,
                 detail={"supplier_id": supplier.id, "from": old.isoformat() if old else None,
                         "to": day.isoformat() if day else None})
