"""The noise API's request and response shapes: the single source of truth, also the OpenAPI document.

A report's shape (types, lengths, formats) is checked here, and its content by services.noise.intake_rules, in the
same pass, so that a caller gets every problem with a report in one answer.
"""
from datetime import datetime, timezone

import marshmallow as ma
from marshmallow import validate

from shared.contracts.notices import EvidenceSchema as NoticeEvidenceSchema
from shared.schema_fields import Id, Money, needed as _needed, required_text as _text
from services.noise import intake_rules, lifecycle

TEXT = 2000


class SourceSchema(ma.Schema):
    """Where the noise comes from."""

    address = ma.fields.String(validate=validate.Length(min=3, max=300), allow_none=True,
                               metadata={"description": "the source's address, e.g. 'Flat 2, 12 High Road, NW10 2AB'. "
                                                        "Left out when the reporter cannot say: the report then opens "
                                                        "a case of its own, for an officer to merge into the right "
                                                        "one"})
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


class IncidentEvidenceSchema(ma.Schema):
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
    evidence = ma.fields.List(ma.fields.Nested(IncidentEvidenceSchema), validate=validate.Length(max=20))
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
    reporter_id = Id(allow_none=True, metadata={"description": "the reporter's record (GET /reporters/<id>)"})
    pattern = ma.fields.String(allow_none=True, metadata={"description": "a recurrence's pattern, as the reporter "
                                                                         "gave it"})
    evidence = ma.fields.List(ma.fields.Dict())
    assessment = ma.fields.String()
    significant = ma.fields.Boolean()
    significance_reason = ma.fields.String(allow_none=True)
    external_reference = ma.fields.String(allow_none=True)
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
    prompted_by = ma.fields.String(allow_none=True, metadata={
        "description": "report, assessment, sweep, merge, restriction, restriction lifted or restriction lapsed"})


class CaseSummarySchema(ma.Schema):
    reference = ma.fields.String()
    address = ma.fields.String()
    uprn = ma.fields.String(allow_none=True)
    ward = ma.fields.String()
    latitude = ma.fields.Float(allow_none=True)
    longitude = ma.fields.Float(allow_none=True)
    status = ma.fields.String(metadata={"description": "monitoring, qualified or closed"})
    opened_at = ma.fields.AwareDateTime()
    last_occasion_started_at = ma.fields.AwareDateTime(allow_none=True)
    qualified_at = ma.fields.AwareDateTime(allow_none=True)
    qualified_because = ma.fields.String(allow_none=True)
    closed_at = ma.fields.AwareDateTime(allow_none=True)
    outcome = ma.fields.String(allow_none=True)
    assigned_to = ma.fields.String(allow_none=True)
    source_known = ma.fields.Boolean(metadata={"description": "false: the report did not say where the noise comes "
                                                              "from; merge the case into the right one"})
    merged_into = ma.fields.Function(lambda case: case.merged_into.reference if case.merged_into else None,
                                     metadata={"description": "the case this one was merged into"})


class CaseActionSchema(ma.Schema):
    action = ma.fields.String()
    at = ma.fields.AwareDateTime()
    by = ma.fields.String()
    from_state = ma.fields.String()
    to_state = ma.fields.String()
    details = ma.fields.Dict()


class AbatementNoticeSchema(ma.Schema):
    id = Id()
    version = ma.fields.Integer()
    corrects_id = Id(allow_none=True)
    served_on_name = ma.fields.String()
    served_on_address = ma.fields.String()
    responsible = ma.fields.String()
    requirements = ma.fields.String()
    compliance_date = ma.fields.Date()
    served_at = ma.fields.AwareDateTime()
    served_by = ma.fields.String()


class NoticeAnswerSchema(ma.Schema):
    """fpn's answer to the notice asked for: its number and state once issued, or why it refused."""

    state = ma.fields.String(metadata={"description": "requested, issued or refused"})
    notice_number = ma.fields.String(allow_none=True)
    notice_state = ma.fields.String(allow_none=True)
    amount = Money(allow_none=True)
    pay_by = ma.fields.Date(allow_none=True)
    refusal_title = ma.fields.String(allow_none=True)
    refusal_detail = ma.fields.String(allow_none=True)


