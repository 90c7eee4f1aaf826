"""All profiles over the generated sample submissions, built from their truth.json
fields (independent of extraction): each listed finding must be produced."""
import datetime as dt
import json
from pathlib import Path

import pytest

from intake.records import Document, FieldValue, Record
from validators.engine import validate
from validators.profiles import profile_codes

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "submissions"
TRUTHS = sorted(SAMPLES.glob("*/truth.json")) if SAMPLES.is_dir() else []


def record_from_truth(truth: dict) -> Record:
    docs = [Document(source=name, kind=d.get("kind", "other"), role=d.get("role"),
                     fields={k: FieldValue(v) for k, v in (d.get("fields") or {}).items()})
            for name, d in (truth.get("documents") or {}).items()]
    return Record(documents=docs, profile=truth.get("profile", ""), meta=truth.get("meta") or {})


@pytest.mark.skipif(not TRUTHS, reason="no samples/submissions")
@pytest.mark.parametrize("path", TRUTHS, ids=[p.parent.name for p in TRUTHS])
def test_listed_findings_are_produced(path):
    truth = json.loads(path.read_text(encoding="utf-8"))
    as_of = dt.date.fromisoformat(truth.get("as_of", "2026-11-22"))
    produced = [f.code for f in validate(record_from_truth(truth), truth["profile"], as_of)]
    expected = [f if isinstance(f, str) else f.get("code") for f in truth.get("findings") or []]
    assert not [c for c in expected if c not in produced and c != "DOC_UNREADABLE"], produced


@pytest.mark.skipif(not TRUTHS, reason="no samples/submissions")
def test_every_profile_runs_on_every_sample():
    for path in TRUTHS:
        rec = record_from_truth(json.loads(path.read_text(encoding="utf-8")))
        for code in profile_codes():
            assert "VALIDATOR_ERROR" not in [f.code for f in validate(rec, code, dt.date(2026, 11, 22))]
