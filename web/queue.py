"""The review queue: filters and search, overdue first, then severity, then due date; keyset
pages; claims and bulk assignment."""
from __future__ import annotations

import datetime as dt
import heapq
import time
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.exceptions import NotFound
from markupsafe import Markup, escape
from flask_babel import gettext as _
from sqlalchemy import Integer, any_, bindparam, false, func, or_, select, tuple_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import selectinload

from intake import deadlines, search
from intake.models import SEVERITY_RANK, FindingRow, Submission, Supplier, User, utcnow
from intake.review import claim, release
from intake.submissions import SubmissionError

from web import listing
from web.access import can_review, submission_or_404, visible
from web.auth import me, role_required, safe_next
from web.ids import parse_id
from web.store import db, settings
from web.uploads import profile_codes
from web.views import error_text

bp = Blueprint("queue", __name__, url_prefix="/queue")
STATUSES = ("needs_review", "clean", "received", "processing", "failed", "returned",
            "approved", "rejected")
PAGE = 50
FEW = 2000          # a search with fewer index entries than this is fetched and sorted (Hits)
COUNT_CAP = 1000    # a status tab reads at most this many rows to count (「1,000件以上」)
SEARCH_WALK = 500   # ... and tests at most this many for a search with many matches
MAX_DAYS = 36500   # an `older_than` beyond any submission's age (larger would overflow a date)


@dataclass
class Filters:
    status: str = "needs_review"
    profile: str = ""
    kind: str = ""
    severity: int = 0          # at least this open severity
    supplier: int | None = None
    older_than: int = 0        # days
    q: str = ""                # any text: supplier, product, permit number, what was read

    @classmethod
    def from_args(cls, args: Any) -> "Filters":
        def number(name: str) -> int:
            try:
                return max(0, int(args.get(name) or 0))
            except ValueError:
                return 0
        status = args.get("status", "needs_review")
        supplier = None
        if args.get("supplier"):
            supplier = parse_id(args["supplier"]) or abort(404)   # no such supplier can exist
        return cls(status=status if status in STATUSES + ("all",) else "needs_review",
                   profile=args.get("profile", ""), kind=args.get("kind", ""),
                   severity=min(number("severity"), 3), supplier=supplier,
                   older_than=min(number("older_than"), MAX_DAYS), q=(args.get("q") or "").strip()[:search.MAX_QUERY])

    def args(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in ("", 0, None)}


def scoped(stmt: Any, f: Filters, user: User, with_status: bool = True) -> Any:
    """The user's submissions narrowed by the filters."""
    stmt = visible(stmt, user)
    if f.profile:
        stmt = stmt.where(Submission.profile == f.profile)
    if with_status and f.status != "all":
        stmt = stmt.where(Submission.status == f.status)
    if f.kind:
        stmt = stmt.where(or_(Submission.kinds == f.kind, Submission.kinds.like(f"{f.kind} %"),
                              Submission.kinds.like(f"% {f.kind}"),
                              Submission.kinds.like(f"% {f.kind} %")))
    if f.severity:
        stmt = stmt.where(Submission.max_severity >= f.severity)
    if f.supplier:
        stmt = stmt.where(Submission.supplier_id == f.supplier)
    if f.older_than:
        stmt = stmt.where(Submission.created_at < utcnow() - dt.timedelta(days=f.older_than))
    if f.q:
        stmt = stmt.where(hits(f, user).where())
    return stmt


@dataclass
class Hits:
    """A search in this request: the submissions whose text or supplier's name holds the query.
    When they are few (fewer than FEW index entries in the user's municipality) their ids are
    fetched once and the page sorts just them; when many, each row of the queue is tested in the
    queue's own order, and the walk stops after a page — a page of a common word reads about a
    page of rows, never all of its matches."""
    q: search.Query
    suppliers: list[int]
    ids: list[int] | None          # every matching id, when few

    def where(self, rows: Any = None) -> Any:
        """The test on `rows` (Submission's table, or a subquery of its id, supplier_id, profile)."""
        c = rows.c if rows is not None else Submission
        if self.ids is not None:
            return _id_in(c.id, self.ids)
        found = search.contains(self.q, c.id, c.profile)
        return or_(found, c.supplier_id.in_(self.suppliers)) if self.suppliers else found


