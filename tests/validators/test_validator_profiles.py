"""Profiles as data: loading, caching, errors, every named rule exists."""
import pytest
import yaml

from validators import profiles as P
from validators.engine import validate
from validators.registry import RULES
from vbuild import AS_OF, doc, record


def test_five_profiles():
    assert P.profile_codes() == ["gunma", "hamada", "ishigaki", "narita", "shika"]


def test_cached():
    assert P.load_profile("hamada") is P.load_profile("hamada")


@pytest.mark.parametrize("code", ["tokyo", "", "_base", "../x", None])
def test_unknown_profile_is_a_clear_value_error(code):
    with pytest.raises(ValueError, match="unknown profile"):
        P.load_profile(code)


@pytest.mark.parametrize("code", P.profile_codes())
def test_every_rule_named_in_a_profile_is_registered_and_cited(code):
    prof = P.load_profile(code)
    for name, params in prof.rules.items():
        assert name in RULES, name
        cited = params.get("cite") or any(d.get("cite") for d in params.get("documents", []))
        assert cited or name == "documents.required_fields", (code, name)


@pytest.mark.parametrize("code,values", [
    ("hamada", {"price.return_ratio": ("max_pct", 30), "price.total_cost": ("max_pct", 40),
                "shelf_life.min_days": ("min_days", 7), "photo.quality": ("min_width", 680)}),
    ("shika", {"locality.set_share": ("min_pct", 70), "price.donation_rounding": ("unit", 1000)}),
    ("narita", {"locality.local_value": ("min_pct", 50)}),
    ("gunma", {"plan.deadline": ("day", 25)}),
])
def test_thresholds_are_profile_settings(code, values):
    prof = P.load_profile(code)
    for rule, (key, expected) in values.items():
        assert prof.rule(rule)[key] == expected
    if code == "narita":
        assert len(prof.rule("price.tier")["tiers"]) == 12


def test_a_sixth_municipality_is_one_yaml_file(tmp_path, monkeypatch):
    for p in P.PROFILE_DIR.glob("*.yaml"):
        (tmp_path / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "kochi.yaml").write_text(yaml.safe_dump({
        "extends": "_base", "code": "kochi", "name": "高知市",
        "municipality": {"name": "高知市", "prefecture": "高知県", "names": ["高知市"]},
        "rules": {"locality.office": {"cite": "kochi 1", "keys": ["applicant.address"]},
                  "price.return_ratio": {"cite": "kochi 2", "max_pct": 25, "basis": ["item_incl_tax"]}},
    }, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(P, "PROFILE_DIR", tmp_path)
    P.load_profile.cache_clear()
    try:
        assert "kochi" in P.profile_codes()
        rec = record(doc("application", applicant__address="高知県高知市本町1", price__item_incl_tax=2600,
                         donation__amount=10000), profile="kochi")
        fs = validate(rec, "kochi", AS_OF)
        assert [f.rule for f in fs if f.code == "RETURN_RATIO_EXCEEDED"] == ["kochi 2"]
        assert "APPLICANT_OUTSIDE_MUNICIPALITY" not in [f.code for f in fs]
    finally:
        P.load_profile.cache_clear()


def test_describe_lists_rules_with_citations():
    rows = P.load_profile("hamada").describe()
    by_rule = {r["rule"]: r for r in rows}
    assert by_rule["price.total_cost"]["cite"] == "hamada 2(6)"
    assert by_rule["price.total_cost"]["params"]["max_pct"] == 40
    assert "hamada 4(1)" in by_rule["documents.required"]["cite"]
