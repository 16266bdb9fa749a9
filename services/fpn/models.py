"""The fpn schema: the PSPO register, notices, and this service's outbox, inbox and audit log."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Numeric, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import make_base
from shared.outbox import utcnow
from shared.service_tables import service_tables

Base = make_base("fpn")
Money = Numeric(8, 2)


class Order(Base):
    """A Public Spaces Protection Order (or another order under which fixed penalties are issued)."""

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(String(200))
    in_force_from: Mapped[date] = mapped_column(Date)
    in_force_to: Mapped[date] = mapped_column(Date)  # as made; extensions are recorded as variations
    # "officers": issued on patrol (the form) or at any service's request; otherwise the one service whose
    # casework asks for its notices ("noise": abatement-notice FPNs), never offered on the officers' form.
    issued_through: Mapped[str] = mapped_column(String(20), default="officers", server_default="officers")
    notes: Mapped[str] = mapped_column(Text, default="")
    scopes: Mapped[list["Scope"]] = relationship(back_populates="order", order_by="Scope.id")
    variations: Mapped[list["Variation"]] = relationship(back_populates="order", order_by="Variation.decided_on")
    policies: Mapped[list["IssuingPolicy"]] = relationship(back_populates="order",
                                                           order_by="IssuingPolicy.effective_from")


class Variation(Base):
    """A recorded change to an order: an extension moves its end date; a variation records other changes."""

    __tablename__ = "order_variations"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    kind: Mapped[str] = mapped_column(String(20))  # extension | variation
    decided_on: Mapped[date] = mapped_column(Date)
    new_end: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(80))
    order: Mapped[Order] = relationship(back_populates="variations")


class Scope(Base):
    """Where part of an order applies: boroughwide, Wembley Park, parks and open spaces, or named streets."""

    __tablename__ = "scopes"
    __table_args__ = (UniqueConstraint("order_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))  # boroughwide | area | parks | streets
    report_prefix: Mapped[str] = mapped_column(String(80))
    wards: Mapped[list] = mapped_column(JSON, default=list)  # empty: every ward
    streets: Mapped[list] = mapped_column(JSON, default=list)
    order: Mapped[Order] = relationship(back_populates="scopes")
    prohibitions: Mapped[list["Prohibition"]] = relationship(back_populates="scope", order_by="Prohibition.id")


class Prohibition(Base):
    """One prohibited behaviour within one scope of an order."""

    __tablename__ = "prohibitions"
    __table_args__ = (UniqueConstraint("scope_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope_id: Mapped[int] = mapped_column(ForeignKey("scopes.id"))
    code: Mapped[str] = mapped_column(String(60))
    wording: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str] = mapped_column(String(120))
    report_label: Mapped[str] = mapped_column(String(160))  # the notice type, as the annual report names it
    vehicle: Mapped[bool] = mapped_column(default=False)  # the offender is identified by a vehicle
    alcohol: Mapped[bool] = mapped_column(default=False)  # drinking in breach: an offence under s.63, not s.67
    scope: Mapped[Scope] = relationship(back_populates="prohibitions")
    terms: Mapped[list["PenaltyTerm"]] = relationship(back_populates="prohibition",
                                                      order_by="PenaltyTerm.effective_from")


class PenaltyTerm(Base):
    """The penalty for a prohibition from a date: full amount, optional lower amount for early payment."""

    __tablename__ = "penalty_terms"
    __table_args__ = (UniqueConstraint("prohibition_id", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prohibition_id: Mapped[int] = mapped_column(ForeignKey("prohibitions.id"))
    effective_from: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money)
    discount_amount: Mapped[Decimal | None] = mapped_column(Money)
    discount_days: Mapped[int | None]
    payment_days: Mapped[int] = mapped_column(default=14)
    prohibition: Mapped[Prohibition] = relationship(back_populates="terms")


class IssuingPolicy(Base):
    """An order's issuing policy from a date (services.fpn.policy_rules): a fixed penalty at once, or a warning for
    a first breach within a look-back period."""

    __tablename__ = "issuing_policies"
    __table_args__ = (UniqueConstraint("order_id", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    effective_from: Mapped[date] = mapped_column(Date)
    rule: Mapped[str] = mapped_column(String(20))  # fpn_at_once | warning_first
    lookback_days: Mapped[int | None]
    source: Mapped[str] = mapped_column(Text)  # the decision or publication it comes from
    order: Mapped[Order] = relationship(back_populates="policies")


class StatutoryCap(Base):
    """The most a fixed penalty may be under a legal basis, from a date (e.g. £100 under ASBCPA 2014 s.68)."""

    __tablename__ = "statutory_caps"
    __table_args__ = (UniqueConstraint("legal_basis", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    legal_basis: Mapped[str] = mapped_column(String(200))
    effective_from: Mapped[date] = mapped_column(Date)
    max_amount: Mapped[Decimal] = mapped_column(Money)
    source: Mapped[str] = mapped_column(Text)


class RegisterVersion(Base):
    """One row: a random token that every change to the register replaces, so that each process knows when its
    copy of the register is out of date (services.fpn.register)."""

    __tablename__ = "register_version"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    token: Mapped[str] = mapped_column(String(32))


class Notice(Base):
    """A fixed penalty notice or warning, from issue to payment, warning, cancellation or prosecution."""

    __tablename__ = "notices"
    __table_args__ = (UniqueConstraint("issued_by", "idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(12), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    prohibition_id: Mapped[int] = mapped_column(ForeignKey("prohibitions.id"))
    order_code: Mapped[str] = mapped_column(String(40))  # as issued
    notice_type: Mapped[str] = mapped_column(String(160))  # the prohibition's report label, as issued
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ward: Mapped[str] = mapped_column(String(60), index=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    street_address: Mapped[str | None] = mapped_column(String(300))
    observed: Mapped[str] = mapped_column(Text)
    offender: Mapped[dict] = mapped_column(JSON)  # personal data: name, date of birth, address, or vehicle keeper
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    outcome: Mapped[str] = mapped_column(String(10))  # fpn | warning, as issued
    state: Mapped[str] = mapped_column(String(30), index=True)
    amount: Mapped[Decimal | None] = mapped_column(Money)
    discount_amount: Mapped[Decimal | None] = mapped_column(Money)
    discount_until: Mapped[date | None] = mapped_column(Date)
    pay_by: Mapped[date | None] = mapped_column(Date, index=True)
    issued_by: Mapped[str] = mapped_column(String(80))
    # The issuing officer as the notice names them (their profile when it was issued): officers must show their
    # authorisation, so the printed notice gives their name and number, not a username.
    officer_name: Mapped[str | None] = mapped_column(String(120))
    officer_number: Mapped[str | None] = mapped_column(String(40))
    # None: the person gave their details. "refused" or "believed_false": the officer recorded why the date of birth
    # or address is missing, and a supervisor must approve the notice before it stands.
    details_withheld: Mapped[str | None] = mapped_column(String(20))
    # The officer confirmed they showed the person their identification (officers' notices; None: not asked).
    identification_shown: Mapped[bool | None]
    # Why the officer gave a fixed penalty where the order's policy expected a warning (a supervisor sees each).
    policy_override: Mapped[str | None] = mapped_column(Text)
    demonstration: Mapped[bool] = mapped_column(default=False, server_default=false())  # made under demo data
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    source: Mapped[str] = mapped_column(String(20), default="officer")  # officer | noise | cctv
    idempotency_key: Mapped[str] = mapped_column(String(100))
    source_reference: Mapped[str | None] = mapped_column(String(80))  # the requester's reference (noise, cctv)
    request_hash: Mapped[str] = mapped_column(String(64))
    approved_by: Mapped[str | None] = mapped_column(String(80))
    # When the notice took effect: on issue, or when a supervisor approved it; never, if cancelled before that.
    effective_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reduced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    referred_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    paid_amount: Mapped[Decimal | None] = mapped_column(Money)
    paid_on: Mapped[date | None] = mapped_column(Date)
    payment_method: Mapped[str | None] = mapped_column(String(20))  # card | cash | cheque | bank_transfer | online
    payment_reference: Mapped[str | None] = mapped_column(String(80))
    closing_reason: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # when it reached a closed state
    evidence_deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    evidence_deleted_by: Mapped[str | None] = mapped_column(String(80))
    prosecution_outcome: Mapped[str | None] = mapped_column(String(30))
    prohibition: Mapped[Prohibition] = relationship()
    order: Mapped[Order] = relationship()


class FootageRequest(Base):
    """A recipient's request for the footage of their notice (by e-mail, letter, phone or in person), and when and
    how it was released. The evidence is held while a request waits."""

    __tablename__ = "footage_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))  # email | letter | phone | in_person
    recorded_by: Mapped[str] = mapped_column(String(80))
    released_on: Mapped[date | None] = mapped_column(Date)
    released_how: Mapped[str | None] = mapped_column(Text)
    released_by: Mapped[str | None] = mapped_column(String(80))
    notice: Mapped["Notice"] = relationship()


class QualityReview(Base):
    """A notice drawn in a month's random sample for a supervisor to review, and the outcome: correct, or a problem
    with the reason."""

    __tablename__ = "quality_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id"), unique=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # '2026-11': the month the notice was issued
    officer: Mapped[str] = mapped_column(String(80))
    drawn_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(10))  # correct | problem
    reason: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str | None] = mapped_column(String(80))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    notice: Mapped["Notice"] = relationship()


class ReviewSample(Base):
    """That a month's sample has been drawn (once: drawing again for a month changes nothing)."""

    __tablename__ = "review_samples"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    share: Mapped[float]
    drawn_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    drawn_by: Mapped[str] = mapped_column(String(80))