def hits(f: Filters, user: User) -> Hits:
    """The search of `f`, worked out once per request (the page and the counts share it)."""
    profile = user.profile if user.role == "reviewer" else (f.profile or None)
    cache = g.setdefault("search_hits", {})
    if (f.q, profile) not in cache:
        parsed = search.parse(db(), f.q, profile)
        named = list(db().scalars(select(Supplier.id).where(Supplier.name.contains(f.q, autoescape=True))))
        ids = search.first_matches(db(), parsed, FEW)
        if ids is not None and named:
            theirs = list(db().scalars(select(Submission.id).where(Submission.supplier_id.in_(named)).limit(FEW)))
            ids = sorted(set(ids) | set(theirs)) if len(theirs) < FEW else None
        cache[f.q, profile] = Hits(parsed, named, ids)
    return cache[f.q, profile]


def _id_in(col: Any, ids: list[int]) -> Any:
    if not ids:
        return false()
    if db().get_bind().dialect.name == "postgresql":   # one array parameter, not thousands
        return col == any_(bindparam("hit_ids", ids, type_=ARRAY(Integer)))
    return col.in_(ids)


def _decode(cursor: str) -> tuple[int, int, dt.date, int]:
    late, sev, due, sid = listing.decode_cursor(cursor, 4)
    try:
        late_n, sev_n, due_on, sid_n = int(late), int(sev), dt.date.fromisoformat(due), parse_id(sid)
    except ValueError:
        raise listing.BadCursor(cursor) from None
    if sid_n is None:
        raise listing.BadCursor(cursor)
    return late_n, sev_n, due_on, sid_n


def urgent_page(f: Filters, user: User, cursor: str | None) -> listing.Page:
    """Overdue first, then highest severity, then the earliest due; keyset on
    (overdue, severity, due_on, id).

    One query per (overdue, severity) group, each an ordered range scan of ix_submissions_due
    (ix_submissions_due_cover on PostgreSQL; ix_submissions_profile_due for all statuses) that
    stops after a page, instead of one query that must sort a whole group; `overdue` is a range
    of the same index (due_on before today). A search with many matches walks the same way,
    testing each row (Hits); one with few sorts just them (_few_page).
    """
    start = _decode(cursor) if cursor else None
    today = deadlines.today()
    if f.q and hits(f, user).ids is not None:
        return _few_page(f, user, start, today)
    rows: list[Submission] = []
    groups = [(late, sev) for late in (1, 0) for sev in range(3, max(f.severity, 0) - 1, -1)]
    for late, sev in groups:
        if start and (late, sev) > start[:2]:
            continue
        stmt = scoped(select(Submission), f, user).where(Submission.max_severity == sev)
        stmt = stmt.where(Submission.due_on < today if late else Submission.due_on >= today)
        if start and (late, sev) == start[:2]:
            # a row comparison, so PostgreSQL seeks the index instead of filtering
            stmt = stmt.where(tuple_(Submission.due_on, Submission.id) > tuple_(*start[2:]))
        stmt = stmt.order_by(Submission.due_on, Submission.id).limit(PAGE + 1 - len(rows))
        rows += db().scalars(stmt.options(selectinload(Submission.supplier)))
        if len(rows) > PAGE:
            break
    page = listing.Page(rows[:PAGE])
    if len(rows) > PAGE:
        last = page.items[-1]
        page.next_cursor = listing.encode_cursor(int(last.due_on < today), last.max_severity,
                                                 last.due_on, last.id)
    return page


def _few_page(f: Filters, user: User, start: tuple | None, today: dt.date) -> listing.Page:
    """The same order for a search with few matches, sorted here from their keys."""
    def key(r: Any) -> tuple:
        due = r.due_on or dt.date.max
        return (0 if due < today else 1, -r.max_severity, due, r.id)
    rows = [r for r in _few_rows(f, user) if f.status == "all" or r.status == f.status]
    if start:
        after = (1 - start[0], -start[1], start[2], start[3])
        rows = [r for r in rows if key(r) > after]
    chosen = [r.id for r in heapq.nsmallest(PAGE + 1, rows, key=key)]
    loaded = {s.id: s for s in db().scalars(select(Submission).where(Submission.id.in_(chosen))
                                            .options(selectinload(Submission.supplier)))}
    page = listing.Page([loaded[i] for i in chosen[:PAGE]])
    if len(chosen) > PAGE:
        last = page.items[-1]
        page.next_cursor = listing.encode_cursor(int(last.due_on < today), last.max_severity,
                                                 last.due_on, last.id)
    return page


