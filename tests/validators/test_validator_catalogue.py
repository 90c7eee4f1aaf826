"""Every finding code of SPEC §5 has a catalogue entry and a positive test case."""
import re
from pathlib import Path

import pytest

from validators import findings as F
from test_validator_rules import CASES

SPEC = Path(__file__).resolve().parents[2] / ".." / "shared" / "SPEC.md"


def spec_codes() -> list[str]:
    text = SPEC.read_text(encoding="utf-8").split("## 5. Findings", 1)[1].split("## 6.", 1)[0]
    return re.findall(r"^\| `([A-Z_]+)` \|", text, flags=re.M)


@pytest.mark.skipif(not SPEC.is_file(), reason="SPEC.md not beside the repo")
def test_every_spec_code_is_catalogued_and_tested_positively():
    codes = [c for c in spec_codes() if c != "DOC_UNREADABLE"]   # the pipeline emits that one
    assert len(codes) >= 35
    positive = {case[3] for case in CASES if case[4]}
    assert not [c for c in codes if c not in F.catalogue()]
    assert not [c for c in codes if c not in positive]


def test_catalogue_entries_are_complete():
    for code, entry in F.catalogue().items():
        assert entry["severity"] in ("error", "warning", "info"), code
        assert entry["ja"] and entry["en"], code
