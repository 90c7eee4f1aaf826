"""Finding submissions by any text: supplier, product name, permit number, anything read.

Japanese has no spaces, so a word index does not work; substrings do. One normalised text per
submission (NFKC, case-folded; personal fields left out) is kept in `search_docs`, and:

- SQLite (the embedded default): an FTS5 trigram table answers queries of 3+ characters;
  shorter ones (卵, 佐藤) are a LIKE over `search_docs` (a scan, fine at embedded sizes).
- PostgreSQL: `search_grams` keeps every distinct character bigram of a submission (a
  segment's last character paired with a space) under the key (gram, profile, submission_id):
  a 2-character query is one range of that key in the reviewer's municipality, a 1-character
  one a prefix range. 3+ characters start from the query's rarest bigram there and check the
  text; when every bigram is common, a sample tells a common word (walk the queue: web.queue)
  from a rare mix such as a permit number (the pg_trgm GIN index on `search_docs.body`).

The queue asks two things (web.queue.Hits): `first_matches` — all ids when they are few — and
`contains` — an exact row-by-row test for walking the queue in its own order when they are many.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, String, Text, bindparam, column, func, literal, select, table, text
from sqlalchemy.orm import Session

MAX_QUERY = 100
PERSONAL_KINDS = ("purchase_list",)    # lists of private persons: found by their fields' rules only


def normalise(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").casefold()


def _strings(value: Any) -> list[str]:
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


def segments(sub) -> list[str]:  # noqa: ANN001
    """The texts a submission is found by: supplier, e-mail subject, file names, field values and the
    page words (never the personal fields — addresses, accounts — nor a purchaser list's words)."""
    from intake.domain import catalogue

    out = [sub.supplier.name] if sub.supplier else []
    out += [str((sub.meta or {}).get("email", {}).get("subject") or "")]
    for doc in sub.current_documents():
        out.append(doc.filename)
        for f in doc.fields:
            spec = catalogue.field_spec(f.key)
            if spec is not None and spec.personal or f.key.startswith(("purchases", "bank.")):
                continue
            out += _strings(f.value)
        if doc.kind not in PERSONAL_KINDS:     # the words on the page: any text read
            out += [w[0] for p in (doc.words or {}).get("pages", []) for w in p["words"]]
    return [s for s in (normalise(x).strip() for x in out) if s]


def bigrams(parts: list[str]) -> set[str]:
    grams: set[str] = set()
    for part in parts:
        padded = part + " "
        grams.update(padded[i:i + 2] for i in range(len(part)) if not padded[i].isspace())
    return grams


def forget(session: Session, submission_id: int) -> None:
    """Delete a submission's search text (before writing it again, or when retention deletes it)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        # by key: the grams are found again from the text they were made of (a delete by
        # submission alone would read the whole table, whose key starts with the gram)
        old = session.execute(text("SELECT body, profile FROM search_docs WHERE submission_id = :id"),
                              {"id": submission_id}).first()
        if old is not None:
            session.execute(text("DELETE FROM search_grams WHERE gram = ANY(:g) AND profile = :p "
                                 "AND submission_id = :id"),
                            {"g": sorted(_grams_of_body(old.body)), "p": old.profile, "id": submission_id})
    session.execute(text("DELETE FROM search_docs WHERE submission_id = :id"), {"id": submission_id})
    if dialect == "sqlite":
        session.execute(text("DELETE FROM search_fts WHERE rowid = :id"), {"id": submission_id})


def _grams_of_body(body: str) -> set[str]:
    """Every gram `bigrams(parts)` can have made of a body joined from `parts` (a part may hold a
    line break of its own, so both readings)."""
    return bigrams([body]) | bigrams(body.split("\n"))


def reindex(session: Session, sub) -> None:  # noqa: ANN001
    """Write the submission's search text again (after reading, after a correction, after retention)."""
    parts = segments(sub)
    body = "\n".join(parts)
    dialect = session.get_bind().dialect.name
    forget(session, sub.id)
    if dialect == "postgresql":
        session.execute(text("INSERT INTO search_docs (submission_id, profile, body) VALUES (:id, :p, :body)"),
                        {"id": sub.id, "p": sub.profile, "body": body})
        grams = sorted(bigrams(parts))
        if grams:
            session.execute(text("INSERT INTO search_grams (gram, profile, submission_id) VALUES (:g, :p, :id)"),
                            [{"g": g, "p": sub.profile, "id": sub.id} for g in grams])
        return
    session.execute(text("INSERT INTO search_docs (submission_id, body) VALUES (:id, :body)"),
                    {"id": sub.id, "body": body})
    if dialect == "sqlite":
        session.execute(text("INSERT INTO search_fts (rowid, body) VALUES (:id, :body)"),
                        {"id": sub.id, "body": body})


def _like(q: str) -> str:
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _has_trgm(session: Session) -> bool:
    info = session.get_bind().dialect.__dict__
    if "_intake_trgm" not in info:
        info["_intake_trgm"] = bool(session.execute(text(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'ix_search_docs_trgm'")).scalar())
    return info["_intake_trgm"]


@dataclass(frozen=True)
class Query:
    """A normalised query, how this database answers it, and the one municipality it looks in
    (a reviewer's; None for all)."""
    text: str
    dialect: str
    trgm: bool = False     # PostgreSQL with the pg_trgm index
    profile: str | None = None


def parse(session: Session, query: str, profile: str | None = None) -> Query:
    dialect = session.get_bind().dialect.name
    q = normalise(query).strip()[:MAX_QUERY]
    return Query(q, dialect, dialect == "postgresql" and len(q) >= 3 and _has_trgm(session), profile)


def matching_ids(session: Session, query: str | Query):  # noqa: ANN201
    """A SELECT of the ids of submissions whose text contains `query` (to use in an IN); on
    PostgreSQL only those of the query's municipality, when it has one (SQLite leaves that to
    the caller's own filter)."""
    q = query if isinstance(query, Query) else parse(session, query)
    t = q.text
    if q.dialect == "sqlite":
        if len(t) >= 3:
            phrase = '"' + t.replace('"', '""') + '"'
            return text("SELECT rowid AS submission_id FROM search_fts WHERE search_fts MATCH :p").bindparams(p=phrase)
        return text("SELECT submission_id FROM search_docs WHERE body LIKE :p ESCAPE '\\'").bindparams(p=_like(t))
    where, params = ("profile = :profile AND ", {"profile": q.profile}) if q.profile else ("", {})
    if len(t) == 1:
        return text(f"SELECT submission_id FROM search_grams WHERE {where}gram LIKE :p ESCAPE '\\'").bindparams(
            p=_like(t)[1:], **params)
    if len(t) == 2:
        return text(f"SELECT submission_id FROM search_grams WHERE {where}gram = :g").bindparams(g=t, **params)
    if q.trgm:
        return text(f"SELECT submission_id FROM search_docs WHERE {where}body LIKE :p ESCAPE '\\'").bindparams(
            p=_like(t), **params)
    grams = sorted(bigrams([t]) - {t[-1] + " "})
    return text(f"SELECT d.submission_id FROM search_docs d WHERE {where}d.body LIKE :p ESCAPE '\\' "
                "AND d.submission_id IN (SELECT submission_id FROM search_grams WHERE gram IN :grams "
                "GROUP BY submission_id HAVING count(*) = :n)").bindparams(
        bindparam("grams", expanding=True), p=_like(t), grams=grams, n=len(grams), **params)


def first_matches(session: Session, q: Query, limit: int) -> list[int] | None:
    """The ids of all matching submissions if the index holds fewer than `limit` entries for the
    query (one index read that stops at `limit`), else None: too many to fetch and sort."""
    if q.dialect == "postgresql" and len(q.text) >= 3:
        return _by_rarest_gram(session, q, limit)
    found = matching_ids(session, q).columns(column("submission_id", Integer)).subquery("m")
    rows = session.scalars(select(found.c.submission_id).limit(limit)).all()
    return sorted(set(rows)) if len(rows) < limit else None


def _by_rarest_gram(session: Session, q: Query, limit: int) -> list[int] | None:
    """3+ characters on PostgreSQL: the candidates are the postings of the query's rarest bigram in
    its municipality (each bigram counted only up to `limit`), then checked against the text.
    Trigrams would find them too, but their GIN index cannot be limited to a municipality: a word
    common in another town made the reviewer's search read all of that town's matches."""
    grams = sorted(bigrams([q.text]) - {q.text[-1] + " "})
    mine = _grams.c.profile == q.profile if q.profile else literal(True)

    def size(gram: str) -> Any:
        entries = select(literal(1)).select_from(_grams).where(_grams.c.gram == gram, mine).limit(limit).subquery()
        return select(func.count()).select_from(entries).scalar_subquery()
    sizes = session.execute(select(*[size(gm) for gm in grams])).one()
    smallest, rarest = min(zip(sizes, grams))
    if smallest >= limit:      # each bigram is common: a common word, or a rare mix (a permit number)
        return None if _common_in_sample(session, q) else _by_trigrams(session, q, limit)
    candidates = select(_grams.c.submission_id).where(_grams.c.gram == rarest, mine)
    return sorted(session.scalars(select(_docs.c.submission_id).where(
        _docs.c.submission_id.in_(candidates), _docs.c.body.like(_like(q.text), escape="\\"))).all())


SAMPLE = 200   # submissions looked at to tell a common word (2% or more) from a rare mix of common bigrams


def _common_in_sample(session: Session, q: Query) -> bool:
    """Whether at least 2% of the municipality's newest submissions have the word: then walking
    the queue finds a page soon, and reading the trigram index for it would cost more."""
    mine = _subs.c.profile == q.profile if q.profile else literal(True)
    # the newest: the part of the queue being worked on, read backwards along the primary key
    sample = select(_subs.c.id, _subs.c.profile).where(mine).order_by(_subs.c.id.desc()).limit(SAMPLE).subquery()
    found = contains(q, sample.c.id, sample.c.profile)
    looked, hit = session.execute(select(func.count(), func.count().filter(found)).select_from(sample)).one()
    return hit > 0 and hit * 50 >= looked


def _by_trigrams(session: Session, q: Query, limit: int) -> list[int] | None:
    """The trigram index read for a rare mix of common bigrams (第68-12348号), with the planner
    told not to scan the table instead: it guesses such a phrase common and a scan cheaper."""
    if not q.trgm:
        return None
    where, params = ("profile = :profile AND ", {"profile": q.profile}) if q.profile else ("", {})
    session.execute(text("SELECT set_config('enable_seqscan', 'off', true)"))    # this transaction only
    try:
        rows = session.scalars(text(f"SELECT submission_id FROM search_docs WHERE {where}body LIKE :p ESCAPE '\\' "
                                    "LIMIT :n").bindparams(p=_like(q.text), n=limit, **params)).all()
    finally:
        session.execute(text("SELECT set_config('enable_seqscan', 'on', true)"))
    return sorted(rows) if len(rows) < limit else None


def contains(q: Query, submission_id: Any, profile: Any = None) -> Any:
    """An exact test, row by row, that the submission `submission_id` (a column; `profile` its
    municipality's column) has `q` in its text: for walking the queue in its own order and
    stopping after a page, when the matches are too many to fetch. Two characters are one probe
    of the bigram key (gram, profile, submission_id); other lengths a LIKE on the submission's
    own text (the same rule as the indexes).

    A scalar subquery, not EXISTS: PostgreSQL may turn an EXISTS into a join that reads every
    match first, which is the very cost the walk is there to avoid."""
    if q.dialect == "postgresql" and len(q.text) == 2 and profile is not None:
        probe = select(literal(1)).select_from(_grams).where(
            _grams.c.gram == q.text, _grams.c.profile == profile, _grams.c.submission_id == submission_id)
    else:
        probe = select(literal(1)).select_from(_docs).where(
            _docs.c.submission_id == submission_id, _docs.c.body.like(_like(q.text), escape="\\"))
    return probe.limit(1).scalar_subquery().is_not(None)


_subs = table("submissions", column("id", Integer), column("profile", String))
_docs = table("search_docs", column("submission_id", Integer), column("body", Text))
_grams = table("search_grams", column("gram", String), column("profile", String), column("submission_id", Integer))
