"""Shapes of inbox requests and disclosures in the cctv API."""
from datetime import datetime, timezone

import marshmallow as ma
from marshmallow import validate

from shared.brent import today
from shared.schema_fields import needed, required_text
from services.cctv.inbox import inbox_rules


def _one_of(choices: dict, message: str):
    return needed(ma.fields.String, message, validate=validate.OneOf(list(choices), error=message),
                  metadata={"description": "one of: " + ", ".join(choices)})


def _not_future(what: str):
    def check(value) -> None:
        if value > today():
            raise ma.ValidationError(f"{what} must be today or in the past")

    return check


class InboxRequestCreateSchema(ma.Schema):
    """A footage or information request, as received."""

    received_on = needed(ma.fields.Date, "Enter the date the request was received",
                         "Enter the date the request was received as a real date",
                         validate=_not_future("The date the request was received"))
    category = _one_of(inbox_rules.CATEGORIES, "Select who is asking: the police, a council service, a member of "
                                               "the public, or an insurer or solicitor")
    kind = _one_of(inbox_rules.KINDS, "Select what is asked for: footage, information, or a subject access request")
    requester = required_text(2, 200, enter="Enter the requester's name", what="The requester's name")
    contact = ma.fields.String(allow_none=True, validate=validate.Length(max=300))
    their_reference = ma.fields.String(allow_none=True, validate=validate.Length(max=80),
                                       metadata={"description": "a crime number, a claim number"})
    asked = required_text(5, 5000, enter="Enter what they ask for", what="What they ask for")
    cameras = ma.fields.List(ma.fields.String(validate=validate.Length(min=1, max=40)), validate=validate.Length(max=50),
                             metadata={"description": "the asset ids of the cameras involved"})
    footage_from = ma.fields.AwareDateTime(allow_none=True, metadata={"description": "ISO 8601 with an offset"})
    footage_to = ma.fields.AwareDateTime(allow_none=True)
    due_on = ma.fields.Date(allow_none=True, metadata={"description": "when the requester needs it (a subject access "
                                                                      "request's due date is set by law)"})

    @ma.validates_schema(skip_on_field_errors=False)
    def _times_and_cameras(self, data, **_kwargs):
        """The footage's times and cameras, checked with the rest, so that every problem is told at once."""
        from shared.sessions import db_session  # the register, in this request's session
        from services.cctv.inbox.requests_log import unknown_cameras

        errors = inbox_rules.check_times(data.get("footage_from"), data.get("footage_to"), datetime.now(timezone.utc))
        errors += unknown_cameras(db_session(), data.get("cameras") or [])
        if errors:
            raise ma.ValidationError({e["field"]: [e["message"]] for e in errors})


class DisclosureSchema(ma.Schema):
    disclosed_on = needed(ma.fields.Date, "Enter the date it was disclosed",
                          "Enter the date it was disclosed as a real date",
                          validate=_not_future("The date it was disclosed"))
    disclosed_to = required_text(2, 200, enter="Enter who it was given to", what="Who it was given to")
    what = required_text(2, 5000, enter="Enter what was given", what="What was given")
    method = required_text(3, 80, enter="Enter how it was given, for example a secure download link", what="How")


class HoldSchema(ma.Schema):
    reason = required_text(5, 2000, enter="Enter why the footage must be kept", what="The reason")


class CloseSchema(ma.Schema):
    status = needed(ma.fields.String, "Select closed (answered) or refused",
                    validate=validate.OneOf(["closed", "refused"], error="Select closed (answered) or refused"))
    outcome = required_text(3, 2000, enter="Enter the outcome, or why it was refused", what="The outcome")


class DisclosureRecordSchema(DisclosureSchema):
    recorded_by = ma.fields.String()


class InboxRequestSchema(ma.Schema):
    reference = ma.fields.String()
    received_on = ma.fields.Date()
    category = ma.fields.String()
    kind = ma.fields.String()
    requester = ma.fields.String()
    contact = ma.fields.String(allow_none=True)
    their_reference = ma.fields.String(allow_none=True)
    asked = ma.fields.String()
    cameras = ma.fields.List(ma.fields.String())
    footage_from = ma.fields.AwareDateTime(allow_none=True)
    footage_to = ma.fields.AwareDateTime(allow_none=True)
    due_on = ma.fields.Date()
    overdue = ma.fields.Function(lambda r: r.status == "open" and r.due_on < today())
    overwritten_on = ma.fields.Function(lambda r: r.footage_from and inbox_rules.overwritten_on(r.footage_from)
                                        .isoformat(), metadata={"description": "when the footage asked for is "
                                                                               "overwritten, unless held"})
    overwrite_warning = ma.fields.Function(lambda r: inbox_rules.overwrite_warning(
        footage_from=r.footage_from, held=r.legal_hold, today=today()), metadata={
        "description": "'soon' while it is due to be overwritten within 3 days, 'overwritten' once gone"})
    status = ma.fields.String()
    legal_hold = ma.fields.Boolean()
    hold_reason = ma.fields.String(allow_none=True)
    held_on = ma.fields.Date(allow_none=True)
    outcome = ma.fields.String(allow_none=True)
    disclosures = ma.fields.List(ma.fields.Nested(DisclosureRecordSchema))


class InboxQuerySchema(ma.Schema):
    status = ma.fields.String(validate=validate.OneOf(list(inbox_rules.STATUSES),
                                                      error="Choose open, disclosed, refused or closed"))
