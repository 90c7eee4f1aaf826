"""The scanner folder: files and subfolders under <dir>/<profile>/ become submissions once complete."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from intake.db import session_scope
from intake.models import MailMessage, Submission
from tests.conftest import SAMPLES

LABEL = SAMPLES / "food_label_undeclared_allergen" / "shokuhin_hyoji.pdf"
pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def consumer(settings, monkeypatch, tmp_path):
    from intake import config
    from intake.consume import Consumer

    monkeypatch.setenv("INTAKE_CONSUME_DIR", str(tmp_path / "scans"))
    c = Consumer(config.load())
    c.prepare()
    return c


def submissions(url: str) -> list[Submission]:
    with session_scope(url) as s:
        subs = s.scalars(select(Submission).order_by(Submission.id)).all()
        for sub in subs:
            _ = [d.filename for d in sub.documents]
        return subs


def test_a_dropped_file_becomes_a_submission_of_its_folder_once_its_size_is_stable(consumer):
    root = consumer.root
    assert (root / "ishigaki").is_dir() and (root / "hamada").is_dir()
    scan = root / "ishigaki" / "食品表示.pdf"
    scan.write_bytes(LABEL.read_bytes()[:1000])      # still being written
    assert consumer.look() == 0
    scan.write_bytes(LABEL.read_bytes())             # grew: not complete yet
    assert consumer.look() == 0
    assert consumer.look() == 1                      # same size twice
    [sub] = submissions(consumer.settings.database_url)
    assert (sub.profile, sub.source, sub.supplier_id) == ("ishigaki", "folder", None)
    assert [d.filename for d in sub.documents] == ["食品表示.pdf"] and sub.documents[0].kind == "food_label"
    assert not scan.exists() and (root / "done" / "ishigaki" / "食品表示.pdf").read_bytes() == LABEL.read_bytes()
    with session_scope(consumer.settings.database_url) as s:
        [mail] = s.scalars(select(MailMessage)).all()
        assert (mail.source, mail.recipient, mail.submission_id) == ("folder", "ishigaki/食品表示.pdf", sub.id)


def test_a_subfolder_is_one_submission_of_all_its_files(consumer):
    stack = consumer.root / "hamada" / "山田商店"
    (stack / "写真").mkdir(parents=True)
    (stack / "申請書.pdf").write_bytes(LABEL.read_bytes())
    assert consumer.look() == 0
    (stack / "写真" / "メモ.txt").write_text("商品名：干物セット\n", encoding="utf-8")  # a file more
    assert consumer.look() == 0
    assert consumer.look() == 1
    [sub] = submissions(consumer.settings.database_url)
    assert sub.profile == "hamada" and sorted(d.filename for d in sub.documents) == ["メモ.txt", "申請書.pdf"]
    assert (consumer.root / "done" / "hamada" / "山田商店" / "写真" / "メモ.txt").exists()


def test_bad_entries_go_to_failed_with_a_reason_in_japanese(consumer):
    (consumer.root / "atlantis").mkdir()
    (consumer.root / "atlantis" / "a.pdf").write_bytes(LABEL.read_bytes())
    (consumer.root / "ishigaki" / "空のフォルダ").mkdir()           # nothing in it: never taken
    (consumer.root / "ishigaki" / "one.pdf").write_bytes(LABEL.read_bytes())
    (consumer.root / "beside.pdf").write_bytes(LABEL.read_bytes())             # in no profile's folder
    consumer.look(), consumer.look()
    (consumer.root / "ishigaki" / "again.pdf").write_bytes(LABEL.read_bytes())   # the same scan again
    consumer.look(), consumer.look()
    failed = consumer.root / "failed"
    assert "「atlantis」" in (failed / "atlantis" / "a.pdf.reason.txt").read_text(encoding="utf-8")
    assert "自治体コードのフォルダ" in (failed / "beside.pdf.reason.txt").read_text(encoding="utf-8")
    [sub] = submissions(consumer.settings.database_url)
    reason = (failed / "ishigaki" / "again.pdf.reason.txt").read_text(encoding="utf-8")
    assert f"申請 #{sub.id}" in reason and (failed / "ishigaki" / "again.pdf").exists()
    assert (consumer.root / "ishigaki" / "空のフォルダ").is_dir()


def test_too_many_files_is_refused_and_kept(consumer, monkeypatch):
    from intake import submissions as subs_mod

    stack = consumer.root / "ishigaki" / "束"
    stack.mkdir()
    for i in range(subs_mod.Limits.max_files + 1):
        (stack / f"{i}.txt").write_text(f"{i}")
    consumer.look(), consumer.look()
    assert submissions(consumer.settings.database_url) == []
    reason = (consumer.root / "failed" / "ishigaki" / "束.reason.txt").read_text(encoding="utf-8")
    assert "件まで" in reason and len(list((consumer.root / "failed" / "ishigaki" / "束").iterdir())) == 51


def test_the_consume_command_takes_in_a_file(intake_env, tmp_path):
    from intake import config
    from intake.migrate import upgrade

    env = {**os.environ, "INTAKE_HOME": str(tmp_path / "var"), "INTAKE_SECRET_KEY": "test-secret",
           "INTAKE_EAGER": "true", "INTAKE_READ_ISOLATED": "false",
           "INTAKE_CONSUME_DIR": str(tmp_path / "scans"), "INTAKE_CONSUME_POLL_S": "1"}
    url = config.load().database_url
    upgrade(url)
    proc = subprocess.Popen([sys.executable, "-m", "intake.cli", "consume"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "scans" / "ishigaki").is_dir():
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.1)
        (tmp_path / "scans" / "ishigaki" / "label.pdf").write_bytes(LABEL.read_bytes())
        while not (tmp_path / "scans" / "done" / "ishigaki" / "label.pdf").exists():
            assert time.monotonic() < deadline and proc.poll() is None, "not taken in"
            time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    [sub] = submissions(url)
    assert sub.source == "folder" and sub.status in ("clean", "needs_review")
