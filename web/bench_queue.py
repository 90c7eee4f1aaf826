"""Speed of the review queue, its search and the detail page with many submissions (issue 5
item 8, issue 11 item 7).

    python -m web.bench_queue [--rows 100000] [--requests 200] [--keep]

Creates a fresh PostgreSQL database (INTAKE_BENCH_PG, default the local
server), migrates it, fills it in bulk with server-side `generate_series`
(submissions, one document each with 15 fields, 3 findings, 3 audit events, and each one's
search text with its character bigrams — intake.search), then times the pages through the Flask test client as a signed-in reviewer
and prints p50/p95 in milliseconds. Not part of the test suite (it takes a minute).
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

PG = os.environ.get("INTAKE_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
PROFILES = ["gunma", "shika", "ishigaki", "hamada", "narita"]

FILL = """
INSERT INTO suppliers (id, name, email, created_at)
SELECT i, 'supplier ' || i, 'supplier' || i || '@example.jp', now() FROM generate_series(1, 500) i;

INSERT INTO submissions (id, profile, status, source, supplier_id, version, processed_version, attempts,
                         max_severity, open_findings, kinds, meta, created_at, updated_at, due_on)
SELECT i, (ARRAY['gunma','shika','ishigaki','hamada','narita'])[1 + i % 5],
       (ARRAY['needs_review','needs_review','needs_review','clean','approved','approved','returned',
              'rejected','failed','received'])[1 + ((i / 5) * 7) % 10],
       'upload', 1 + (i / 5) % 500, 1, 1, 1, ((i / 5) * 13) % 4, ((i / 5) * 13) % 4,
       (ARRAY['food_label','application food_label','permit','application permit pledge'])[1 + i % 4],
       '{}', now() - ((i % 86400) || ' minutes')::interval, now(),
       -- about ten business days (the default deadline); a third of the rows are overdue
       (now() - ((i % 86400) || ' minutes')::interval)::date + 14
FROM generate_series(1, :rows) i;

