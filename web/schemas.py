"""Marshmallow schemas of the JSON API; apiflask turns them into the OpenAPI document."""
from __future__ import annotations

from apiflask import Schema
from apiflask.fields import (Boolean, Dict, File, Float, Integer, List, Nested, Raw, String)
from apiflask.validators import Length, OneOf, Range
from marshmallow import INCLUDE

from intake.review import DECISIONS


class UploadIn(Schema):
    profile = String(required=True, metadata={"description": "municipality profile code"})
    files = List(File(), required=True, validate=Length(min=1))
    roles = List(String(validate=OneOf(["", "product", "packaging", "unknown"])),
                 metadata={"description": "optional photo role per file, in the files' order"})


class ResubmitIn(Schema):
    files = List(File(), required=True, validate=Length(min=1))
    roles = List(String(validate=OneOf(["", "product", "packaging", "unknown"])))


class ReceivedOut(Schema):
    id = Integer()
    status = String()
    version = Integer()


class ListArgs(Schema):
    status = String()
    profile = String()
    cursor = String(metadata={"description": "next_cursor of the previous page"})
    limit = Integer(load_default=50, validate=Range(min=1, max=200))


class FieldOut(Schema):
    value = Raw(allow_none=True)
    confidence = Float()
    method = String()
    page = Integer(allow_none=True)
    bbox = List(Float(), allow_none=True)
    corrected = Boolean()


class DocumentOut(Schema):
    id = Integer()
    source = String()
    sha256 = String()
    media_type = String()
    kind = String(allow_none=True)
    method = String(allow_none=True)
    pages = Integer()
    status = String()
    fields = Dict(keys=String(), values=Nested(FieldOut))


class FindingOut(Schema):
    id = Integer()
    code = String()
    severity = String()
    message = String()
    message_en = String()
    document = String(allow_none=True)
    field = String(allow_none=True)
    evidence = String(allow_none=True)
    rule = String(allow_none=True)
    status = String(metadata={"description": "open | confirmed | overruled"})
    reason = String(allow_none=True)


class SummaryOut(Schema):
    id = Integer()
    profile = String()
    status = String()
    source = String()
    version = Integer()
    open_findings = Integer()
    created_at = String()
    updated_at = String(allow_none=True)


class SubmissionOut(SummaryOut):
    status_reason = String(allow_none=True)
    as_of = String(allow_none=True)
    documents = List(Nested(DocumentOut))
    findings = List(Nested(FindingOut))


class PageOut(Schema):
    items = List(Nested(SummaryOut))
    next_cursor = String(allow_none=True)


class CorrectionsIn(Schema):
    """`{field key: corrected value}`; any field key of SPEC §3."""

    class Meta:
        unknown = INCLUDE


class DecisionIn(Schema):
    decision = String(required=True, validate=OneOf(list(DECISIONS)))
    comment = String(allow_none=True, load_default=None)


class ErrorOut(Schema):
    message = String(metadata={"description": "Japanese"})
    message_en = String()
    detail = Dict()
