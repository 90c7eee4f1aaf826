"""Stopping child processes the same way everywhere: ask, wait, then kill."""
from __future__ import annotations

import subprocess


def stop(procs: list[subprocess.Popen], timeout: float = 30) -> None:
    """SIGTERM every running child, wait up to `timeout` seconds each, SIGKILL those still running."""
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