-- one search text per submission: supplier, product, permit number, label words (about 60 chars)
INSERT INTO search_docs (submission_id, profile, body)
SELECT i, (ARRAY['gunma','shika','ishigaki','hamada','narita'])[1 + i % 5],
       'supplier ' || (1 + (i / 5) % 500) || E'\n' ||
       (ARRAY['焼菓子','りんごジュース','干し芋','佐藤錦さくらんぼ','卵焼き','黒毛和牛','鮎の甘露煮','梅干し',
              '緑茶ティーバッグ','米粉パン'])[1 + i % 10] || E'\n第' || (10 + i % 90) || '-' || i || E'号\n' ||
       (ARRAY['原材料名 小麦粉 砂糖 鶏卵 バター','原材料名 りんご 酸化防止剤','保存方法 直射日光を避けて',
              '製造者 佐藤製菓株式会社','内容量 200g 賞味期限 2027年3月1日'])[1 + (i / 7) % 5] ||
       -- rarer words in every municipality: 1 in 1,000 and 1 in 50 (i / 5 does not follow i % 5)
       CASE WHEN (i / 5) % 1000 = 7 THEN E'\n鰆の西京焼' WHEN (i / 5) % 50 = 3 THEN E'\n柚子胡椒' ELSE '' END ||
       -- words of one municipality only (the reviewer's walk would find none of them)
       CASE WHEN i % 1000 = 0 THEN E'\n鰻の蒲焼' WHEN i % 50 = 1 THEN E'\n柚子胡椒' ELSE '' END ||
       CASE WHEN i % 5 = 2 THEN E'\n石垣島産' ELSE '' END
FROM generate_series(1, :rows) i;

-- each text's distinct bigrams, found per text (a small hash each, not one sort of them all)
INSERT INTO search_grams (gram, profile, submission_id)
SELECT g.gram, d.profile, d.submission_id
FROM search_docs d, LATERAL (
    SELECT DISTINCT substr(d.body, k, 1) || CASE WHEN substr(d.body, k + 1, 1) IN ('', E'\n') THEN ' '
                                                ELSE substr(d.body, k + 1, 1) END AS gram
    FROM generate_series(1, length(d.body)) k WHERE substr(d.body, k, 1) NOT IN (' ', E'\n')) g;

INSERT INTO documents (id, submission_id, version, filename, sha256, media_type, size, kind, method,
                       pages, status, created_at)
SELECT i, i, 1, 'label.pdf', :sha, 'application/pdf', 1000, 'food_label', 'text', 1, 'read', now()
FROM generate_series(1, :rows) i;

INSERT INTO fields (document_id, key, value, confidence, method, page, bbox, extracted_value)
SELECT d, 'label.field' || k, to_json('値 ' || k), 0.9, 'text', 1,
       json_build_array(20, 20 + k * 16, 280, 32 + k * 16), to_json('値 ' || k)
FROM generate_series(1, :rows) d, generate_series(1, 15) k;

INSERT INTO findings (submission_id, document_id, code, severity, message, message_en, document, field,
                      evidence, rule, fingerprint, status)
SELECT s, s, (ARRAY['ALLERGEN_UNDECLARED','LABEL_ORIGIN_MISSING','DOC_MISSING'])[k],
       (ARRAY['error','warning','error'])[k], '原材料に「乳」が含まれていますが表示がありません。',
       'Undeclared allergen.', 'label.pdf', 'label.field' || k, 'バター → 乳', '食品表示基準 第3条第2項',
       md5(s || '-' || k), 'open'
FROM generate_series(1, :rows) s, generate_series(1, 3) k;

INSERT INTO audit_events (submission_id, action, from_status, to_status, detail, created_at)
SELECT s, (ARRAY['received','status','processed'])[k], NULL, 'needs_review', '{}', now()
FROM generate_series(1, :rows) s, generate_series(1, 3) k;
"""
SEQUENCES = ["suppliers", "submissions", "documents", "fields", "findings", "audit_events"]


def create_database(name: str) -> str:
    import psycopg
    admin = PG.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG}/{name}"


def drop_database(name: str) -> None:
    import psycopg

    from intake.db import get_engine
    get_engine(f"{PG}/{name}").dispose()
    admin = PG.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fill(url: str, rows: int, sha: str) -> float:
    from sqlalchemy import text

    from intake.db import get_engine
    started = time.perf_counter()
    with get_engine(url).begin() as conn:
        for statement in FILL.split(";\n"):
            if statement.strip():
                conn.execute(text(statement), {"rows": rows, "sha": sha})
        for table in SEQUENCES:  # the bulk insert set ids by hand
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                              f"(SELECT max(id) FROM {table}))"))
    with get_engine(url).connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))  # what autovacuum does after a bulk load
    return time.perf_counter() - started


def timed(client, urls: list[str]) -> tuple[list[float], list[float]]:
    """Wall-clock and this thread's CPU time (ms) per request: on a shared, busy machine the
    CPU time shows the app's own cost, the wall clock what a user would wait."""
    wall, cpu = [], []
    for url in urls:
        started, started_cpu = time.perf_counter(), time.thread_time()
        resp = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        if resp.status_code != 200:
            raise SystemExit(f"{url}: HTTP {resp.status_code}")
    return wall, cpu


def p95(ms: list[float]) -> float:
    ms = sorted(ms)
    return ms[max(0, int(round(0.95 * len(ms))) - 1)]


def summary(name: str, times: tuple[list[float], list[float]]) -> str:
    wall, cpu = times
    return (f"{name:24} n={len(wall):4}  wall p50={statistics.median(wall):6.1f} p95={p95(wall):6.1f} ms"
            f"  app-cpu p50={statistics.median(cpu):6.1f} p95={p95(cpu):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", metavar="DB", help="time a database kept by --keep (no fill)")
    parser.add_argument("--explain", action="store_true",
                        help="print EXPLAIN ANALYZE of each search's slowest statements")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="intake-bench-"))
    name = args.reuse or f"intake_bench_{os.getpid()}"
    url = f"{PG}/{name}" if args.reuse else create_database(name)
    os.environ.update({"INTAKE_HOME": str(home), "INTAKE_DATABASE_URL": url,
                       "INTAKE_SECRET_KEY": "bench", "INTAKE_EAGER": "true"})
    from intake import config
    from web import create_app

    try:
        settings = config.load()
        if not args.reuse:
            load(settings, url, args.rows)
        client = create_app(settings=settings).test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        client.post("/login", data={"email": "bench@example.jp", "password": "bench password",
                                    "csrf_token": token})
        print(f"load average before timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        report(client, args.requests, args.rows, args.explain)
    finally:
        if args.keep or args.reuse:
            print(f"kept database {name}")
        else:
            drop_database(name)


def load(settings, url: str, rows: int) -> None:  # noqa: ANN001
    """Migrate, fill in bulk, and add the reviewer the timing signs in as."""
    from intake.accounts import add_user
    from intake.blobs import blob_store
    from intake.db import session_scope
    from intake.migrate import upgrade

    upgrade(url)
    sample = Path(__file__).resolve().parent.parent / "samples" / "submissions" / \
        "food_label_undeclared_allergen" / "shokuhin_hyoji.pdf"
    sha = blob_store(settings).put(sample.read_bytes())
    seconds = fill(url, rows, sha)
    print(f"filled {rows:,} submissions (+{rows * 15:,} fields, {rows * 3:,} findings, "
          f"{rows * 3:,} audit events) in {seconds:.1f} s")
    with session_scope(url) as s:
        add_user(s, "bench@example.jp", "reviewer", profile="hamada", password="bench password")


# (label, query): one, two and 3+ characters, common and rare (the share of the reviewer's
# municipality's submissions that have it), a unique permit number, a supplier, nothing, and
# words only other municipalities' submissions have (none for the reviewer)
SEARCHES = [("1 char common 14%", "卵"), ("1 char rare 0.1%", "鰆"),
            ("2 chars common 60%", "佐藤"), ("2 chars 2%", "柚子"), ("2 chars rare 0.1%", "西京"),
            ("3+ common 50%", "緑茶ティーバッグ"), ("3+ 20%", "直射日光"), ("3+ 2%", "柚子胡椒"),
            ("3+ rare 0.1%", "鰆の西京焼"), ("permit number (1)", f"第{10 + 12348 % 90}-12348号"),
            ("supplier 42 (2%)", "supplier 42"), ("nothing", "存在しない言葉"),
            ("other towns' 10%", "りんごジュース"), ("other town's 1 char", "鰻"),
            ("other town's 20%", "石垣島産")]


def report(client, n: int, rows: int, explain: bool = False) -> None:
    rng = random.Random(7)
    first = client.get("/queue/").get_data(as_text=True)
    cursors = re.findall(r'cursor=([^"&]+)', first)
    queue_urls = ["/queue/", "/queue/?severity=3", "/queue/?status=all", "/queue/?kind=permit",
                  "/queue/?older_than=7"] + [f"/queue/?cursor={c}" for c in cursors]
    hamada = [i for i in range(1, rows + 1) if i % 5 == 3]  # profile index 3 in FILL
    detail_urls = [f"/submissions/{rng.choice(hamada)}" for _ in range(n)]
    timed(client, queue_urls + detail_urls[:5])  # warm caches (page sizes, templates)
    print(summary("queue (needs_review)", timed(client, ["/queue/"] * n)))
    for url in queue_urls[1:5]:
        print(summary(url.replace("/queue/", "queue "), timed(client, [url] * (n // 4))))
    print(summary("queue page 2 (keyset)", timed(client, [queue_urls[-1]] * (n // 2))))
    for label, q in SEARCHES:
        url = "/queue/?" + urlencode({"q": q})
        for name, each in ((label, url), (f"{label} (all)", url + "&status=all")):
            timed(client, [each])
            print(summary(f"search {name}", timed(client, [each] * max(2, n // 8))))
            if explain:
                slowest(client, each)
        more = re.findall(r'href="(/queue/\?[^"]*cursor=[^"]+)"', client.get(url).get_data(as_text=True))
        if more:
            print(summary(f"search {label} page 2", timed(client, [more[0].replace("&amp;", "&")] * max(2, n // 8))))
    print(summary("detail", timed(client, detail_urls)))


def slowest(client, url: str, top: int = 2) -> None:
    """EXPLAIN ANALYZE of the request's slowest statements (--explain)."""
    from sqlalchemy import event

    from web.store import db
    seen: list[tuple[float, str, object]] = []

    def before(conn, cursor, statement, parameters, context, many):  # noqa: ANN001, ARG001
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, many):  # noqa: ANN001, ARG001
        seen.append((time.perf_counter() - conn.info.pop("bench_started"), statement, parameters))
    with client.application.app_context():
        engine = db().get_bind()
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    with engine.connect() as conn:
        for seconds, statement, parameters in sorted(seen, key=lambda r: -r[0])[:top]:
            plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).scalars()
            print(f"  -- {seconds * 1000:.1f} ms  {' '.join(statement.split())[:300]}")
            print("\n".join("     " + line for line in plan))


if __name__ == "__main__":
    main()
