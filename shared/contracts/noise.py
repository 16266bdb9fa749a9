"""Payloads noise sends itself: a case that qualified (to put in the team's queue and announce), and an e-mail to
send. They carry references only: the case's details, and any reporter's, stay in noise's own tables."""
import marshmallow as ma

from shared.contracts.base import EventSchema


class CaseQualified(EventSchema):
    """A noise case passed the threshold (or an incident was marked significant): flag it to the team."""

    case_reference = ma.fields.String(required=True)
    decision_id = ma.fields.Integer(required=True)


class SendEmail(EventSchema):
    """An e-mail recorded in noise's emails table is to be sent (once)."""

    email_id = ma.fields.Integer(required=True)


class RunImport(EventSchema):
    """An uploaded Noise App export is waiting to be imported."""

    import_id = ma.fields.Integer(required=True)
