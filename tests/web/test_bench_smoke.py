"""The queue benchmark in miniature: bulk fill PostgreSQL, then every timed page answers."""
from __future__ import annotations

import re

import pytest

from tests.conftest import require_service

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_the_benchmark_runs_on_a_small_database(tmp_path, monkeypatch, capsys):
    require_service("PostgreSQL", 5432)
    from web import bench_queue

    monkeypatch.setattr("sys.argv", ["bench_queue", "--rows", "2000", "--requests", "8"])
    for key in ("INTAKE_HOME", "INTAKE_DATABASE_URL", "INTAKE_SECRET_KEY", "INTAKE_EAGER"):
        monkeypatch.setenv(key, "")  # main() sets these; monkeypatch restores them afterwards
    bench_queue.main()  # raises SystemExit on any page that does not answer 200
    out = capsys.readouterr().out
    assert "filled 2,000 submissions" in out
    timed = re.findall(r"^(queue[^\n]*|detail[^\n]*)p95=\s*([\d.]+) ms", out, re.M)
    assert len(timed) == 7 and all(float(ms) > 0 for _, ms in timed)
    searched = re.findall(r"^search (.*?)\s+n=[^\n]*p95=\s*([\d.]+) ms", out, re.M)
    tabs = [name for name, _ in searched if not name.endswith("page 2")]
    assert len(tabs) == 2 * len(bench_queue.SEARCHES)                      # every query, two tabs each
    assert all(float(ms) > 0 for _, ms in searched)