class BreachSchema(ma.Schema):
    id = Id()
    abatement_notice_id = Id()
    occurred_at = ma.fields.AwareDateTime()
    details = ma.fields.String()
    recorded_by = ma.fields.String()
    notice_reference = ma.fields.String()
    notice = ma.fields.Nested(NoticeAnswerSchema, attribute="notice_request", allow_none=True)


class EvidenceAlertSchema(ma.Schema):
    incident_id = Id()
    level = ma.fields.String(metadata={"description": "officer or team_leader"})
    sent_to = ma.fields.String()
    raised_at = ma.fields.AwareDateTime()


class CaseSchema(CaseSummarySchema):
    """A case with its timeline: each occasion and the incidents that made it, every threshold decision, and its
    casework: actions, abatement notices (every version) and breaches with fpn's answers."""

    landlord_name = ma.fields.String(allow_none=True)
    prosecution_reason = ma.fields.String(allow_none=True)
    occasions = ma.fields.List(ma.fields.Nested(OccasionSchema))
    decisions = ma.fields.List(ma.fields.Nested(DecisionSchema))
    actions = ma.fields.List(ma.fields.Nested(CaseActionSchema))
    possible_actions = ma.fields.Function(
        lambda case: [a.name for a in lifecycle.ACTIONS.values() if case.status in a.starts_from],
        metadata={"description": "the casework actions a nuisance officer can take on the case now"})
    abatement_notices = ma.fields.List(ma.fields.Nested(AbatementNoticeSchema))
    breaches = ma.fields.List(ma.fields.Nested(BreachSchema))
    evidence_alerts = ma.fields.List(ma.fields.Nested(EvidenceAlertSchema), metadata={
        "description": "alerts raised because recordings on the case waited too long to be assessed"})


# What each casework action must be told (services.noise.lifecycle names the actions).
ACTION_SCHEMAS = {
    "assign": {"officer": _text(1, 80, enter="Choose an officer in the nuisance team", what="The username",
                                metadata={"description": "the username of an officer in the nuisance team"})},
    "record_visit": {
        "visited_at": _needed(ma.fields.AwareDateTime, "Enter when the visit was"),
        "witnessed": _needed(ma.fields.Boolean, "Select yes if a statutory nuisance was witnessed",
                             metadata={"description": "whether a statutory nuisance was witnessed"}),
        "notes": ma.fields.String(validate=validate.Length(max=TEXT))},
    "record_landlord": {
        "name": _text(1, 200, enter="Enter the landlord's name", what="The landlord's name"),
        "email": _needed(ma.fields.Email, "Enter the landlord's email address",
                         "Enter an email address in the correct format, like name@example.com")},
    "serve_abatement_notice": {
        "served_on_name": _text(1, 200, enter="Enter who the notice was served on", what="The name"),
        "served_on_address": _text(3, 300, enter="Enter the address the notice was served at", what="The address"),
        "responsible": _needed(ma.fields.String, "Select whether a resident or a business is responsible",
                               validate=validate.OneOf(["resident", "business"],
                                                       error="Select whether a resident or a business is responsible")),
        "requirements": _text(10, 5000, enter="Enter the notice's requirements, as served", what="The requirements",
                              metadata={"description": "what must be done or stopped, as served"}),
        "compliance_date": _needed(ma.fields.Date, "Enter the date by which the notice must be complied with",
                                   "Enter a real date, like 27 11 2026"),
        "served_at": ma.fields.AwareDateTime(),
        "corrects": Id(metadata={"description": "the id of the notice this version corrects"})},
    "record_breach": {
        "abatement_notice_id": Id(required=True, error_messages={"required": "Select the notice that was breached",
                                                                 "null": "Select the notice that was breached"}),
        "occurred_at": _needed(ma.fields.AwareDateTime, "Enter when the breach happened"),
        "details": _text(10, enter="Enter what was witnessed or recorded", what="What was witnessed"),
        "evidence": ma.fields.List(ma.fields.Nested(NoticeEvidenceSchema), validate=validate.Length(max=20))},
    "mark_for_prosecution": {"reason": _text(3, enter="Enter why the case should be prosecuted", what="The reason")},
    "close": {"outcome": _needed(ma.fields.String, "Select the outcome", validate=validate.OneOf(
        lifecycle.CLOSING_OUTCOMES, error="Select one of the team's outcomes"))},
}


def action_schema(action: str) -> type[ma.Schema]:
    """The request schema of one casework action."""
    return ma.Schema.from_dict(ACTION_SCHEMAS[action], name="".join(w.title() for w in action.split("_")) + "Schema")


