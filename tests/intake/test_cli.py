"""`intake process` on the sample submissions and on bad input (SPEC §6)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from intake.cli import main
from tests.conftest import SAMPLES

CLEAN = SAMPLES / "food_label_clean"
FLAWED = SAMPLES / "food_label_undeclared_allergen"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def truth(folder):
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


def test_it_reports_the_undeclared_allergen_of_the_flawed_label():
    t = truth(FLAWED)
    result = run("process", str(FLAWED), "--profile", t["profile"], "--as-of", t["as_of"],
                 "--format", "json")
    out = json.loads(result.output)
    assert result.exit_code == 1
    assert out["status"] == "needs_review"
    assert set(out) == {"profile", "as_of", "status", "documents", "findings"}
    [doc] = out["documents"]
    assert doc["kind"] == "food_label" and doc["method"] == "text" and doc["pages"] == 1
    assert len(doc["sha256"]) == 64 and doc["media_type"] == "application/pdf"
    name = doc["fields"]["label.name"]
    assert name["value"] == t["documents"][doc["source"]]["fields"]["label.name"]
    assert name["page"] == 1 and len(name["bbox"]) == 4 and 0 < name["confidence"] <= 1
    codes = {f["code"] for f in out["findings"]}
    assert set(t["findings"]) <= codes
    undeclared = [f for f in out["findings"] if f["code"] == "ALLERGEN_UNDECLARED"]
    assert undeclared and all(f["rule"] and f["message"] and f["message_en"] for f in undeclared)


def test_the_clean_label_has_no_allergen_finding():
    t = truth(CLEAN)
    result = run("process", str(CLEAN / "shokuhin_hyoji.pdf"), "--profile", t["profile"],
                 "--as-of", t["as_of"], "--format", "json")
    out = json.loads(result.output)
    assert not [f for f in out["findings"] if f["code"].startswith("ALLERGEN")]
    fields = out["documents"][0]["fields"]
    for key, expected in t["documents"]["shokuhin_hyoji.pdf"]["fields"].items():
        assert fields[key]["value"] == expected, key


@pytest.mark.parametrize("name,data", [
    ("empty.pdf", b""),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj <<>> garbage"),
    ("label.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),   # wrong extension, broken PNG
])
def test_bad_input_ends_as_doc_unreadable_not_a_traceback(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    result = run("process", str(path), "--profile", "hamada", "--format", "json")
    out = json.loads(result.output)
    assert result.exit_code == 1
    assert out["status"] == "failed"
    [finding] = [f for f in out["findings"] if f["code"] == "DOC_UNREADABLE"]
    assert finding["document"] == name and finding["severity"] == "error"
    assert any("\u3040" <= ch <= "\u9fff" for ch in finding["message"])  # a Japanese message


def test_bad_usage_exits_2(tmp_path):
    assert run("process", str(tmp_path / "nope.pdf"), "--profile", "hamada").exit_code == 2
    assert run("process", str(CLEAN), "--profile", "atlantis").exit_code == 2
    assert run("process", str(CLEAN), "--profile", "hamada", "--as-of", "22/11/2026").exit_code == 2


def test_the_console_script_runs_as_a_process():
    proc = subprocess.run([sys.executable, "-m", "intake.cli", "process", str(FLAWED),
                           "--profile", truth(FLAWED)["profile"], "--format", "text"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "ALLERGEN_UNDECLARED" in proc.stdout and "Traceback" not in proc.stderr
