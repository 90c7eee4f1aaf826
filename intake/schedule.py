"""The scheduled jobs every deployment runs: the sweeper and the retention job.

Each `intake worker` (and `intake serve`) runs a timer thread; a job runs only in the process that
holds its lease (a row in `job_leases`, portable across SQLite and PostgreSQL), so with many
workers on many hosts each job runs once per period, and another host takes over when the holder
dies. Pruning the local render cache is per host and needs no lease.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import or_, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from intake import config
from intake.db import session_scope
from intake.models import JobLease, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timing:
    sweep_every_s: int        # how often the sweeper looks
    stale_after_s: int        # a `processing` row without a heartbeat this long: its worker died
    resend_after_s: int       # a `received` row this old was lost by the broker: send it again
    retention_every_s: int
    retry_delay_s: float      # first retry of a failed task; doubles each time
    max_retries: int

    @property
    def heartbeat_s(self) -> float:
        return max(0.5, self.stale_after_s / 4)


def timing() -> Timing:
    """Defaults re-send the work of a dead worker within 3 minutes (stale 120 s + sweep 60 s)."""
    return Timing(sweep_every_s=config.env_int("INTAKE_SWEEP_EVERY_S", 60),
                  stale_after_s=config.env_int("INTAKE_STALE_AFTER_S", 120),
                  resend_after_s=config.env_int("INTAKE_RESEND_AFTER_S", 3600),
                  retention_every_s=config.env_int("INTAKE_RETENTION_EVERY_S", 3600),
                  retry_delay_s=float(os.environ.get("INTAKE_RETRY_DELAY_S") or 10),
                  max_retries=config.env_int("INTAKE_MAX_RETRIES", 3))


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


def acquire(database_url: str, name: str, holder: str, seconds: float) -> bool:
    """Take or renew the lease on `name` for `seconds`; false while another holder has it."""
    now = utcnow()
    until = now + dt.timedelta(seconds=seconds)
    with session_scope(database_url) as s:
        taken = s.execute(update(JobLease)
                          .where(JobLease.name == name,
                                 or_(JobLease.expires_at <= now, JobLease.holder == holder))
                          .values(holder=holder, expires_at=until)).rowcount
        if taken:
            return True
        if s.get(JobLease, name) is not None:
            return False
        try:
            with s.begin_nested():
                s.add(JobLease(name=name, holder=holder, expires_at=until))
        except IntegrityError:  # another process inserted it first
            return False
        return True


def jobs(t: Timing) -> list[tuple[str, float, bool, Callable[[config.Settings], object]]]:
    """(name, period, leased, job)."""
    from intake import retention
    from intake.worker import sweep
    return [("sweep", t.sweep_every_s, True, sweep),
            ("retention", t.retention_every_s, True, retention.run_scheduled),
            ("renders", t.retention_every_s, False, retention.prune_renders)]


def run_forever(settings: config.Settings, stopping: threading.Event) -> None:
    """Run each job when due until `stopping` is set; a failing job is logged and tried next round."""
    t, holder, due = timing(), holder_id(), {}
    while not stopping.is_set():
        for name, every, leased, job in jobs(t):
            if time.monotonic() < due.get(name, 0):
                continue
            due[name] = time.monotonic() + every
            try:
                if not leased or acquire(settings.database_url, name, holder, every):
                    if result := job(settings):
                        log.info("%s: %s", name, result)
            except DBAPIError as exc:  # the database is restarting: no traceback every round
                log.warning("scheduled job %s: database unavailable (%s)", name, type(exc).__name__)
            except Exception:  # the broker may be restarting; try again next round
                log.exception("scheduled job %s failed", name)
        stopping.wait(min(1.0, t.sweep_every_s))


def start(settings: config.Settings) -> threading.Event:
    """The timer thread of this process; set the returned event to stop it."""
    stopping = threading.Event()
    threading.Thread(target=run_forever, args=(settings, stopping), name="intake-schedule",
                     daemon=True).start()
    return stopping
