"""The `intake` command (SPEC §6)."""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import click

from intake import config

GROUND_TRUTH = "truth.json"  # the sample sets keep their answers beside the files


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
def main(verbose: bool) -> None:
    """Document intake for municipal return-gift suppliers."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def collect(paths: tuple[str, ...]) -> list[Path]:
    """Files named, and files in folders (recursively), in a stable order."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                          and f.name != GROUND_TRUTH)
        elif p.is_file():
            out.append(p)
        else:
            raise click.UsageError(f"no such file or folder: {raw}")
    return out


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.UsageError(f"--as-of must be YYYY-MM-DD, got {value!r}") from None


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--profile", required=True, help="Municipality profile code (e.g. hamada).")
@click.option("--as-of", "as_of", help="Judge dates as of this day (YYYY-MM-DD); default today in the municipality's "
                   "time zone (Asia/Tokyo).")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text")
def process(paths: tuple[str, ...], profile: str, as_of: str | None, fmt: str) -> None:
    """Process PATHs as one submission, in-process, and print the result."""
    from intake.pipeline import InputFile, send_ahead, start_reading, warm_up
    from intake.pipeline import process as run_pipeline
    start_reading()                    # the reading child imports its readers while we import ours
    from validators.profiles import profile_codes

    if profile not in profile_codes():
        raise click.UsageError(f"unknown profile {profile!r}; known: {', '.join(profile_codes())}")
    files = [InputFile(p.name, p.read_bytes()) for p in collect(paths)]
    if not files:
        raise click.UsageError("no files found")
    send_ahead(files[0])               # the child reads the first file while the rules load
    warm_up(profile)
    result = run_pipeline(files, profile, parse_date(as_of))
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_text(result))
    global _leave_at_once
    _leave_at_once = True
    sys.exit(1 if any(f.severity == "error" for f in result.findings) else 0)


_leave_at_once = False     # set by a one-shot command whose process has nothing left to clean up


def run() -> None:
    """The console script. After a one-shot `process`, the interpreter's teardown would free every
    module's objects one by one (20 ms, an eighth of a label PDF's whole run) for memory the OS takes
    back anyway: output is flushed and the process leaves (its reading child leaves when its socket
    closes). Every other command ends normally: the services' clean-ups run at exit."""
    try:
        main()
    except SystemExit as e:
        if not _leave_at_once:
            raise
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(e.code if isinstance(e.code, int) else 0 if e.code is None else 1)


def format_text(result) -> str:  # noqa: ANN001
    lines = [f"{result.profile}  as of {result.as_of}  →  {result.status}"]
    for d in result.record.documents:
        lines.append(f"  {d.source}: {d.kind} ({d.media_type}, {d.method}, {d.pages} p., "
                     f"{len(d.fields)} fields)")
    for f in result.findings:
        where = f" [{f.document}{' ' + f.field if f.field else ''}]" if f.document else ""
        lines.append(f"  {f.severity.upper():7} {f.code}{where}: {f.message}"
                     + (f"  ({f.evidence})" if f.evidence else "") + (f"  〔{f.rule}〕" if f.rule else ""))
    return "\n".join(lines)


@main.group()
def db() -> None:
    """Database commands."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply migrations."""
    from intake.migrate import upgrade
    upgrade(config.load().database_url)
    click.echo("database is up to date")


@main.group()
def users() -> None:
    """User accounts."""


@users.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(["supplier", "reviewer", "admin"]), required=True)
@click.option("--profile", help="The municipality a reviewer works for.")
@click.option("--password", help="Initial password (prompted when omitted on a terminal).")
@click.option("--name", help="Business name of a supplier.")
def users_add(email: str, role: str, profile: str | None, password: str | None,
              name: str | None) -> None:
    """Create a user."""
    from intake.accounts import AccountError, add_user
    from intake.db import session_scope

    if password is None and sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope(config.load().database_url) as session:
            add_user(session, email, role, profile, password, name)
    except AccountError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"created {role} {email}")


@users.command("password")
@click.argument("email")
@click.option("--password", help="The new password (prompted when omitted on a terminal).")
def users_password(email: str, password: str | None) -> None:
    """Set a new password for EMAIL (a reset); the user's sessions end."""
    from intake.accounts import AccountError, set_password

    if password is None:
        if not sys.stdin.isatty():
            raise click.UsageError("--password is required without a terminal")
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        with account_session(email) as (_session, user):
            set_password(user, password)
    except AccountError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"password of {email} set; its sessions have ended")


