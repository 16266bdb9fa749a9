"""The noise API's request and response shapes: the single source of truth, also the OpenAPI document.

A report's shape (types, lengths, formats) is checked here, and its content by services.noise.intake_rules, in the
same pass, so that a caller gets every problem with a report in one answer.
"""
from datetime import datetime, timezone

import marshmallow as ma
from marshmallow import validate

from shared.schema_fields import Id
from services.noise import intake_rules

TEXT = 2000


class SourceSchema(ma.Schema):
    """Where the noise comes from."""

    address = ma.fields.String(required=True, validate=validate.Length(min=3, max=300),
                               metadata={"description": "the source's address, e.g. 'Flat 2, 12 High Road, NW10 2AB'"})
    uprn = ma.fields.String(validate=validate.Regexp(r"^\d{1,12}$", error="A UPRN is up to 12 digits."),
                            allow_none=True, metadata={"description": "the property's Unique Property Reference "
                                                                      "Number, where known"})
    ward = ma.fields.String(metadata={"description": "one of Brent's 22 wards"})
    latitude = ma.fields.Float(validate=validate.Range(-90, 90), allow_none=True)
    longitude = ma.fields.Float(validate=validate.Range(-180, 180), allow_none=True)


class ReporterSchema(ma.Schema):
    """Who reported it: never shown to the source, never logged, never sent to another service."""

    name = ma.fields.String(validate=validate.Length(max=120))
    email = ma.fields.Email(validate=validate.Length(max=200))
    phone = ma.fields.String(validate=validate.Regexp(r"^[0-9 +()-]{6,30}$", error="A phone number, e.g. 020 8937 "
                                                                                     "1234."))
    address = ma.fields.String(validate=validate.Length(max=300))


class EvidenceSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(["recording", "photo", "video", "diary", "other"]))
    reference = ma.fields.String(required=True, validate=validate.Length(min=1, max=200),
                                 metadata={"description": "where the evidence is kept, e.g. the Noise App's id"})


class IncidentRequestSchema(ma.Schema):
    """A report of noise (or light, dust, smell, smoke) from any channel."""

    source = ma.fields.Nested(SourceSchema, required=True)
    category = ma.fields.String(metadata={"description": "one of: " + ", ".join(intake_rules.CATEGORIES)})
    channel = ma.fields.String(required=True, validate=validate.OneOf(intake_rules.CHANNELS))
    started_at = ma.fields.AwareDateTime(metadata={"description": "ISO 8601 with a UTC offset"})
    ended_at = ma.fields.AwareDateTime(allow_none=True, metadata={"description": "ISO 8601 with a UTC offset; "
                                                                                  "leave out if still going on"})
    description = ma.fields.String(validate=validate.Length(max=TEXT))
    reporter = ma.fields.Nested(ReporterSchema, allow_none=True)
    evidence = ma.fields.List(ma.fields.Nested(EvidenceSchema), validate=validate.Length(max=20))
    assessment = ma.fields.String(load_default="unassessed", validate=validate.OneOf(intake_rules.ASSESSMENTS))
    significant = ma.fields.Boolean(load_default=False)
    significance_reason = ma.fields.String(allow_none=True, validate=validate.Length(max=TEXT))
    external_reference = ma.fields.String(allow_none=True, validate=validate.Length(max=80),
                                          metadata={"description": "the sending system's own reference"})

    @ma.validates_schema(skip_on_field_errors=False, pass_original=True)
    def _content(self, data, original_data, **_kwargs):
        """The report's content, checked together with its shape: every problem in one answer."""
        if not isinstance(original_data, dict):
            return
        source, original_source = data.get("source") or {}, original_data.get("source")
        problems = intake_rules.incident_problems(
            category=data.get("category"), ward=source.get("ward"), started_at=data.get("started_at"),
            ended_at=data.get("ended_at"), now=datetime.now(timezone.utc), assessment=data.get("assessment"),
            significant=data.get("significant", False), significance_reason=data.get("significance_reason"))
        unreadable = {key for key in original_data if key not in data}  # already reported as malformed
        if isinstance(original_source, dict) and "source" not in data:
            unreadable.add("source.ward")
        messages: dict = {}
        for problem in problems:
            if problem["field"] in unreadable:
                continue
            *path, last = problem["field"].split(".")
            where = messages
            for part in path:
                where = where.setdefault(part, {})
            where.setdefault(last, []).append(problem["message"])
        if messages:
            raise ma.ValidationError(messages)


