"""Payloads noise sends itself: a case that qualified (to put in the team's queue and announce), and an e-mail to
send. They carry references only: the case's details, and any reporter's, stay in noise's own tables."""
import marshmallow as ma

from shared.brent import WARDS
from shared.contracts.base import EventSchema


class CaseQualified(EventSchema):
    """A noise case passed the threshold (or an incident was marked significant): flag it to the team."""

    case_reference = ma.fields.String(required=True)
    decision_id = ma.fields.Integer(required=True)


class SendEmail(EventSchema):
    """An e-mail recorded in noise's emails table is to be sent (once)."""

    email_id = ma.fields.Integer(required=True)


class TellReporters(EventSchema):
    """Reporters of a case are to be told of a step in it (services.noise.reporter_messages names the kinds): by
    reference only, the reporters' details stay in noise's tables."""

    case_reference = ma.fields.String(required=True)
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(
        ("received", "qualified", "notice_served", "merged", "closed")))
    reporter_ids = ma.fields.List(ma.fields.Integer(), load_default=None, allow_none=True)  # None: every reporter


class RunImport(EventSchema):
    """An uploaded Noise App export is waiting to be imported."""

    import_id = ma.fields.Integer(required=True)


class NoiseCaseQualified(EventSchema):
    """A noise case qualified: demand for cameras where it is. No personal data: the ward, the position rounded to
    about 100 metres (never the address: these are people's homes), the category and when."""

    case_reference = ma.fields.String(required=True)
    ward = ma.fields.String(required=True, validate=ma.validate.OneOf(WARDS))
    latitude = ma.fields.Float(allow_none=True, load_default=None)
    longitude = ma.fields.Float(allow_none=True, load_default=None)
    category = ma.fields.String(required=True)
    qualified_at = ma.fields.AwareDateTime(required=True)
