"""Shapes of ANPR zones, reads and vehicle breaches in the cctv API. Keepers' and drivers' details are in
BreachSchema, which only the control room and admins are sent."""
import marshmallow as ma
from marshmallow import validate

from shared.brent import today
from shared.schema_fields import needed, required_text


class ZoneCreateSchema(ma.Schema):
    name = required_text(3, 200, enter="Enter the zone's name, for example Central Way", what="The name")
    site = needed(ma.fields.String, "Enter the site the zone covers (its reference, CS-0001)",
                  validate=validate.Length(max=20))
    order_code = needed(ma.fields.String, "Enter the order the zone enforces", validate=validate.Length(max=40))
    scope_code = ma.fields.String(load_default="boroughwide", validate=validate.Length(max=40))
    prohibition_code = needed(ma.fields.String, "Enter the prohibition the zone enforces, for example racing",
                              validate=validate.Length(max=60))
    active_from = needed(ma.fields.Date, "Enter the date the zone starts", "Enter the date as a real date")
    active_to = ma.fields.Date(allow_none=True)
    warning_only_until = ma.fields.Date(allow_none=True, metadata={"description": "warnings only, to this day"})


class ZoneSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    site = ma.fields.Function(lambda z: z.site.reference)
    order_code = ma.fields.String()
    scope_code = ma.fields.String()
    prohibition_code = ma.fields.String()
    active_from = ma.fields.Date()
    active_to = ma.fields.Date(allow_none=True)
    warning_only_until = ma.fields.Date(allow_none=True)


class ReadCreateSchema(ma.Schema):
    """One read from an ANPR camera."""

    registration_mark = needed(ma.fields.String, "Enter the registration mark as read",
                               validate=validate.Length(min=1, max=12))
    read_at = needed(ma.fields.AwareDateTime, "Enter when it was read (ISO 8601 with an offset)")
    camera = needed(ma.fields.String, "Enter the camera's asset id", validate=validate.Length(min=1, max=40))
    clip = needed(ma.fields.String, "Enter the reference of the evidence clip",
                  validate=validate.Length(min=1, max=200))
    confidence = needed(ma.fields.Float, "Enter how sure the camera is of the mark, from 0 to 1",
                        validate=validate.Range(0, 1, error="The confidence must be from 0 to 1"))


class ReadSchema(ma.Schema):
    id = ma.fields.Integer()
    registration_mark = ma.fields.String()
    read_at = ma.fields.AwareDateTime()
    camera = ma.fields.Function(lambda r: r.camera.asset_id)
    clip_reference = ma.fields.String()
    confidence = ma.fields.Float()
    outcome = ma.fields.String(metadata={"description": "breach, review (not read reliably: never acted on) or "
                                                        "outside (no active zone)"})
    breach = ma.fields.Function(lambda r: r.breach.reference if r.breach else None)


class ReadQuerySchema(ma.Schema):
    outcome = ma.fields.String(validate=validate.OneOf(["breach", "review", "outside"],
                                                       error="Choose breach, review or outside"))


class NoticeAnswerSchema(ma.Schema):
    state = ma.fields.String()
    notice_number = ma.fields.String(allow_none=True)
    amount = ma.fields.Decimal(as_string=True, allow_none=True)
    pay_by = ma.fields.Date(allow_none=True)
    refusal_title = ma.fields.String(allow_none=True)
    refusal_detail = ma.fields.String(allow_none=True)


class BreachSchema(ma.Schema):
    reference = ma.fields.String()
    zone = ma.fields.Function(lambda b: b.zone.name)
    registration_mark = ma.fields.String()
    first_read_at = ma.fields.AwareDateTime()
    last_read_at = ma.fields.AwareDateTime()
    reads = ma.fields.Integer()
    status = ma.fields.String()
    keeper_name = ma.fields.String(allow_none=True)
    keeper_address = ma.fields.String(allow_none=True)
    letter_kind = ma.fields.String(allow_none=True)
    letter_sent_on = ma.fields.Date(allow_none=True)
    reply_due_on = ma.fields.Date(allow_none=True)
    overdue = ma.fields.Function(lambda b: b.status == "awaiting_reply" and b.reply_due_on is not None
                                 and b.reply_due_on < today())
    driver_name = ma.fields.String(allow_none=True)
    driver_address = ma.fields.String(allow_none=True)
    keeper_drove = ma.fields.Boolean(allow_none=True)
    notice = ma.fields.Nested(NoticeAnswerSchema, allow_none=True, attribute="notice_answer",
                              metadata={"description": "fpn's answer to the notice asked for"})


class BreachQuerySchema(ma.Schema):
    status = ma.fields.String(validate=validate.Length(max=30))
    overdue = ma.fields.Boolean(metadata={"description": "only those whose keeper did not reply in time"})


def _sent_by_today(value) -> None:
    if value > today():
        raise ma.ValidationError("The date the letter was sent must be today or in the past")


class LetterSentSchema(ma.Schema):
    sent_on = needed(ma.fields.Date, "Enter the date the letter was sent", "Enter the date as a real date",
                     validate=_sent_by_today)


class DriverSchema(ma.Schema):
    keeper_drove = needed(ma.fields.Boolean, "Select whether the keeper says they were driving")
    name = ma.fields.String(allow_none=True, validate=validate.Length(min=1, max=120))
    address = ma.fields.String(allow_none=True, validate=validate.Length(min=3, max=300))
    date_of_birth = ma.fields.Date(allow_none=True)

    @ma.validates_schema
    def _named(self, data, **_kwargs):
        if data.get("keeper_drove") is False:
            missing = {}
            if not data.get("name"):
                missing["name"] = ["Enter the driver's name"]
            if not data.get("address"):
                missing["address"] = ["Enter the driver's address"]
            if missing:
                raise ma.ValidationError(missing)