class IncidentSchema(ma.Schema):
    """An incident as nuisance officers and admins see it (reporter included)."""

    id = Id()
    case_reference = ma.fields.Function(lambda incident: incident.case.reference)
    occasion_id = Id()
    channel = ma.fields.String()
    category = ma.fields.String()
    started_at = ma.fields.AwareDateTime()
    ended_at = ma.fields.Method("_ended")
    description = ma.fields.String()
    reporter = ma.fields.Dict()
    evidence = ma.fields.List(ma.fields.Dict())
    assessment = ma.fields.String()
    significant = ma.fields.Boolean()
    significance_reason = ma.fields.String()
    external_reference = ma.fields.String()
    received_by = ma.fields.String()
    received_at = ma.fields.AwareDateTime()

    def _ended(self, incident):
        return incident.ended_at.isoformat() if incident.ended_given else None


class IncidentReceiptSchema(ma.Schema):
    """What a reporting system is told: that the report is in, and its case's reference (nothing else about the
    case, and nothing about other reports)."""

    id = Id()
    case_reference = ma.fields.Function(lambda incident: incident.case.reference)
    received_at = ma.fields.AwareDateTime()


class AssessmentSchema(ma.Schema):
    """An officer's assessment of an incident (after listening to its recording, say)."""

    assessment = ma.fields.String(required=True, validate=validate.OneOf(intake_rules.ASSESSMENTS))
    significant = ma.fields.Boolean(load_default=False)
    significance_reason = ma.fields.String(allow_none=True, validate=validate.Length(max=TEXT))


class OccasionSchema(ma.Schema):
    id = Id()
    started_at = ma.fields.AwareDateTime()
    ended_at = ma.fields.AwareDateTime()
    nuisance = ma.fields.Boolean(metadata={"description": "counts towards the threshold"})
    incidents = ma.fields.List(ma.fields.Nested(IncidentSchema))


class DecisionSchema(ma.Schema):
    id = Id()
    decided_at = ma.fields.AwareDateTime()
    qualifies = ma.fields.Boolean()
    reason = ma.fields.String(metadata={"description": "threshold, significant or below-threshold"})
    needed = ma.fields.Integer()
    occasions = ma.fields.List(ma.fields.Dict(), metadata={"description": "the occasions counted, as they were"})
    explanation = ma.fields.String()
    incident_id = Id(allow_none=True)


class CaseSummarySchema(ma.Schema):
    reference = ma.fields.String()
    address = ma.fields.String()
    uprn = ma.fields.String()
    ward = ma.fields.String()
    latitude = ma.fields.Float()
    longitude = ma.fields.Float()
    status = ma.fields.String(metadata={"description": "monitoring, qualified or closed"})
    opened_at = ma.fields.AwareDateTime()
    last_occasion_started_at = ma.fields.AwareDateTime()
    qualified_at = ma.fields.AwareDateTime()
    qualified_because = ma.fields.String()
    closed_at = ma.fields.AwareDateTime()
    outcome = ma.fields.String()


class CaseSchema(CaseSummarySchema):
    """A case with its timeline: each occasion and the incidents that made it, and every threshold decision."""

    occasions = ma.fields.List(ma.fields.Nested(OccasionSchema))
    decisions = ma.fields.List(ma.fields.Nested(DecisionSchema))


class CaseQuerySchema(ma.Schema):
    status = ma.fields.String(validate=validate.OneOf(["monitoring", "qualified", "closed"]))


class QueueEntrySchema(ma.Schema):
    flagged_at = ma.fields.AwareDateTime()
    assigned_to = ma.fields.String()
    case = ma.fields.Nested(CaseSummarySchema)
    decision = ma.fields.Nested(DecisionSchema)
