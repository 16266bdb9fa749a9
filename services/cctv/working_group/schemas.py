"""Shapes of Working Group meetings, agenda items, decisions and work orders in the cctv API."""
import marshmallow as ma
from marshmallow import validate

from shared.schema_fields import needed, required_text
from services.cctv.cameras.schemas import SiteBriefSchema
from services.cctv.working_group import group_rules

ATTENDEES = ma.fields.List(ma.fields.String(validate=validate.Length(
    min=1, max=120, error="Each attendee's line must be 120 characters or fewer")),
                           validate=validate.Length(max=40, error="List 40 attendees at most"),
                           metadata={"description": "names and roles, e.g. 'Cllr A. Example (chair)'"})


class MeetingCreateSchema(ma.Schema):
    held_on = needed(ma.fields.Date, "Enter the date of the meeting", "Enter the date of the meeting as a real date")
    attendees = ATTENDEES


class AgendaItemSchema(ma.Schema):
    id = ma.fields.Integer()
    position = ma.fields.Integer()
    kind = ma.fields.String(metadata={"description": "one of: " + ", ".join(group_rules.ITEM_KINDS)})
    kind_label = ma.fields.Function(lambda i: group_rules.ITEM_KINDS[i.kind])
    title = ma.fields.String()
    details = ma.fields.Dict(metadata={"description": "what the group sees: a move with its gains and losses, a "
                                                      "request's reference, a review's due date"})
    request = ma.fields.Function(lambda i: i.request.reference if i.request else None)
    deployment_id = ma.fields.Integer(allow_none=True)
    if_approved = ma.fields.Function(lambda i: group_rules.MEANING[i.kind][0])
    if_rejected = ma.fields.Function(lambda i: group_rules.MEANING[i.kind][1])
    decision = ma.fields.String(allow_none=True)
    reason = ma.fields.String(allow_none=True)
    chargeable = ma.fields.Boolean()
    decided_by = ma.fields.String(allow_none=True)
    decided_at = ma.fields.AwareDateTime(allow_none=True)


class MeetingSchema(ma.Schema):
    id = ma.fields.Integer()
    held_on = ma.fields.Date()
    attendees = ma.fields.List(ma.fields.String())
    status = ma.fields.String(metadata={"description": "open, or closed once the minutes are agreed"})
    minutes = ma.fields.String(allow_none=True)
    plan_id = ma.fields.Integer(allow_none=True)
    items = ma.fields.List(ma.fields.Nested(AgendaItemSchema))


class MeetingSummarySchema(ma.Schema):
    id = ma.fields.Integer()
    held_on = ma.fields.Date()
    status = ma.fields.String()


class ItemDecisionSchema(ma.Schema):
    decision = needed(ma.fields.String, "Select approve, reject or defer",
                      validate=validate.OneOf(list(group_rules.DECISIONS), error="Select approve, reject or defer"))
    reason = ma.fields.String(allow_none=True, validate=validate.Length(max=5000))
    chargeable = ma.fields.Boolean(load_default=False, metadata={
        "description": "a move beyond the month's included ones: approved as a chargeable extra"})
    override = ma.fields.String(allow_none=True, validate=validate.Length(max=2000), metadata={
        "description": "a move before the camera's minimum stay is over: the group's reason"})


class MinutesSchema(ma.Schema):
    minutes = required_text(10, 20000, enter="Enter the minutes", what="The minutes")
    attendees = ATTENDEES
    undecided_confirmed = ma.fields.Boolean(load_default=False, metadata={
        "description": "agree the minutes although some items have no decision (they are recorded as not decided)"})


class WorkOrderSchema(ma.Schema):
    reference = ma.fields.String()
    camera = ma.fields.Function(lambda o: o.camera.asset_id)
    from_site = ma.fields.Nested(SiteBriefSchema, allow_none=True)
    to_site = ma.fields.Nested(SiteBriefSchema)
    month = ma.fields.Date()
    chargeable = ma.fields.Boolean()
    early_reason = ma.fields.String(allow_none=True)
    status = ma.fields.String(metadata={"description": "ordered, installed or failed"})
    ordered_on = ma.fields.Date()
    installed_on = ma.fields.Date(allow_none=True)
    failure = ma.fields.String(allow_none=True)


class WorkOrderQuerySchema(ma.Schema):
    status = ma.fields.String(validate=validate.OneOf(["ordered", "installed", "failed"],
                                                      error="Choose ordered, installed or failed"))


class InstalledSchema(ma.Schema):
    installed_on = needed(ma.fields.Date, "Enter the date it was installed",
                          "Enter the date it was installed as a real date")
    chargeable = ma.fields.Boolean(load_default=False, metadata={
        "description": "approve it as a chargeable extra, if the month's included moves are used"})


class FailedSchema(ma.Schema):
    reason = needed(ma.fields.String, "Enter why it could not be installed",
                    validate=validate.Length(min=3, max=2000, error="The reason must be between 3 and 2000 "
                                                                   "characters"))


class MonthEvidenceSchema(ma.Schema):
    month = ma.fields.Date()
    period = ma.fields.String(metadata={"description": "before, during or after the camera was there"})
    fpn = ma.fields.Integer()
    noise = ma.fields.Integer()
    police_crime = ma.fields.Integer()
    police_asb = ma.fields.Integer()
    total = ma.fields.Integer()


class DeploymentEvidenceSchema(ma.Schema):
    camera = ma.fields.String()
    site = ma.fields.Nested(SiteBriefSchema)
    installed_on = ma.fields.Date()
    removed_on = ma.fields.Date(allow_none=True)
    months = ma.fields.List(ma.fields.Nested(MonthEvidenceSchema))
