"""The noise schema: cases, the incidents reported about them and the occasions those make, each threshold
decision, the team's queue and the e-mails telling it; notices asked of fpn; and this service's outbox, inbox, audit
log and dead letters.

Personal data (reporters' names and contact details) lives only in `reporters` and `incidents.reporter` (and in the
messages sent to reporters), is shown only to nuisance officers and admins, and never leaves this service in an
event, a letter to anyone else, or a notice.
"""
from datetime import date, datetime

from sqlalchemy import (JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text,
                        UniqueConstraint, text, true)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import UtcDateTime, make_base
from shared.notice_requests import NoticeRequestMixin
from shared.outbox import utcnow
from shared.service_tables import service_tables

Base = make_base("noise")
OPEN = "status <> 'closed'"  # a source has at most one open case


class Case(Base):
    """One source of noise (a property, or an address), with everything reported about it while it is open."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("uq_open_case_address", "address_key", unique=True, postgresql_where=text(OPEN),
              sqlite_where=text(OPEN)),
        Index("uq_open_case_uprn", "uprn", unique=True, postgresql_where=text(f"{OPEN} AND uprn IS NOT NULL"),
              sqlite_where=text(f"{OPEN} AND uprn IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)  # NC-000123, from the id
    uprn: Mapped[str | None] = mapped_column(String(12))
    address: Mapped[str] = mapped_column(String(300))
    address_key: Mapped[str] = mapped_column(String(300))  # intake_rules.normalised_address
    ward: Mapped[str] = mapped_column(String(60))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    status: Mapped[str] = mapped_column(String(20), default="monitoring")  # monitoring | qualified | closed
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_occasion_started_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    qualified_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    qualified_because: Mapped[str | None] = mapped_column(String(20))  # threshold | significant
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    outcome: Mapped[str | None] = mapped_column(String(60))  # e.g. "logged, no further action"
    assigned_to: Mapped[str | None] = mapped_column(String(80))
    landlord_name: Mapped[str | None] = mapped_column(String(200))  # a registered social landlord's home
    landlord_email: Mapped[str | None] = mapped_column(String(200))
    prosecution_reason: Mapped[str | None] = mapped_column(Text)
    source_known: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())  # False: a
    # report that gave no address for the source has a case of its own until an officer merges it into the right one
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    merged_into: Mapped["Case | None"] = relationship(remote_side=[id])
    occasions: Mapped[list["Occasion"]] = relationship(back_populates="case", order_by="Occasion.started_at")
    decisions: Mapped[list["ThresholdDecision"]] = relationship(order_by="ThresholdDecision.id")
    actions: Mapped[list["CaseAction"]] = relationship(order_by="CaseAction.id")
    abatement_notices: Mapped[list["AbatementNotice"]] = relationship(order_by="AbatementNotice.id")
    breaches: Mapped[list["Breach"]] = relationship(order_by="Breach.id")
    evidence_alerts: Mapped[list["EvidenceAlert"]] = relationship(order_by="EvidenceAlert.id", viewonly=True)


class Occasion(Base):
    """One occasion of noise from a case's source: the incidents that overlap or fall close together."""

    __tablename__ = "occasions"
    __table_args__ = (Index("ix_occasions_case_start", "case_id", "started_at"),  # the threshold's window
                      Index("ix_occasions_case_end", "case_id", "ended_at"))  # which occasion a report joins

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime())
    nuisance: Mapped[bool] = mapped_column(Boolean, default=False)
    case: Mapped[Case] = relationship(back_populates="occasions")
    incidents: Mapped[list["Incident"]] = relationship(back_populates="occasion", order_by="Incident.started_at")


