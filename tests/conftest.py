"""Shared fixtures: a throw-away INTAKE_HOME with SQLite, and helpers for real services."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "submissions"


@pytest.fixture
def intake_env(tmp_path, monkeypatch):
    """Environment for an isolated instance: state under tmp_path, tasks run in-process."""
    monkeypatch.setenv("INTAKE_HOME", str(tmp_path / "var"))
    monkeypatch.setenv("INTAKE_SECRET_KEY", "test-secret")
    monkeypatch.setenv("INTAKE_EAGER", "true")
    monkeypatch.delenv("INTAKE_DATABASE_URL", raising=False)
    monkeypatch.delenv("INTAKE_BROKER_URL", raising=False)
    return tmp_path


@pytest.fixture
def settings(intake_env):
    from intake import config
    from intake.migrate import upgrade
    from intake.worker import configure

    s = config.load()
    upgrade(s.database_url)
    configure(s)
    return s


def service_up(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, port: int) -> None:
    """Skip when a real service is down on a developer's machine; fail in CI, which starts them."""
    if service_up("127.0.0.1", port):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not running on 127.0.0.1:{port} (.ci/run starts it)")
    pytest.skip(f"{name} not running on 127.0.0.1:{port}")


@pytest.fixture(scope="session")
def family_b_small_dev(tmp_path_factory):
    """A small family-B set of the dev (built-with) split, generated once per run."""
    from samples.family_b import generate
    out = tmp_path_factory.mktemp("fb_dev")
    generate.generate("dev", 5, str(out), small=True)
    return out
