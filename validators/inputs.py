"""No rule passes in silence: the inputs each rule needs, and CHECK_NOT_RUN when one is not there.

A rule declares its inputs with `@rule(name, needs=[Need(...), ...])`. Before the rule
runs, the engine hides from it every value of those inputs that is under the profile's
confidence threshold (`low_confidence`) and was not entered or confirmed by a reviewer
(method `manual` or `corrected_by`), so no verdict rests on an unsure reading. After
all rules ran, every declared input that the rule could not use — empty, not read,
unparseable for its type, or hidden for low confidence — becomes one CHECK_NOT_RUN
warning naming the rule(s) and the field; it clears when a reviewer fills the field.
Where another finding already reports the field as missing (FIELD_MISSING for a field
the profile requires, LABEL_ITEM_MISSING, COMPLAINT_INCOMPLETE), that finding says it
and no CHECK_NOT_RUN is added. Inputs are only expected of documents that are there:
an absent document is DOC_MISSING's business.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Callable

from intake.records import Document, FieldValue, Finding, Record
from validators import findings as F
from validators.labels import field_label
from validators.values import is_empty, nfkc, to_date, to_datetime, to_int, to_list, to_number

# findings that already say "this field is missing" for a document
COVERING = ("FIELD_MISSING", "LABEL_ITEM_MISSING", "COMPLAINT_INCOMPLETE")

Cond = Callable[[Record, Any, "Document | None"], bool]


@dataclass(frozen=True)
class Type:
    """How a needed value must parse to be usable: `parse(value, profile)`, None = unusable."""
    ja: str
    en: str
    parse: Callable[[Any, Any], Any]


def _month(value: Any) -> Any:
    m = re.match(r"(\d{4})\D?(\d{1,2})", nfkc(value))
    return m[0] if m and 1 <= int(m[2]) <= 12 else None


def _positive(value: Any) -> Any:
    n = to_number(value)
    return n if n is not None and n > 0 else None


TEXT = Type("文字", "text", lambda v, p: None if is_empty(v) else v)
NUMBER = Type("数値", "number", lambda v, p: to_number(v))
AMOUNT = Type("金額", "positive amount", lambda v, p: _positive(v))
COUNT = Type("整数", "whole number", lambda v, p: to_int(v))
DATE = Type("日付", "date", lambda v, p: to_date(v))
DATETIME = Type("日時", "date and time", lambda v, p: to_datetime(v))
MONTH = Type("年月", "month", lambda v, p: _month(v))
LIST = Type("一覧", "list", lambda v, p: to_list(v) or None)
CHOICES = Type("選択", "set of ticks", lambda v, p: v if isinstance(v, (list, tuple, set, str)) else None)


@dataclass(frozen=True)
class Need:
    """One input of a rule.

    key:      the field named in CHECK_NOT_RUN (the usual way to satisfy the need)
    also:     keys needed together with `key` (price.procurement + processing.outside_cost)
    alt:      other key sets, each satisfying the need when every key of it is usable
              (price.item_ex_tax + price.tax instead of price.item_incl_tax)
    alt_from: a parameter of the rule listing further single-key alternatives
              (locality.office `keys`: any one readable address will do)
    kinds:    per document — every document of these kinds must carry it
    scope:    record-wide — expected when a document of these kinds is in the submission (not an
              e-mail body), or when any other record-wide input of the same rule was read (a
              half-filled part)
    when:     a further condition `(record, profile, doc) -> bool` (doc is None record-wide),
              judged on the record as read (before low-confidence values are hidden)
    type:     how the value must parse to be usable
    empty_ok: an empty list counts as read (a sheet with no box ticked)
    enough:   `(source, profile) -> bool`: the rule reaches a verdict without the key
              (raw materials mainly local make the processing share irrelevant)
    covered_by: further keys whose "missing" finding (LABEL_ITEM_MISSING …) already says it
    """

    key: str
    also: tuple[str, ...] = ()
    alt: tuple[tuple[str, ...], ...] = ()
    alt_from: str | None = None
    kinds: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    when: Cond | None = None
    type: Type = TEXT
    empty_ok: bool = False
    enough: Callable[[Any, Any], bool] | None = None
    covered_by: tuple[str, ...] = ()

    def sets(self, params: dict | None = None) -> tuple[tuple[str, ...], ...]:
        extra = tuple((k,) for k in (params or {}).get(self.alt_from) or [] if self.alt_from and k != self.key)
        return ((self.key,) + tuple(self.also),) + tuple(self.alt) + extra

    def keys(self, params: dict | None = None) -> list[str]:
        return list(dict.fromkeys(k for s in self.sets(params) for k in s))


@dataclass
class Gap:
    """A need of a rule that could not be met (one future CHECK_NOT_RUN line)."""
    rule: str
    cite: str | None
    document: str | None
    field: str
    reason: str              # missing | low | unreadable
    shown: str = ""          # the low confidence, or the unreadable value
    keys: tuple[str, ...] = ()
    alternatives: tuple[tuple[str, ...], ...] = ()
    type: Type = TEXT
    record_wide: bool = False


# --- reading ---------------------------------------------------------------------------

def _unsure(fv: FieldValue, threshold: float) -> bool:
    if fv.method == "manual" or fv.corrected_by or is_empty(fv.value):
        return False
    conf = to_number(fv.confidence)
    return conf is not None and conf < threshold


def _masked(record: Record, keys: set[str], threshold: float) -> tuple[Record, dict[tuple[int, str], float]]:
    """The record without the unsure values of `keys`, and {(doc index, key): confidence} hidden."""
    hidden: dict[tuple[int, str], float] = {}
    for i, doc in enumerate(record.documents):
        for key in keys:
            fv = doc.fields.get(key)
            if fv is not None and _unsure(fv, threshold):
                hidden[(i, key)] = float(fv.confidence)
    if not hidden:
        return record, hidden
    docs = []
    for i, doc in enumerate(record.documents):
        drop = {k for (j, k) in hidden if j == i}
        docs.append(replace(doc, fields={k: v for k, v in doc.fields.items() if k not in drop}) if drop else doc)
    return Record(documents=docs, profile=record.profile, meta=record.meta), hidden


def _value(source: Any, key: str, empty_ok: bool = False) -> Any:
    """The value a rule would read (first non-empty one record-wide); [] kept when `empty_ok`."""
    docs = source.documents if isinstance(source, Record) else [source]
    for doc in docs:
        fv = doc.fields.get(key)
        if fv is None or fv.value is None or (isinstance(fv.value, str) and not fv.value.strip()):
            continue
        if is_empty(fv.value) and not empty_ok:
            continue
        return fv.value
    return None


def _state(source: Any, key: str, need: Need, profile) -> str:
    """ok | unreadable | missing for one key."""
    value = _value(source, key, need.empty_ok)
    if value is None:
        return "missing"
    if isinstance(value, (list, tuple)) and not value and need.empty_ok:
        return "ok"
    return "ok" if need.type.parse(value, profile) is not None else "unreadable"


def _satisfied(need: Need, source: Any, profile, params: dict) -> bool:
    if any(all(_state(source, k, need, profile) == "ok" for k in s) for s in need.sets(params)):
        return True
    return bool(need.enough and need.enough(source, profile))


def _diagnose(need: Need, source: Any, docs: list[tuple[int, Document]], hidden: dict[tuple[int, str], float],
              profile, params: dict) -> tuple[str, str, str]:
    """(field, reason, shown) for an unmet need, looking at the documents as read."""
    keys = need.keys(params)
    for key in keys:                             # a value hidden for low confidence: confirm it
        for i, _doc in docs:
            if (i, key) in hidden:
                return key, "low", f"{hidden[(i, key)]:.2f}"
    for key in keys:                             # a value that does not parse: correct it
        if _state(source, key, need, profile) == "unreadable":
            return key, "unreadable", nfkc(_value(source, key))[:40]
    # nothing there: the first absent key of the set that is nearest to complete
    sets = need.sets(params)
    best = max(sets, key=lambda s: sum(_state(source, k, need, profile) == "ok" for k in s) / len(s))
    absent = next((k for k in best if _state(source, k, need, profile) != "ok"), need.key)
    return absent, "missing", ""


def prepare(record: Record, profile, name: str, needs: tuple[Need, ...]) -> tuple[Record, list[Gap]]:
    """(the record the rule is to see, its unmet needs)."""
    if not needs:
        return record, []
    params = profile.rule(name)
    keys = {k for n in needs for k in n.keys(params)}
    # a rule that sets its own bar (several values combined: one misreading among them is likelier)
    view, hidden = _masked(record, keys, float(params.get("min_confidence", profile.low_confidence)))
    cite = params.get("cite")
    indexed = list(enumerate(record.documents))
    wide = [k for n in needs if not n.kinds for k in n.keys(params)]
    touched = next((d for k in wide for d, _ in record.values(k)), None)
    gaps: list[Gap] = []
    for need in needs:
        sets = need.sets(params)
        covers = tuple(need.keys(params)) + need.covered_by
        if need.kinds:
            for i, doc in indexed:
                if doc.kind not in need.kinds or (need.when and not need.when(record, profile, doc)):
                    continue
                if not _satisfied(need, view.documents[i], profile, params):
                    field, reason, shown = _diagnose(need, doc, [(i, doc)], hidden, profile, params)
                    gaps.append(Gap(name, cite, doc.source, field, reason, shown, covers, sets, need.type))
            continue
        if need.when and not need.when(record, profile, None):
            continue
        # an e-mail body read as an application (Shika 4: contact items only) is no form to ask of
        anchor = next((d for d in record.documents if d.kind in need.scope and d.method != "email"), None) or touched
        if anchor is None or _satisfied(need, view, profile, params):
            continue
        field, reason, shown = _diagnose(need, record, indexed, hidden, profile, params)
        holder = next((d for i, d in indexed if (i, field) in hidden or _value(d, field) is not None), anchor)
        gaps.append(Gap(name, cite, holder.source, field, reason, shown, covers, sets, need.type,
                        record_wide=True))
    return view, gaps


# --- reporting -------------------------------------------------------------------------

def _covered(gap: Gap, findings: list[Finding]) -> bool:
    if gap.reason != "missing":
        return False
    keys = set(gap.keys) | {gap.field}
    return any(f.code in COVERING and f.field in keys and (gap.record_wide or f.document == gap.document)
               for f in findings)


def _alternatives(gap: Gap) -> str:
    if len(gap.alternatives) < 2:
        return ""
    return " / ".join("+".join(s) for s in gap.alternatives)


def not_judged(field: str, document: str | None, reason: tuple[str, str], rule_title: tuple[str, str],
               cite: str | None) -> Finding:
    """A CHECK_NOT_RUN a rule raises itself: its inputs are there but do not decide it (a shelf life
    counted from manufacture, without the days left at arrival)."""
    label_ja, label_en = field_label(field)
    return F.make("CHECK_NOT_RUN", rule=cite, document=document, field=field, evidence=f"{field}: {reason[1]}",
                  label_ja=label_ja, label_en=label_en, reason_ja=reason[0], reason_en=reason[1],
                  rules_ja=f"「{rule_title[0]}」", rules_en=f"“{rule_title[1]}”",
                  where_ja=f"「{document}」の" if document else "", where_en=f" in “{document}”" if document else "")


def check_not_run(gaps: list[Gap], findings: list[Finding], titles: dict[str, tuple[str, str]],
                  profile=None) -> list[Finding]:
    """One CHECK_NOT_RUN per (document, field, reason), naming every rule it stopped."""
    personal = tuple((profile.rule("confidence.low").get("personal_prefixes") or []) if profile else [])
    groups: dict[tuple, list[Gap]] = {}
    for gap in gaps:
        if not _covered(gap, findings):
            groups.setdefault((gap.document, gap.field, gap.reason, gap.shown), []).append(gap)
    out = []
    for (document, field, reason, shown), group in groups.items():
        rules = list(dict.fromkeys(g.rule for g in group))
        cites = list(dict.fromkeys(g.cite for g in group if g.cite))
        typ = group[0].type
        label_ja, label_en = field_label(field)
        if reason == "low":
            reason_ja, reason_en = f"読み取りの確信度が低い（{shown}）", f"was read with low confidence ({shown})"
        elif reason == "unreadable":
            shown = "（個人情報のため非表示）" if field.startswith(personal) else shown
            reason_ja = f"{typ.ja}として読み取れない（「{shown}」）"
            reason_en = f"cannot be read as a {typ.en} (“{shown}”)"
        else:
            reason_ja, reason_en = "空欄か読み取れない", "is empty or was not read"
        rules_ja = "、".join(f"「{titles.get(r, (r, r))[0]}」" for r in rules)
        rules_en = ", ".join(f"“{titles.get(r, (r, r))[1]}”" for r in rules)
        alts = " ".join(dict.fromkeys(a for a in (_alternatives(g) for g in group) if a))
        evidence = f"{', '.join(rules)} ← {field}: {reason}" + (f" {shown}" if shown else "") + \
                   (f"（代わりに可: {alts}）" if alts else "")
        out.append(F.make("CHECK_NOT_RUN", rule="；".join(cites) or None, document=document, field=field,
                          evidence=evidence, label_ja=label_ja, label_en=label_en, reason_ja=reason_ja,
                          reason_en=reason_en, rules_ja=rules_ja, rules_en=rules_en,
                          where_ja=f"「{document}」の" if document else "",
                          where_en=f" in “{document}”" if document else ""))
    return out


# --- conditions shared by rule declarations ----------------------------------------------

def param_is(rule_name: str, key: str, *values: Any, default: Any = None) -> Cond:
    """The profile sets `key` of `rule_name` to one of `values`."""
    def cond(record: Record, profile, doc) -> bool:
        return profile.rule(rule_name).get(key, default) in values
    return cond


def param_has(rule_name: str, key: str, value: Any) -> Cond:
    """The list parameter `key` of `rule_name` contains `value`."""
    def cond(record: Record, profile, doc) -> bool:
        return value in (profile.rule(rule_name).get(key) or [])
    return cond


def param_set(rule_name: str, key: str) -> Cond:
    def cond(record: Record, profile, doc) -> bool:
        return bool(profile.rule(rule_name).get(key))
    return cond


def all_of(*conds: Cond) -> Cond:
    def cond(record: Record, profile, doc) -> bool:
        return all(c(record, profile, doc) for c in conds)
    return cond