class CaseQuerySchema(ma.Schema):
    status = ma.fields.String(validate=validate.OneOf(["monitoring", "qualified", "closed"]))


class QueueQuerySchema(ma.Schema):
    sort = ma.fields.String(load_default="newest", validate=validate.OneOf(
        ["newest", "oldest_unreviewed_evidence"], error="Sort by newest or oldest_unreviewed_evidence."),
        metadata={"description": "newest (flagged most recently first) or oldest_unreviewed_evidence (the case whose "
                                 "recording has waited longest first; cases with none last)"})


class QueueEntrySchema(ma.Schema):
    flagged_at = ma.fields.AwareDateTime()
    assigned_to = ma.fields.String(allow_none=True)
    oldest_unreviewed_evidence_at = ma.fields.AwareDateTime(allow_none=True, metadata={
        "description": "when the oldest report with evidence nobody has assessed yet came in"})
    evidence_overdue = ma.fields.Boolean(metadata={"description": "that evidence has waited longer than allowed"})
    case = ma.fields.Nested(CaseSummarySchema)
    decision = ma.fields.Nested(DecisionSchema)


class ImportRejectionSchema(ma.Schema):
    row_number = ma.fields.Integer(metadata={"description": "the row in the file, the heading being row 1"})
    errors = ma.fields.List(ma.fields.Dict(), metadata={"description": "every problem, as {field, message}"})


class ImportSchema(ma.Schema):
    id = Id()
    filename = ma.fields.String()
    imported_by = ma.fields.String()
    created_at = ma.fields.AwareDateTime()
    status = ma.fields.String(metadata={"description": "queued, running (the file being read and checked), filing "
                                                       "(its rows being filed under their cases), finished or "
                                                       "failed"})
    progress = ma.fields.Method("_progress", metadata={"description": "per cent of the file read and checked (99 "
                                                                      "while its rows are filed)"})
    rows_read = ma.fields.Integer()
    rows_added = ma.fields.Integer()
    rows_duplicate = ma.fields.Integer(metadata={"description": "rows already imported before: not added again"})
    rows_rejected = ma.fields.Integer()
    finished_at = ma.fields.AwareDateTime(allow_none=True)
    failure = ma.fields.String(allow_none=True)
    rejections = ma.fields.List(ma.fields.Nested(ImportRejectionSchema))

    def _progress(self, record) -> int:
        if record.status == "finished":
            return 100
        return min(99, int(100 * record.processed_bytes / record.total_bytes)) if record.total_bytes else 0


class MergeSchema(ma.Schema):
    """Merge this case into another about the same source."""

    into = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(
        max=20, error="Enter the reference of the case to merge into, like NC-000123"),
                            metadata={"description": "the reference of the case to merge into, like NC-000123"})
    reason = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=TEXT))


class MergeResultSchema(ma.Schema):
    case = ma.fields.Nested(lambda: CaseSchema())
    decision = ma.fields.Nested(DecisionSchema, allow_none=True, metadata={
        "description": "the threshold checked again over the merged occasions"})


class RestrictionRequestSchema(ma.Schema):
    reason = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=TEXT))
    review_on = ma.fields.Date(load_default=None, allow_none=True, error_messages={
        "invalid": "Enter a real review date, like 27 11 2026"}, metadata={
        "description": "when it is reviewed: until then (unless lifted) the reporter's reports do not count"})


class LiftRequestSchema(ma.Schema):
    reason = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=TEXT))


class RestrictionSchema(ma.Schema):
    id = Id()
    reason = ma.fields.String()
    review_on = ma.fields.Date()
    restricted_by = ma.fields.String()
    restricted_at = ma.fields.AwareDateTime()
    lifted_at = ma.fields.AwareDateTime(allow_none=True)
    lifted_by = ma.fields.String(allow_none=True)
    lift_reason = ma.fields.String(allow_none=True)