class Incident(Base):
    """One report of noise (or light, dust, smell, smoke) from any channel."""

    __tablename__ = "incidents"
    __table_args__ = (UniqueConstraint("received_by", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    occasion_id: Mapped[int] = mapped_column(ForeignKey("occasions.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(30))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime())  # the start, when the end was not given
    ended_given: Mapped[bool] = mapped_column(Boolean, default=True)
    description: Mapped[str] = mapped_column(Text, default="")
    reporter: Mapped[dict] = mapped_column(JSON, default=dict)  # personal data: never logged, never in events
    evidence: Mapped[list] = mapped_column(JSON, default=list)  # recording references
    assessment: Mapped[str] = mapped_column(String(20), default="unassessed")
    significant: Mapped[bool] = mapped_column(Boolean, default=False)
    significance_reason: Mapped[str | None] = mapped_column(Text)
    external_reference: Mapped[str | None] = mapped_column(String(80))  # the app's or caller's own reference
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("reporters.id"), index=True)  # None: anonymous
    pattern: Mapped[str | None] = mapped_column(String(40))  # a recurrence's pattern (reporter_rules.PATTERNS)
    received_by: Mapped[str] = mapped_column(String(80))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    idempotency_key: Mapped[str] = mapped_column(String(100))
    request_hash: Mapped[str] = mapped_column(String(64))
    occasion: Mapped[Occasion] = relationship(back_populates="incidents")
    case: Mapped[Case] = relationship()


class ThresholdDecision(Base):
    """One check of a case against the threshold, with the occasions it counted: why a case qualified, or not yet."""

    __tablename__ = "threshold_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))  # the report that prompted it
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    qualifies: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(20))  # threshold | significant | below-threshold
    needed: Mapped[int] = mapped_column(Integer)
    occasions: Mapped[list] = mapped_column(JSON, default=list)  # as they were: {started_at, ended_at, incidents}
    explanation: Mapped[str] = mapped_column(Text)
    prompted_by: Mapped[str | None] = mapped_column(String(30))  # report | assessment | sweep | merge | restriction
    # | restriction lifted | restriction lapsed


class QueueEntry(Base):
    """A qualified case in the Nuisance Control Team's queue: one entry per qualification."""

    __tablename__ = "queue"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("threshold_decisions.id"), unique=True)
    flagged_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    assigned_to: Mapped[str | None] = mapped_column(String(80))
    case: Mapped[Case] = relationship()
    decision: Mapped[ThresholdDecision] = relationship()


class Email(Base):
    """An e-mail this service sends, kept so that it is sent once: `sent_at` is set as soon as the server took it."""

    __tablename__ = "emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(80), unique=True)  # e.g. "case-qualified:NC-000123"
    message_id: Mapped[str] = mapped_column(String(200), unique=True)  # the same on every try
    to: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary)  # a PDF letter, sent with the e-mail
    attachment_name: Mapped[str | None] = mapped_column(String(80))


class CaseAction(Base):
    """One step of casework (assigned, visited, notice served, breach, prosecution, closed), who took it and when."""

    __tablename__ = "case_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    by: Mapped[str] = mapped_column(String(80))
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # e.g. a visit's time, whether nuisance was witnessed


