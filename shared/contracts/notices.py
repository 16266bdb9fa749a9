"""Payloads about fixed penalty notices: other services ask fpn for a notice; fpn answers and reports each move."""
import marshmallow as ma
from marshmallow import validate

from shared.brent import WARDS
from shared.contracts.base import EventSchema

REQUESTERS = ("noise", "cctv")  # services that may ask fpn for a notice, and hear its answers


class LocationSchema(ma.Schema):
    ward = ma.fields.String(required=True, validate=validate.OneOf(WARDS, error="Choose one of Brent's 22 wards."))
    latitude = ma.fields.Float(validate=validate.Range(-90, 90), allow_none=True)
    longitude = ma.fields.Float(validate=validate.Range(-180, 180), allow_none=True)
    street_address = ma.fields.String(validate=validate.Length(max=300), allow_none=True)

    @ma.validates_schema
    def _somewhere(self, data, **_kwargs):
        if data.get("street_address") is None and (data.get("latitude") is None or data.get("longitude") is None):
            raise ma.ValidationError("Give the GPS coordinates, a street address, or both.", "street_address")


class OffenderSchema(ma.Schema):
    name = ma.fields.String(validate=validate.Length(min=1, max=120))
    date_of_birth = ma.fields.Date()
    address = ma.fields.String(validate=validate.Length(max=300))
    registration_mark = ma.fields.String(validate=validate.Regexp(r"^[A-Za-z0-9 ]{2,8}$",
                                                                  error="A UK registration mark, e.g. AB12 CDE."))
    keeper_name = ma.fields.String(validate=validate.Length(max=120))
    keeper_address = ma.fields.String(validate=validate.Length(max=300))


class EvidenceSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(["body_worn_video", "photo", "recording", "other"]))
    reference = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))


class NoticeParticularsSchema(ma.Schema):
    """What a notice states about the offence, whoever asks for it: an officer's form or another service."""

    order_code = ma.fields.String(required=True)
    occurred_at = ma.fields.AwareDateTime(required=True, metadata={"description": "ISO 8601 with a UTC offset"})
    location = ma.fields.Nested(LocationSchema, required=True)
    observed = ma.fields.String(required=True, error_messages={"required": "Enter what you saw"}, validate=[
        validate.Length(min=3, error="Enter what you saw, in a few words at least"),
        validate.Length(max=2000, error="What you saw must be 2,000 characters or fewer")])
    offender = ma.fields.Nested(OffenderSchema, required=True)
    evidence = ma.fields.List(ma.fields.Nested(EvidenceSchema), load_default=list)
    outcome = ma.fields.String(required=True, validate=validate.OneOf(["fpn", "warning"]))


class RequestedNoticeSchema(NoticeParticularsSchema):
    """A notice asked for by another service: the prohibition named by codes, not by fpn's internal id."""

    scope_code = ma.fields.String(required=True)
    prohibition_code = ma.fields.String(required=True)


class IssueNoticeRequest(EventSchema):
    """noise or cctv asks fpn to issue a notice; `reference` is the requester's own, echoed in every answer."""

    source = ma.fields.String(required=True, validate=validate.OneOf(REQUESTERS))
    reference = ma.fields.String(required=True, validate=validate.Length(min=1, max=80))
    requested_by = ma.fields.String(required=True, validate=validate.Length(min=1, max=80))
    notice = ma.fields.Nested(RequestedNoticeSchema, required=True)


class NoticeIssuedForRequest(EventSchema):
    """fpn's answer: the notice it issued for a request (a warning has no amount or date to pay by)."""

    reference = ma.fields.String(required=True)
    notice_number = ma.fields.String(required=True, metadata={"description": "as printed, e.g. 'FPN 4821 3907 5'"})
    state = ma.fields.String(required=True)
    amount = ma.fields.Decimal(as_string=True, allow_none=True, load_default=None)
    pay_by = ma.fields.Date(allow_none=True, load_default=None)


class NoticeRefused(EventSchema):
    """fpn's answer: why it would not issue the requested notice, in words a person can act on."""

    reference = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    detail = ma.fields.String(required=True)


class NoticeIssued(EventSchema):
    """A notice or warning was issued: where and what, as a demand signal for cameras. No personal data."""

    notice_number = ma.fields.String(required=True)
    ward = ma.fields.String(required=True)
    latitude = ma.fields.Float(allow_none=True, load_default=None)
    longitude = ma.fields.Float(allow_none=True, load_default=None)
    street_address = ma.fields.String(allow_none=True, load_default=None)
    occurred_at = ma.fields.AwareDateTime(required=True)
    notice_type = ma.fields.String(required=True)
    outcome = ma.fields.String(required=True)


class NoticeStateChanged(EventSchema):
    """A notice moved from one state to another; `reference` is the requester's, for notices another service asked
    for."""

    notice_number = ma.fields.String(required=True)
    reference = ma.fields.String(allow_none=True, load_default=None)
    from_state = ma.fields.String(required=True, data_key="from")
    to_state = ma.fields.String(required=True, data_key="to")