def _few_rows(f: Filters, user: User) -> list[Any]:
    """(id, status, max_severity, due_on) of a few-match search's submissions in every status:
    one read that gives both the page and the tabs' exact counts."""
    cache = g.setdefault("search_rows", {})
    scope = tuple(v for k, v in vars(f).items() if k != "status")
    if scope not in cache:
        cols = (Submission.id, Submission.status, Submission.max_severity, Submission.due_on)
        cache[scope] = db().execute(scoped(select(*cols), f, user, with_status=False)).all()
    return cache[scope]


def open_flags(ids: list[int]) -> dict[int, list[Any]]:
    """Each listed submission's standing findings (open or judged 問題あり; one per code, worst
    first): the flags of the row."""
    out: dict[int, list[Any]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = db().execute(select(FindingRow.submission_id, FindingRow.code, FindingRow.severity,
                               FindingRow.message, FindingRow.message_en)
                        .where(FindingRow.submission_id.in_(ids), FindingRow.status != "overruled")
                        .order_by(FindingRow.id))
    seen: set[tuple[int, str]] = set()
    for row in sorted(rows, key=lambda r: -SEVERITY_RANK.get(r.severity, 0)):
        if (row.submission_id, row.code) not in seen:
            seen.add((row.submission_id, row.code))
            out[row.submission_id].append(row)
    return out


@dataclass
class Counts:
    """Submissions per status tab; a tab with more than COUNT_CAP reads 「1,000件以上」."""
    by_status: dict[str, int]
    capped: set[str]

    def get(self, status: str, default: int = 0) -> int:
        return self.by_status.get(status, default)

    def total(self) -> int:
        return sum(self.by_status.values())


def counts(f: Filters, user: User) -> Counts:
    """Exact for a search with few matches (their ids are at hand). Otherwise each tab reads a
    bounded number of rows of the index: without a search it counts up to COUNT_CAP of them (a
    tab of 200,000 reads a thousand entries), with one it counts the matches among its first
    SEARCH_WALK — a lower bound when the tab has more rows, shown as 「N件以上」 too."""
    if f.q and hits(f, user).ids is not None:
        return Counts(dict(Counter(r.status for r in _few_rows(f, user))), set())
    found = hits(f, user) if f.q else None

    def tab(status: str) -> list[Any]:
        cols = (Submission.id, Submission.supplier_id, Submission.profile)
        limit = COUNT_CAP if found is None else SEARCH_WALK
        rows = scoped(select(*cols), replace(f, status=status, q=""), user).limit(limit).subquery()
        read = select(func.count()).select_from(rows).scalar_subquery()
        if found is None:
            return [read, read]
        matched = select(func.count()).select_from(rows).where(found.where(rows)).scalar_subquery()
        return [matched, read]
    row = db().execute(select(*[c for st in STATUSES for c in tab(st)])).one()   # one statement
    by_status = {st: row[2 * i] for i, st in enumerate(STATUSES) if row[2 * i]}
    capped = {st for i, st in enumerate(STATUSES) if row[2 * i + 1] >= (COUNT_CAP if found is None else SEARCH_WALK)}
    return Counts(by_status, capped)


@bp.get("/")
@role_required("reviewer", "admin")
def index() -> Any:
    f = Filters.from_args(request.args)
    try:
        page = urgent_page(f, me(), request.args.get("cursor") or None)
    except listing.BadCursor:
        page = urgent_page(f, me(), None)
    flags = open_flags([s.id for s in page.items])
    holders = {u.id: u.email for u in db().scalars(
        select(User).where(User.id.in_({s.claimed_by for s in page.items if s.claimed_by})))}
    suppliers = supplier_options(me(), f.supplier)
    return render_template("queue.html", page=page, f=f, counts=counts(f, me()),
                           statuses=STATUSES, holders=holders, suppliers=suppliers, flags=flags,
                           profiles=profile_codes(), kinds=_kinds(), today=deadlines.today(),
                           assignees=assignees(me()), cap=SEARCH_WALK if f.q else COUNT_CAP)


def assignees(user: User) -> list[User]:
    """Whom the user may assign submissions to: an admin any active reviewer (or admin), a
    reviewer only themself."""
    if user.role != "admin":
        return [user]
    return list(db().scalars(select(User).where(User.role.in_(("reviewer", "admin")), User.active.is_(True))
                             .order_by(User.role.desc(), User.email)))


@bp.post("/assign")
@role_required("reviewer", "admin")
def assign_many() -> Any:
    """Assign the ticked submissions at once (each one a claim, so nobody's held item is taken
    unless an admin reassigns it)."""
    allowed = {u.id: u for u in assignees(me())}
    try:
        target = allowed[int(request.form.get("user") or me().id)]
    except (KeyError, ValueError):
        flash(_("担当者を選び直してください。"), "error")
        return redirect(_back_to_queue())
    ids = sorted({int(i) for i in request.form.getlist("ids") if i.isdigit()})[:PAGE * 4]
    if not ids:
        flash(_("割り当てる申請を選んでください。"), "error")
        return redirect(_back_to_queue())
    done, refused = 0, []
    for sid in ids:
        try:
            sub = submission_or_404(sid, me(), lock=True)
            if sub.status not in ("needs_review", "clean") or not can_review(sub, target):
                raise SubmissionError("", "")
            claim(db(), sub, target.id, force=me().role == "admin")
            db().commit()
            done += 1
        except (SubmissionError, NotFound):
            db().rollback()
            refused.append(f"#{sid}")
    if done:
        flash(_("%(n)s件を %(who)s に割り当てました。", n=done, who=target.email), "ok")
    if refused:
        flash(_("割り当てられなかった申請: %(ids)s（他の担当者が対応中か、審査できる状態ではありません）",
                ids="、".join(refused)), "error")
    return redirect(_back_to_queue())


def _back_to_queue() -> str:
    nxt = request.form.get("next", "")
    return nxt if nxt.startswith("/") and not nxt.startswith("//") else url_for("queue.index")


_suppliers: dict[tuple, tuple[float, str]] = {}
SUPPLIER_TTL = 300  # seconds; a new supplier shows up in the filter within five minutes


def supplier_options(user: User, chosen: int | None) -> Markup:
    """<option>s of the suppliers with submissions the user may see; built once per scope and
    cached briefly (hundreds of suppliers would otherwise be most of the page's cost)."""
    scope = (settings().database_url, user.role, user.profile, user.supplier_id)
    cached = _suppliers.get(scope)
    if not cached or cached[0] < time.monotonic():
        ids = visible(select(Submission.supplier_id).distinct(), user)
        rows = db().execute(select(Supplier.id, Supplier.name).where(Supplier.id.in_(ids))
                            .order_by(Supplier.name).limit(500))
        html = "".join(f'<option value="{i}">{escape(name)}</option>' for i, name in rows)
        cached = _suppliers[scope] = (time.monotonic() + SUPPLIER_TTL, html)
    html = cached[1]
    if chosen:
        html = html.replace(f'<option value="{chosen}">', f'<option value="{chosen}" selected>', 1)
    return Markup(html)


def _kinds() -> list[str]:
    from intake.domain import catalogue
    return catalogue.kinds()


@bp.post("/<int:sub_id>/claim")
@role_required("reviewer", "admin")
def take(sub_id: int) -> Any:
    """Claim (or, with force, take over) a submission; an admin may assign it to a reviewer."""
    sub = submission_or_404(sub_id, me(), lock=True)
    assignee = me().id
    if me().role == "admin" and request.form.get("user"):
        target_id = parse_id(request.form["user"]) or abort(400)
        target = db().get(User, target_id)
        if target is None or target.role not in ("reviewer", "admin"):
            flash(_("担当者を選び直してください。"), "error")
            return redirect(_back(sub_id))
        assignee = target.id
    try:
        claim(db(), sub, assignee, force=bool(request.form.get("force")) or assignee != me().id)
        db().commit()
    except SubmissionError as exc:
        db().rollback()
        flash(error_text(exc), "error")
    return redirect(_back(sub_id))


@bp.post("/<int:sub_id>/release")
@role_required("reviewer", "admin")
def give_back(sub_id: int) -> Any:
    release(db(), submission_or_404(sub_id, me(), lock=True), me().id)
    db().commit()
    return redirect(_back(sub_id))


def _back(sub_id: int) -> str:
    return safe_next(request.form.get("next"), url_for("detail.show", sub_id=sub_id))