@contextlib.contextmanager
def account_session(email: str):  # noqa: ANN201
    """A committing session and the user of EMAIL (a usage error when there is none)."""
    from intake.accounts import find_user
    from intake.db import session_scope

    with session_scope(config.load().database_url) as session:
        user = find_user(session, email)
        if user is None:
            raise click.UsageError(f"no user {email}")
        yield session, user


@main.group()
def tokens() -> None:
    """API tokens."""


@tokens.command("create")
@click.argument("email")
@click.option("--days", type=click.IntRange(0, 3650), default=90, show_default=True,
              help="Valid for this many days (0: until revoked).")
def tokens_create(email: str, days: int) -> None:
    """Print a new API token for EMAIL."""
    from intake.accounts import create_token

    with account_session(email) as (session, user):
        click.echo(create_token(session, user, days or None))


@tokens.command("list")
@click.argument("email", required=False)
def tokens_list(email: str | None) -> None:
    """The tokens (of EMAIL, or everyone's): id, user, state, created, last used, expires."""
    from intake.accounts import find_user, token_state, tokens_of
    from intake.db import session_scope

    with session_scope(config.load().database_url) as session:
        user = find_user(session, email) if email else None
        if email and user is None:
            raise click.UsageError(f"no user {email}")
        for t in tokens_of(session, user):
            click.echo("\t".join([str(t.id), t.user.email, token_state(t),
                                  *(f"{v:%Y-%m-%d %H:%M}Z" if v else "-"
                                    for v in (t.created_at, t.last_used_at, t.expires_at))]))


@tokens.command("revoke")
@click.argument("token_id", type=click.IntRange(1, 2**31 - 1))
def tokens_revoke(token_id: int) -> None:
    """Revoke token TOKEN_ID (see `intake tokens list`)."""
    from intake.accounts import AccountError, revoke_token
    from intake.db import session_scope

    try:
        with session_scope(config.load().database_url) as session:
            revoke_token(session, token_id)
    except AccountError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"revoked token {token_id}")


