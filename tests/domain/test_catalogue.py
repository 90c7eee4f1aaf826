"""The field catalogue is the one home of kinds and fields: it names every SPEC §2 kind and §3 key."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from intake.domain import catalogue

SPEC = Path(__file__).resolve().parents[2].parent / "shared" / "SPEC.md"


def spec_fields() -> dict[str, set[str]]:
    """`**kind**: `key`, …` paragraphs of SPEC §3, kind → keys (nested {…} row keys left out)."""
    text = SPEC.read_text(encoding="utf-8")
    section = text.split("## 3. Field keys", 1)[1].split("## 4.", 1)[0]
    out: dict[str, set[str]] = {}
    for para in section.split("\n\n"):
        m = re.match(r"\*\*([a-z_ /*]+)\*\*:", para.strip())
        if not m:
            continue
        flat = re.sub(r"\{[^}]*\}", "", para)           # row keys of a table field
        keys = {k for k in re.findall(r"`([a-z_]+(?:\.[a-z_]+)*)`", flat) if "." in k or k == "submitted_on"}
        for kind in re.split(r"\*\*\s*/\s*\*\*|\s*/\s*", m.group(1)):
            out.setdefault(kind.strip("* "), set()).update(keys)
    return out


@pytest.mark.skipif(not SPEC.exists(), reason="shared/SPEC.md is not beside the repository")
def test_every_spec_kind_and_key_is_catalogued() -> None:
    text = SPEC.read_text(encoding="utf-8").split("## 2. Document kinds", 1)[1].split("## 3.", 1)[0]
    kinds = re.findall(r"^\| `([a-z_]+)` \|", text, re.M)
    assert len(kinds) == 12 and set(kinds) <= set(catalogue.kinds())
    missing = []
    for kind, keys in spec_fields().items():
        if kind in ("license_check", "pl_insurance"):     # one paragraph for both sheets
            known = set(catalogue.fields("license_check")) | set(catalogue.fields("pl_insurance"))
        else:
            known = set(catalogue.fields(kind))
        missing += [f"{kind}/{k}" for k in sorted(keys - known) if k not in ("label.nutrition",)]
    assert not missing, f"not in the catalogue: {missing}"


def test_every_field_has_names_and_a_known_type() -> None:
    types = set(catalogue.data()["types"])
    for kind in catalogue.kinds():
        for key, spec in catalogue.fields(kind).items():
            assert spec.ja and spec.en, key
            assert spec.type in types, key
            assert spec.read is False or spec.labels, f"{key}: a field the form reader reads needs labels"


def test_field_and_kind_labels_come_from_the_catalogue() -> None:
    from validators.labels import field_label, kind_label
    assert field_label("product.contents") == catalogue.field_label("product.contents") == ("内容量", "contents")
    assert kind_label("permit")[0] == "営業許可証（写し）"
    assert catalogue.field_label("no.such") == ("no.such", "no.such")


def test_learned_wordings_layer_over_the_catalogue_only_while_set():
    spec = catalogue.fields("application")["price.shipping"]
    assert "一般向け売値" not in spec.labels
    with catalogue.learned_wordings({"application": {"price.shipping": ["一般向け売値"]}}):
        assert catalogue.fields("application")["price.shipping"].labels[-1] == "一般向け売値"
    assert "一般向け売値" not in catalogue.fields("application")["price.shipping"].labels