class ReporterMessageSchema(ma.Schema):
    """A message to a reporter; letters wait for an officer to print and post them."""

    id = Id()
    case_reference = ma.fields.Function(lambda m: m.case.reference)
    kind = ma.fields.String()
    channel = ma.fields.String(metadata={"description": "email or letter"})
    subject = ma.fields.String()
    created_at = ma.fields.AwareDateTime()
    letter = ma.fields.Function(lambda m: m.pdf is not None, metadata={"description": "a PDF letter is kept"})
    email_sent_at = ma.fields.Function(lambda m: m.email.sent_at.isoformat() if m.email and m.email.sent_at else None)
    to_name = ma.fields.Function(lambda m: m.reporter.name, metadata={"description": "the reporter (personal data)"})
    to_address = ma.fields.Function(lambda m: m.reporter.address if m.channel == "letter" else None,
                                    metadata={"description": "where a letter goes"})
    posted_at = ma.fields.AwareDateTime(allow_none=True)
    posted_by = ma.fields.String(allow_none=True)


class ReporterReportSchema(ma.Schema):
    id = Id()
    case_reference = ma.fields.Function(lambda i: i.case.reference)
    started_at = ma.fields.AwareDateTime()
    category = ma.fields.String()
    assessment = ma.fields.String()
    channel = ma.fields.String()


class ReporterRecordSchema(ma.Schema):
    """A reporter as nuisance officers see them: personal data."""

    id = Id()
    name = ma.fields.String(allow_none=True)
    email = ma.fields.String(allow_none=True)
    phone = ma.fields.String(allow_none=True)
    address = ma.fields.String(allow_none=True)
    restricted = ma.fields.Boolean(metadata={"description": "their reports do not count towards the threshold now"})
    restrictions = ma.fields.List(ma.fields.Nested(RestrictionSchema))
    reports = ma.fields.List(ma.fields.Nested(ReporterReportSchema))
    messages = ma.fields.List(ma.fields.Nested(ReporterMessageSchema))


class NuisanceOfficerSchema(ma.Schema):
    """A nuisance officer: where alerts and newly qualifying cases reach them, and the wards they cover."""

    username = ma.fields.String(dump_only=True)
    name = _text(1, 120, enter="Enter the officer's name", what="The name")
    email = _needed(ma.fields.Email, "Enter the officer's email address",
                    "Enter an email address in the correct format, like name@example.com",
                    validate=validate.Length(max=200, error="The email address must be 200 characters or fewer"))
    wards = ma.fields.Method("_wards", deserialize="_load_wards", load_default=list, metadata={
        "description": "the wards they cover: each ward's new qualifying cases are given to them"})

    def _wards(self, officer):
        return [cover.ward for cover in officer.wards]

    def _load_wards(self, value):
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise ma.ValidationError("Give the wards as a list of names.")
        return value


class RecurrenceRequestSchema(ma.Schema):
    """The noise happened again: on one of the reporter's own cases."""

    case_reference = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))
    started_at = ma.fields.AwareDateTime(load_default=None, allow_none=True)
    ended_at = ma.fields.AwareDateTime(load_default=None, allow_none=True)
    pattern = ma.fields.String(load_default=None, allow_none=True, metadata={
        "description": "how often it happens: once, most_nights, weekends, weekday_evenings, daytime, irregular"})
    description = ma.fields.String(load_default="", validate=validate.Length(max=TEXT))


class FollowReportSchema(ma.Schema):
    id = Id()
    started_at = ma.fields.AwareDateTime()
    ended_at = ma.fields.AwareDateTime(allow_none=True)
    category = ma.fields.String()
    pattern = ma.fields.String(allow_none=True)


class FollowMessageSchema(ma.Schema):
    id = Id()
    sent_at = ma.fields.AwareDateTime()
    subject = ma.fields.String()
    channel = ma.fields.String()
    kind = ma.fields.String()
    letter = ma.fields.Boolean(metadata={"description": "a PDF letter: GET /follow/<token>/letters/<id>.pdf"})


class FollowCaseSchema(ma.Schema):
    reference = ma.fields.String()
    status = ma.fields.String()
    open311_status = ma.fields.String(metadata={"description": "open or closed, as Open311 reports it"})
    heading = ma.fields.String()
    explanation = ma.fields.String()
    place = ma.fields.String()
    reports = ma.fields.List(ma.fields.Nested(FollowReportSchema))
    messages = ma.fields.List(ma.fields.Nested(FollowMessageSchema))


class FollowSchema(ma.Schema):
    """What a reporter sees through their private link: only their own reports, never anyone else's."""

    name = ma.fields.String(allow_none=True)
    cases = ma.fields.List(ma.fields.Nested(FollowCaseSchema))
    patterns = ma.fields.Dict()