@main.command()
@click.option("--queues", default="default,ocr", show_default=True)
@click.option("--concurrency", type=int, default=2, show_default=True)
def worker(queues: str, concurrency: int) -> None:
    """Run a Celery worker only (for scale-out).

    With both queues, `ocr` gets the CONCURRENCY processes and a second worker process of its own
    serves `default`, so a born-digital file never waits behind scans."""
    # Each pool process reads in its own child; share the cores between them rather than oversubscribe.
    os.environ.setdefault("INTAKE_OCR_THREADS", str(max(1, (os.cpu_count() or 2) // max(1, concurrency))))
    names = [q.strip() for q in queues.split(",") if q.strip()]
    side = None
    if set(names) == {"default", "ocr"}:
        side = subprocess.Popen([sys.executable, "-m", "intake.cli", "worker", "--queues=default", "--concurrency=1"],
                                preexec_fn=_die_with_parent)
        names = ["ocr"]
        os.nice(5)            # scans yield the CPU to born-digital files and validation, never the other way
    os.environ["INTAKE_WORKER_QUEUES"] = ",".join(names)
    from intake.worker import celery_app, configure
    configure(config.load())
    try:
        celery_app.worker_main(["worker", "--loglevel=INFO", f"--queues={','.join(names)}",
                                f"--concurrency={concurrency}", "--without-gossip", "--without-mingle",
                                f"--hostname=intake-{'-'.join(names)}@%h"])
    finally:
        if side is not None:
            from intake.processes import stop
            stop([side])


def _die_with_parent() -> None:
    """The `default` queue's worker ends when `intake worker` does, even on SIGKILL (Linux)."""
    try:
        import ctypes
        import signal
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@main.command()
@click.option("--no-worker", is_flag=True, help="Web only (a worker runs elsewhere).")
@click.option("--load-samples", is_flag=True, help="Load the sample submissions first.")
def serve(no_worker: bool, load_samples: bool) -> None:
    """Web app, Celery worker and embedded broker on the configured defaults."""
    from intake.serve import serve as run_serve
    run_serve(config.load(), worker=not no_worker, load_samples=load_samples)


@main.command("load-samples")
@click.argument("folder", default="samples/submissions")
def load_samples_cmd(folder: str) -> None:
    """Queue the sample submissions (each folder one submission)."""
    from intake.samples_loader import load_samples
    n = load_samples(config.load(), Path(folder))
    click.echo(f"queued {n} sample submissions")


@main.command()
def mail() -> None:
    """The SMTP receiver for intake+CODE@… addresses, and the IMAP poller, the scanner folder
    and the outbox sender when configured."""
    import threading

    from intake.serve import start_entrances
    from intake.worker import configure
    logging.getLogger().setLevel(logging.INFO)
    settings = config.load()
    configure(settings)
    stopping = threading.Event()
    controller = start_entrances(settings, stopping)
    click.echo(f"SMTP intake on 127.0.0.1:{settings.smtp_port}; Ctrl-C stops")
    try:
        stopping.wait()
    except KeyboardInterrupt:
        stopping.set()
        controller.stop()


@main.command()
def consume() -> None:
    """The scanner folder (INTAKE_CONSUME_DIR) only: <dir>/<profile>/ files become submissions."""
    from intake.consume import consume_forever
    from intake.worker import configure
    logging.getLogger().setLevel(logging.INFO)
    settings = config.load()
    if not settings.consume_dir:
        raise click.UsageError("set INTAKE_CONSUME_DIR to the scanner folder")
    configure(settings)
    import threading
    try:
        consume_forever(settings, threading.Event())
    except KeyboardInterrupt:
        pass


@main.command()
def sweep() -> None:
    """Re-send submissions stuck in received/processing."""
    from intake.worker import configure, sweep as run_sweep
    settings = config.load()
    configure(settings)
    click.echo(f"re-sent {run_sweep(settings)}")


@main.command()
@click.option("--dry-run", is_flag=True, help="List what is due (and what a keep rule holds back); delete nothing.")
@click.option("--as-of", "as_of", help="Judge periods as of this day (YYYY-MM-DD); default today.")
@click.option("--json", "as_json", is_flag=True)
def retention(dry_run: bool, as_of: str | None, as_json: bool) -> None:
    """Delete personal data and submissions whose retention period has passed (intake/data/retention.yaml)."""
    from intake import retention as policy
    from intake.db import session_scope
    settings, today = config.load(), parse_date(as_of) or dt.date.today()
    if dry_run:
        with session_scope(settings.database_url) as session:
            items = [i.to_dict() for i in policy.plan(session, today)]
        if as_json:
            click.echo(json.dumps(items, ensure_ascii=False, indent=2))
            return
        for i in items:
            kept = f"  kept until {i['kept_until'] or '(event pending)'}: {i['kept_by']}" if i["kept_by"] else ""
            click.echo(f"#{i['submission_id']} {i['profile']} {i['what']} due {i['due']} "
                       f"({i['event']} {i['event_date']}) 〔{i['cite']}〕{kept}")
        return
    totals = policy.apply(settings, today)
    click.echo(json.dumps(totals) if as_json else
               ", ".join(f"{k}: {v}" for k, v in totals.items()))


@main.command("eval")
@click.argument("folders", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--layout-cache", type=click.Path(file_okay=False),
              help="Keep the read Layouts here and reuse them while the readers' code is unchanged.")
def eval_cmd(folders: tuple[str, ...], as_json: bool, layout_cache: str | None) -> None:
    """Score extraction and findings against ground-truth files (one report per folder, e.g. per sample family)."""
    from intake.evaluation import format_report, run_eval
    results = [run_eval(f, layout_cache) for f in folders]
    if as_json:
        click.echo(json.dumps(results[0] if len(results) == 1 else results, ensure_ascii=False, indent=2))
    else:
        click.echo("\n\n".join(format_report(r) for r in results))


@main.command()
@click.argument("folder", default="samples/submissions")
@click.option("--repeat", type=int, default=3, show_default=True)
@click.option("--kinds", default="", help="Only these input kinds (comma-separated: pdf,scan,photo,product,…).")
@click.option("--queue", is_flag=True, help="Also through Celery with 1 and 2 workers (embedded; Redis+PostgreSQL if up).")
@click.option("--json", "as_json", is_flag=True)
def bench(folder: str, repeat: int, kinds: str, queue: bool, as_json: bool) -> None:
    """Throughput and latency per input kind, beside the bare engines' floors measured in the same run."""
    from intake.bench import format_report, run_bench, run_queue
    result = run_bench(folder, repeat, set(filter(None, kinds.split(","))) or None)
    if queue:
        result["queue"] = run_queue(folder)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2) if as_json else format_report(result))


if __name__ == "__main__":
    run()
