"""The noise schema: cases, the incidents reported about them and the occasions those make, each threshold
decision, the team's queue and the e-mails telling it; notices asked of fpn; and this service's outbox, inbox, audit
log and dead letters.

Personal data (reporters' names and contact details) lives only in `incidents.reporter`, is shown only to nuisance
officers and admins, and never leaves this service in an event.
"""
from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
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
    occasions: Mapped[list["Occasion"]] = relationship(back_populates="case", order_by="Occasion.started_at")
    decisions: Mapped[list["ThresholdDecision"]] = relationship(order_by="ThresholdDecision.id")
    actions: Mapped[list["CaseAction"]] = relationship(order_by="CaseAction.id")
    abatement_notices: Mapped[list["AbatementNotice"]] = relationship(order_by="AbatementNotice.id")
    breaches: Mapped[list["Breach"]] = relationship(order_by="Breach.id")


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


class NoticeRequest(NoticeRequestMixin, Base):
    """A notice this service asked fpn to issue, with fpn's answers."""

    __tablename__ = "notice_requests"


tables = service_tables(Base)
OutboxMessage, InboxEvent, AuditEntry, DeadLetter = tables