class AbatementNotice(Base):
    """An abatement notice served under the Environmental Protection Act 1990 s.80. Once served its text never
    changes (the database refuses): a correction is a new version that names the one it corrects."""

    __tablename__ = "abatement_notices"
    __table_args__ = (UniqueConstraint("case_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("abatement_notices.id"))
    served_on_name: Mapped[str] = mapped_column(String(200))  # the person responsible: personal data
    served_on_address: Mapped[str] = mapped_column(String(300))
    responsible: Mapped[str] = mapped_column(String(20))  # resident | business
    requirements: Mapped[str] = mapped_column(Text)
    compliance_date: Mapped[date] = mapped_column(Date)
    served_at: Mapped[datetime] = mapped_column(UtcDateTime())
    served_by: Mapped[str] = mapped_column(String(80))


class Breach(Base):
    """A breach of an abatement notice, and the fixed penalty notice asked of fpn for it."""

    __tablename__ = "breaches"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    abatement_notice_id: Mapped[int] = mapped_column(ForeignKey("abatement_notices.id"))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime())
    details: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    notice_reference: Mapped[str] = mapped_column(String(80), unique=True)  # the request's, in notice_requests
    notice_request: Mapped["NoticeRequest | None"] = relationship(
        primaryjoin="foreign(Breach.notice_reference) == NoticeRequest.reference", viewonly=True)


class Import(Base):
    """One import of a Noise App export: how far it has got, and what became of its rows."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    imported_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued | running | finished | failed
    mapping: Mapped[dict | None] = mapped_column(JSON)  # None: the Noise App's default columns
    total_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    processed_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    rows_read: Mapped[int] = mapped_column(default=0)
    rows_added: Mapped[int] = mapped_column(default=0)
    rows_duplicate: Mapped[int] = mapped_column(default=0)  # already there: imported before
    rows_rejected: Mapped[int] = mapped_column(default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    failure: Mapped[str | None] = mapped_column(Text)  # why the whole file could not be imported
    rejections: Mapped[list["ImportRejection"]] = relationship(order_by="ImportRejection.row_number")


class ImportRejection(Base):
    """A row of an import that could not be filed: its row number and every problem with it (no row content)."""

    __tablename__ = "import_rejections"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id"), index=True)
    row_number: Mapped[int] = mapped_column(Integer)
    errors: Mapped[list] = mapped_column(JSON)


class Reporter(Base):
    """Someone who reported noise: personal data, shown only to nuisance officers and admins. One person's
    reports are found together by their e-mail address or phone number (`contact_key`)."""

    __tablename__ = "reporters"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_key: Mapped[str | None] = mapped_column(String(200), unique=True)  # reporter_rules.contact_key
    name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(300))  # for letters, to a reporter with no e-mail
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    link_version: Mapped[int] = mapped_column(Integer, default=1)  # raised to end every private link given before
    restrictions: Mapped[list["ReporterRestriction"]] = relationship(order_by="ReporterRestriction.id")


class ReporterRestriction(Base):
    """A restriction on a reporter an officer judged malicious or vexatious: while it is in force (until its review
    date, unless lifted) their reports are kept but do not count towards the threshold."""

    __tablename__ = "reporter_restrictions"

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("reporters.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    review_on: Mapped[date] = mapped_column(Date)
    restricted_by: Mapped[str] = mapped_column(String(80))
    restricted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    lifted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    lifted_by: Mapped[str | None] = mapped_column(String(80))
    lift_reason: Mapped[str | None] = mapped_column(Text)
    recalculated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # when its lapse was counted in


class ReporterMessage(Base):
    """What a reporter was told about their case, and how: by e-mail (`email_id`) or by a letter to post."""

    __tablename__ = "reporter_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(100), unique=True)  # e.g. "qualified:NC-000123:r7": sent once
    reporter_id: Mapped[int] = mapped_column(ForeignKey("reporters.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # reporter_messages.KINDS
    channel: Mapped[str] = mapped_column(String(10))  # email | letter
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)  # the letter (every letter; the closing one by e-mail too)
    email_id: Mapped[int | None] = mapped_column(ForeignKey("emails.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    posted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # a letter, once an officer posted it
    posted_by: Mapped[str | None] = mapped_column(String(80))
    case: Mapped[Case] = relationship()
    reporter: Mapped[Reporter] = relationship()
    email: Mapped[Email | None] = relationship()


class NuisanceOfficer(Base):
    """A nuisance officer as the team knows them: where alerts reach them, and the wards they cover."""

    __tablename__ = "nuisance_officers"

    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(200))
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    wards: Mapped[list["WardCover"]] = relationship(order_by="WardCover.ward", cascade="all, delete-orphan")


class WardCover(Base):
    """Which officer covers a ward: its new qualifying cases are given to them (one officer per ward)."""

    __tablename__ = "ward_cover"

    ward: Mapped[str] = mapped_column(String(60), primary_key=True)
    username: Mapped[str] = mapped_column(ForeignKey("nuisance_officers.username"), index=True)


class EvidenceAlert(Base):
    """An alert that a recording was not reviewed in time: first to the case's officer, later to the team leader."""

    __tablename__ = "evidence_alerts"
    __table_args__ = (UniqueConstraint("incident_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    level: Mapped[str] = mapped_column(String(20))  # officer | team_leader
    sent_to: Mapped[str] = mapped_column(String(200))
    raised_at: Mapped[datetime] = mapped_column(UtcDateTime())
    email_id: Mapped[int | None] = mapped_column(ForeignKey("emails.id"))


class NoticeRequest(NoticeRequestMixin, Base):
    """A notice this service asked fpn to issue, with fpn's answers."""

    __tablename__ = "notice_requests"


tables = service_tables(Base)
OutboxMessage, InboxEvent, AuditEntry, DeadLetter = tables
