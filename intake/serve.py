"""`intake serve`: embedded broker, a worker process, the web app; Ctrl-C stops all."""
from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading

from intake import config
from intake.broker import start_embedded
from intake.migrate import upgrade
from intake.processes import stop as stop_processes

log = logging.getLogger(__name__)


def sweep_forever(settings: config.Settings, stopping: threading.Event) -> None:
    """The scheduled jobs (sweeper, retention; intake.schedule) on this host too: a web-only host
    (--no-worker) still prunes its own render cache."""
    from intake.schedule import run_forever
    from intake.worker import configure
    configure(settings)
    run_forever(settings, stopping)


def start_entrances(settings: config.Settings, stopping: threading.Event):  # noqa: ANN201
    """SMTP receiver, and when configured the IMAP poller, the scanner folder and the outbox
    sender (threads ending with `stopping`); returns the SMTP controller to stop."""
    from intake import consume, imap, outbox
    from intake.mail import smtp_controller
    smtp = smtp_controller(settings)
    smtp.start()
    log.info("intake: SMTP on 127.0.0.1:%d (intake+CODE@…)", settings.smtp_port)
    imap.start(settings, stopping)
    consume.start(settings, stopping)
    outbox.start(settings, stopping)
    return smtp


def serve(settings: config.Settings, worker: bool = True, load_samples: bool = False) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings.home.mkdir(parents=True, exist_ok=True)
    upgrade(settings.database_url)
    children: list[subprocess.Popen] = []
    if settings.embedded_broker:
        proc = start_embedded(settings.redis_socket, settings.home / "redis")
        if proc:
            children.append(proc)
    if worker:
        children.append(subprocess.Popen([sys.executable, "-m", "intake.cli", "worker"]))
    if load_samples:
        from pathlib import Path

        from intake.samples_loader import ensure_demo_users, load_samples as load
        creds = ensure_demo_users(settings)
        if creds:
            log.info("demo accounts created; passwords in %s", creds)
        n = load(settings, Path("samples/submissions"))
        log.info("queued %d sample submissions", n)
    stopping = threading.Event()
    smtp = start_entrances(settings, stopping)

    def stop(*_args) -> None:  # noqa: ANN002
        if stopping.is_set():
            return
        stopping.set()
        smtp.stop()
        stop_processes(list(reversed(children)), timeout=20)
        sys.exit(0)

    for sig in (signal.SIGTERM, signal.SIGINT):  # SIGINT too: a backgrounded shell job ignores it by default
        signal.signal(sig, stop)
    threading.Thread(target=sweep_forever, args=(settings, stopping), daemon=True).start()
    try:
        from waitress import serve as waitress_serve

        from web import create_app
        app = create_app(settings=settings)
        log.info("intake: http://127.0.0.1:%d", settings.http_port)
        waitress_serve(app, host="127.0.0.1", port=settings.http_port, threads=8)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