class OfficerProfile(Base):
    """How an authorised officer is named on the form and on every notice they issue: full name, authorisation
    (badge) number, and the authorisation they act under. Kept by admins; one per sign-in name."""

    __tablename__ = "officer_profiles"

    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    authorisation_number: Mapped[str] = mapped_column(String(40), unique=True)
    authorised_under: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NumberBlock(Base):
    """A run of notice numbers given to one signed-in device in advance, so that a notice completed with no signal
    has its final number at once. Numbers are serials from one counter (NumberCounter), so none is given twice;
    a block's unused numbers stay accounted for, and are void once the block is returned."""

    __tablename__ = "number_blocks"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    device: Mapped[str] = mapped_column(String(64))
    first_serial: Mapped[int]
    size: Mapped[int]
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    returned_by: Mapped[str | None] = mapped_column(String(80))


class NumberCounter(Base):
    """One row: the next notice serial to give, to a notice issued online or to a device's block."""

    __tablename__ = "number_counter"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    next_serial: Mapped[int]


class IssueRefusal(Base):
    """A request from another service to issue a notice that the rules refused, kept so it can be answered."""

    __tablename__ = "issue_refusals"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    source: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


tables = service_tables(Base)
OutboxMessage, InboxEvent, AuditEntry, DeadLetter = tables
