"""The fpn API's request and response shapes: the single source of truth, also the OpenAPI document."""
import marshmallow as ma
from marshmallow import validate

from shared.brent import WARDS
from shared.contracts.notices import NoticeParticularsSchema
from shared.schema_fields import Count, Id, Money
from shared.contracts.notices import OffenderSchema
from services.fpn.evidence import CHANNELS as FOOTAGE_CHANNELS
from services.fpn.issuing_rules import WITHHELD
from services.fpn.policy_rules import RULES as POLICY_RULES
from services.fpn.quality_rules import REVIEW_OUTCOMES
from services.fpn.lifecycle import PAYMENT_METHODS, PROSECUTION_OUTCOMES, STATES
from services.fpn.notice_numbers import display


class NoticeRequestSchema(NoticeParticularsSchema):
    """An officer's notice: the particulars every notice states, the prohibition by its register id, and the number
    the device gave it from its block when it was completed with no signal."""

    prohibition_id = Id(required=True, error_messages={"required": "Select the prohibition",
                                                       "null": "Select the prohibition"})
    number = ma.fields.String(validate=validate.Length(max=30), metadata={
        "description": "a number from a block given to this officer's device (POST /api/v1/number-blocks), as "
                       "printed; without it the notice gets the next number"})
    identification_shown = ma.fields.Boolean(load_default=False, metadata={
        "description": "the officer confirms they showed the person their identification (warrant card): required"})
    completed_at = ma.fields.AwareDateTime(allow_none=True, load_default=None, metadata={
        "description": "when the officer completed it on the phone (ISO 8601 with offset): a notice completed with "
                       "no signal is dated then, and its payment dates count from that day"})
    policy_override = ma.fields.String(allow_none=True, load_default=None, validate=validate.Length(
        min=10, max=1000, error="Say in 10 to 1,000 characters why a fixed penalty is needed"), metadata={
        "description": "why a fixed penalty notice is needed where the order's policy expects a warning for a first "
                       "breach (a supervisor sees every override)"})
    details_withheld = ma.fields.String(allow_none=True, load_default=None, validate=validate.OneOf(
        WITHHELD, error="Choose why the details are missing: refused or believed_false"), metadata={
        "description": "why the person's date of birth or address is missing: they refused to give them, or gave "
                       "details believed false (a supervisor then approves the notice)"})


class NoticeSchema(ma.Schema):
    number = ma.fields.Function(lambda n: display(n.number))
    state = ma.fields.String()
    outcome = ma.fields.String()
    order_code = ma.fields.String()
    notice_type = ma.fields.String(metadata={"description": "as the annual report names it"})
    prohibition_id = Id()
    occurred_at = ma.fields.AwareDateTime()
    ward = ma.fields.String()
    latitude = ma.fields.Float()
    longitude = ma.fields.Float()
    street_address = ma.fields.String()
    observed = ma.fields.String()
    offender = ma.fields.Dict()
    evidence = ma.fields.List(ma.fields.Dict())
    amount = Money()
    discount_amount = Money()
    discount_until = ma.fields.Date()
    pay_by = ma.fields.Date()
    issued_by = ma.fields.String()
    officer_name = ma.fields.String(allow_none=True, metadata={
        "description": "the issuing officer, as the notice names them"})
    officer_number = ma.fields.String(allow_none=True, metadata={"description": "their authorisation number"})
    details_withheld = ma.fields.String(allow_none=True, metadata={
        "description": "refused or believed_false, when the person's date of birth or address is missing"})
    demonstration = ma.fields.Boolean(metadata={"description": "made under demonstration data: not a valid notice"})
    policy_override = ma.fields.String(allow_none=True, metadata={
        "description": "the officer's reason for a fixed penalty where the policy expected a warning"})
    identification_shown = ma.fields.Boolean(allow_none=True, metadata={
        "description": "the officer confirmed they showed their identification (officers' notices)"})
    issued_at = ma.fields.AwareDateTime()
    approved_by = ma.fields.String()
    paid_amount = Money()
    paid_on = ma.fields.Date()
    payment_method = ma.fields.String(allow_none=True)
    payment_reference = ma.fields.String(allow_none=True)
    closing_reason = ma.fields.String()
    prosecution_outcome = ma.fields.String()


class HistoryEntrySchema(ma.Schema):
    at = ma.fields.AwareDateTime()
    actor = ma.fields.String(metadata={"description": "who: a sign-in name, or 'system' for the nightly job"})
    action = ma.fields.String(metadata={"description": "notice_issued, or a lifecycle action"})
    data = ma.fields.Dict(metadata={"description": "the states it moved between and the details it recorded"})


NOTICE_SORTS = ("-issued_at", "issued_at", "-occurred_at", "occurred_at", "number", "ward", "state")


def _choice(choices, what: str):
    return ma.fields.String(validate=validate.OneOf(choices, error=f"Choose {what}: " + ", ".join(choices)))


class NoticeQuerySchema(ma.Schema):
    """Finding notices: every filter that is given must match. An unknown value is refused, never ignored."""

    class Meta:
        unknown = ma.RAISE  # a misspelt filter would otherwise quietly return every notice

    @ma.pre_load
    def _paging_is_not_a_filter(self, data, **_kwargs):
        """`page` and `page_size` are read by the paging, so they are not unknown here."""
        return {key: data[key] for key in data if key not in ("page", "page_size")}

    number = ma.fields.String(validate=validate.Length(max=30), metadata={
        "description": "the whole notice number, as printed (its check digit is validated)"})
    name = ma.fields.String(validate=validate.Length(min=2, max=120, error="Enter 2 to 120 letters of the name"),
                            metadata={"description": "part of the offender's name, in any case"})
    registration = ma.fields.String(validate=validate.Length(min=2, max=12), metadata={
        "description": "part of a vehicle registration mark, spaces ignored"})
    ward = ma.fields.String(validate=validate.OneOf(WARDS, error="Choose one of Brent's 22 wards, as written in the "
                                                                 "register"))
    officer = ma.fields.String(validate=validate.Length(min=1, max=80), metadata={"description": "who issued it"})
    state = _choice(STATES, "a state")
    order = ma.fields.String(validate=validate.Length(min=1, max=40), metadata={"description": "the order's code"})
    outcome = _choice(("fpn", "warning"), "an outcome")
    overridden = ma.fields.Boolean(metadata={"description": "true: only fixed penalties given where the order's "
                                                            "policy expected a warning; false: none of those"})
    from_ = ma.fields.Date(data_key="from", metadata={"description": "issued on or after this day (Brent's)"},
                           error_messages={"invalid": "Enter the first day as a real date, like 2026-11-01"})
    to = ma.fields.Date(metadata={"description": "issued on or before this day"},
                        error_messages={"invalid": "Enter the last day as a real date, like 2026-11-30"})
    sort = _choice(NOTICE_SORTS, "how to sort")

    @ma.validates_schema(skip_on_field_errors=False)
    def _in_order(self, data, **_kwargs):
        if data.get("from_") and data.get("to") and data["to"] < data["from_"]:
            raise ma.ValidationError({"to": ["The last day must be the same as or after the first day"]})


ACTION_FIELDS = {
    "reason": lambda required: ma.fields.String(required=required, validate=validate.Length(min=3, max=2000),
                                                metadata={"description": "why, in words the file can keep"}),
    "amount": lambda required: Money(required=required, metadata={"description": "the amount paid"}, error_messages={
        "required": "Enter the amount paid", "null": "Enter the amount paid",
        **dict.fromkeys(("invalid", "special"), "Amount paid must be a number, like 45 or 45.50")}),
    "paid_on": lambda required: ma.fields.Date(required=required, metadata={"description": "the day it was paid"}),
    "method": lambda required: ma.fields.String(required=required, validate=validate.OneOf(
        PAYMENT_METHODS, error="Choose how it was paid: " + ", ".join(PAYMENT_METHODS)), metadata={
        "description": "how it was paid"}),
    "payment_reference": lambda required: ma.fields.String(required=required, validate=validate.Length(
        min=1, max=80, error="Enter the payment reference, 80 characters or fewer"), metadata={
        "description": "the card transaction, receipt or bank reference"}),
    "prosecution_outcome": lambda required: ma.fields.String(
        required=required, validate=validate.OneOf(PROSECUTION_OUTCOMES)),
}


def action_schema(action) -> type[ma.Schema]:
    """The request body of one lifecycle action: the details it needs (required) and an optional reason."""
    names = dict.fromkeys([*action.needs, "reason"])
    return ma.Schema.from_dict({name: ACTION_FIELDS[name](name in action.needs) for name in names},
                               name=f"{action.name.title().replace('_', '')}Details")


class OutcomeTotalsSchema(ma.Schema):
    fpns_issued = ma.fields.Integer(metadata={"description": "FPNs that took effect in the period, whatever "
                                                             "happened to them afterwards (the annual report's "
                                                             "meaning)"})
    warnings_given = ma.fields.Integer(metadata={"description": "notices issued as warnings"})
    reduced_to_warning = ma.fields.Integer()
    paid_in_full = ma.fields.Integer()
    paid_discounted = ma.fields.Integer(metadata={"description": "paid at the lower amount, within its window"})
    cancelled = ma.fields.Integer()
    outstanding = ma.fields.Integer(metadata={"description": "unpaid, within their period or awaiting a decision "
                                                             "on a representation"})
    awaiting_approval = ma.fields.Integer()
    referred_to_legal = ma.fields.Integer()
    prosecuted = ma.fields.Integer(metadata={"description": "prosecutions heard (convicted or acquitted)"})
    income = Money(metadata={"description": "paid on these notices"})


class OutcomeWardSchema(OutcomeTotalsSchema):
    ward = ma.fields.String()


class OutcomeTypeSchema(OutcomeTotalsSchema):
    notice_type = ma.fields.String()


class OutcomeRowSchema(OutcomeWardSchema, OutcomeTypeSchema):
    pass


class OutcomeMonthSchema(OutcomeTotalsSchema):
    month = ma.fields.String(metadata={"description": "the month they were issued, as 2026-11"})


class OutcomesSchema(ma.Schema):
    from_ = ma.fields.Date(data_key="from")
    to = ma.fields.Date()
    rows = ma.fields.List(ma.fields.Nested(OutcomeRowSchema), metadata={"description": "by ward and notice type"})
    totals = ma.fields.Nested(OutcomeTotalsSchema)
    by_ward = ma.fields.List(ma.fields.Nested(OutcomeWardSchema))
    by_notice_type = ma.fields.List(ma.fields.Nested(OutcomeTypeSchema))
    by_month = ma.fields.List(ma.fields.Nested(OutcomeMonthSchema), metadata={
        "description": "every month of the period"})


class TermSchema(ma.Schema):
    effective_from = ma.fields.Date(required=True)
    amount = Money(required=True)
    discount_amount = Money(allow_none=True, load_default=None)
    discount_days = Count(maximum=366, allow_none=True, load_default=None)
    payment_days = Count(maximum=366, load_default=14)


class ProhibitionSchema(ma.Schema):
    id = Id()
    code = ma.fields.String()
    short_name = ma.fields.String()
    wording = ma.fields.String()
    report_label = ma.fields.String()
    vehicle = ma.fields.Boolean()
    alcohol = ma.fields.Boolean()
    terms = ma.fields.List(ma.fields.Nested(TermSchema))


class ScopeSchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    kind = ma.fields.String()
    wards = ma.fields.List(ma.fields.String())
    streets = ma.fields.List(ma.fields.String())
    prohibitions = ma.fields.List(ma.fields.Nested(ProhibitionSchema))


class VariationSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(["extension", "variation"]))
    decided_on = ma.fields.Date(required=True)
    new_end = ma.fields.Date(allow_none=True, load_default=None)
    description = ma.fields.String(required=True, validate=validate.Length(min=3))
    recorded_by = ma.fields.String(dump_only=True)


class NewProhibitionSchema(ma.Schema):
    code = ma.fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9-]{2,60}$"))
    short_name = ma.fields.String(required=True, validate=validate.Length(min=2, max=120))
    wording = ma.fields.String(required=True, validate=validate.Length(min=2))
    report_label = ma.fields.String(validate=validate.Length(max=160))
    vehicle = ma.fields.Boolean(load_default=False)
    alcohol = ma.fields.Boolean(load_default=False, metadata={
        "description": "Consuming alcohol in breach of the order (an offence under s.63, level 2), not s.67"})
    terms = ma.fields.List(ma.fields.Nested(TermSchema), load_default=list)


class NewScopeSchema(ma.Schema):
    code = ma.fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9-]{2,40}$"))
    name = ma.fields.String(required=True)
    kind = ma.fields.String(required=True, validate=validate.OneOf(["boroughwide", "area", "parks", "streets"]))
    report_prefix = ma.fields.String(required=True)
    wards = ma.fields.List(ma.fields.String(validate=validate.OneOf(WARDS)), load_default=list)
    streets = ma.fields.List(ma.fields.String(), load_default=list)
    prohibitions = ma.fields.List(ma.fields.Nested(NewProhibitionSchema), required=True,
                                  validate=validate.Length(min=1))


class NewOrderSchema(ma.Schema):
    code = ma.fields.String(required=True, validate=validate.Regexp(r"^[A-Z0-9-]{3,40}$"))
    title = ma.fields.String(required=True, validate=validate.Length(min=3, max=200))
    legal_basis = ma.fields.String(required=True, validate=validate.Length(min=3, max=200))
    in_force_from = ma.fields.Date(required=True)
    in_force_to = ma.fields.Date(required=True)
    notes = ma.fields.String(load_default="")
    issued_through = ma.fields.String(load_default="officers", validate=validate.OneOf(["officers", "noise", "cctv"]),
                                      metadata={"description": "'officers', or the one service whose casework asks "
                                                               "for its notices"})
    scopes = ma.fields.List(ma.fields.Nested(NewScopeSchema), required=True, validate=validate.Length(min=1))


class PolicySchema(ma.Schema):
    effective_from = ma.fields.Date(required=True)
    rule = ma.fields.String(required=True, validate=validate.OneOf(POLICY_RULES, error="Choose fpn_at_once or "
                                                                                      "warning_first"))
    lookback_days = Count(maximum=3660, allow_none=True, load_default=None, metadata={
        "description": "warning_first: how many days back an earlier warning counts"})
    source = ma.fields.String(required=True, validate=validate.Length(min=3, max=1000), metadata={
        "description": "the decision or publication the policy comes from"})


class EarlierQuerySchema(ma.Schema):
    prohibition_id = Id(required=True, error_messages={"required": "Select the prohibition"})
    offender = ma.fields.Nested(OffenderSchema, required=True)
    on = ma.fields.Date(metadata={"description": "the day of the breach (default: today)"})


class EarlierNoticeSchema(ma.Schema):
    number = ma.fields.String()
    issued_on = ma.fields.Date()
    outcome = ma.fields.String()
    state = ma.fields.String()
    notice_type = ma.fields.String()
    match = ma.fields.String(metadata={"description": "certain (same name and date of birth, or the same mark), "
                                                     "likely (same date of birth, a very similar name), possible "
                                                     "(same name, a date of birth missing)"})


class EarlierSchema(ma.Schema):
    order_code = ma.fields.String()
    policy = ma.fields.String(allow_none=True, metadata={"description": "the order's policy in words"})
    rule = ma.fields.String()
    expected_outcome = ma.fields.String(metadata={"description": "fpn or warning: what the policy expects"})
    explanation = ma.fields.String()
    earlier = ma.fields.List(ma.fields.Nested(EarlierNoticeSchema), metadata={
        "description": "earlier notices under the order that may be this person's: numbers, dates and outcomes "
                       "only, never another person's details"})


class OrderSchema(ma.Schema):
    code = ma.fields.String()
    title = ma.fields.String()
    legal_basis = ma.fields.String()
    in_force_from = ma.fields.Date()
    in_force_to = ma.fields.Date(metadata={"description": "after recorded extensions"})
    notes = ma.fields.String()
    issued_through = ma.fields.String(metadata={"description": "officers (the form, or any service), or the one "
                                                               "service whose casework asks for its notices"})
    variations = ma.fields.List(ma.fields.Nested(VariationSchema))
    policies = ma.fields.List(ma.fields.Nested(PolicySchema))
    scopes = ma.fields.List(ma.fields.Nested(ScopeSchema))


class OrderQuerySchema(ma.Schema):
    on = ma.fields.Date(metadata={"description": "only orders in force on this date"})
    issued_through = ma.fields.String(validate=validate.OneOf(["officers", "noise", "cctv"]), metadata={
        "description": "only orders whose notices are issued this way: 'officers' for the officers' form"})
    ward = ma.fields.String(metadata={"description": "only scopes that apply in this ward"})


class CapSchema(ma.Schema):
    legal_basis = ma.fields.String(required=True)
    effective_from = ma.fields.Date(required=True)
    max_amount = Money(required=True)
    source = ma.fields.String(required=True)


class OutcomesQuerySchema(ma.Schema):
    from_ = ma.fields.Date(required=True, data_key="from", error_messages={
        "required": "Enter the first day of the period", "invalid": "Enter the first day as a real date"})
    to = ma.fields.Date(required=True, error_messages={
        "required": "Enter the last day of the period", "invalid": "Enter the last day as a real date"})
    format = ma.fields.String(load_default="json", validate=validate.OneOf(["json", "csv", "xlsx"]))


class OfficerProfileSchema(ma.Schema):
    username = ma.fields.String(dump_only=True)
    full_name = ma.fields.String(required=True, validate=validate.Length(
        min=2, max=120, error="Enter the officer's full name, 120 characters or fewer"))
    authorisation_number = ma.fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9][A-Za-z0-9 /-]{1,39}$", error="Enter the authorisation number as it is on the officer's "
                                                     "warrant card, like BR-EO-0142"))
    authorised_under = ma.fields.String(validate=validate.Length(max=1000), metadata={
        "description": "the authorisation the officer acts under (the borough's s.68 ASBCPA authorisation unless "
                       "given)"})
    updated_by = ma.fields.String(dump_only=True)
    updated_at = ma.fields.AwareDateTime(dump_only=True)


class NewNumberBlockSchema(ma.Schema):
    device = ma.fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9-]{8,64}$", error="The device's identifier: 8 to 64 letters, digits or hyphens"), metadata={
        "description": "an identifier the device made for itself when it first signed in"})


class NumberBlockSchema(ma.Schema):
    id = Id()
    username = ma.fields.String()
    device = ma.fields.String()
    size = ma.fields.Integer()
    issued_at = ma.fields.AwareDateTime()
    returned_at = ma.fields.AwareDateTime(allow_none=True)
    returned_by = ma.fields.String(allow_none=True)
    numbers = ma.fields.List(ma.fields.Dict(), metadata={
        "description": "each number as a fixed penalty notice (fpn) and as a warning (warning): the device uses the "
                       "one that fits the notice; the digits are used once"})
    used = ma.fields.List(ma.fields.String(), metadata={"description": "the numbers notices carry"})
    unused = ma.fields.List(ma.fields.String(), metadata={
        "description": "the digits no notice carries: still to use, or void once the block is returned"})


class FootageRequestSchema(ma.Schema):
    id = Id(dump_only=True)
    notice_number = ma.fields.Function(lambda r: display(r.notice.number), dump_only=True)
    received_on = ma.fields.Date(required=True, error_messages={"required": "Enter the date the request was "
                                                                            "received"})
    channel = ma.fields.String(required=True, validate=validate.OneOf(
        FOOTAGE_CHANNELS, error="Choose how it was asked for: " + ", ".join(FOOTAGE_CHANNELS)))
    recorded_by = ma.fields.String(dump_only=True)
    released_on = ma.fields.Date(dump_only=True, allow_none=True)
    released_how = ma.fields.String(dump_only=True, allow_none=True)
    released_by = ma.fields.String(dump_only=True, allow_none=True)


class FootageReleaseSchema(ma.Schema):
    released_on = ma.fields.Date(required=True, error_messages={"required": "Enter the date the footage was "
                                                                            "released"})
    how = ma.fields.String(required=True, validate=validate.Length(min=3, max=500, error="Say how it was released, "
                                                                                           "like 'secure link e-mailed'"))


class EvidencePackSchema(ma.Schema):
    notice_number = ma.fields.Function(lambda p: display(p["notice_number"]))
    items = ma.fields.List(ma.fields.Dict(), metadata={"description": "body-worn video and photograph references"})
    held = ma.fields.Boolean(metadata={"description": "whether the footage must be kept now"})
    kept_until = ma.fields.Date(allow_none=True, metadata={"description": "none while it is held open-ended"})
    why = ma.fields.String()
    deleted_at = ma.fields.AwareDateTime(allow_none=True)
    deleted_by = ma.fields.String(allow_none=True)
    requests = ma.fields.List(ma.fields.Nested(FootageRequestSchema))


class DueForDeletionSchema(ma.Schema):
    notice_number = ma.fields.String()
    state = ma.fields.String()
    items = ma.fields.List(ma.fields.Dict())
    kept_until = ma.fields.Date()
    why = ma.fields.String()


class SampleRequestSchema(ma.Schema):
    month = ma.fields.String(required=True, validate=validate.Regexp(
        r"^20\d\d-(0[1-9]|1[0-2])$", error="Enter the month as a year and month, like 2026-11"),
        error_messages={"required": "Enter the month to sample"})


class ReviewQuerySchema(ma.Schema):
    month = ma.fields.String(validate=validate.Regexp(r"^20\d\d-(0[1-9]|1[0-2])$",
                                                      error="Enter the month as a year and month, like 2026-11"))
    waiting = ma.fields.Boolean(load_default=False, metadata={"description": "only those not reviewed yet"})


class ReviewSchema(ma.Schema):
    id = Id()
    month = ma.fields.String()
    officer = ma.fields.String()
    notice_number = ma.fields.Function(lambda r: display(r.notice.number))
    notice_type = ma.fields.Function(lambda r: r.notice.notice_type)
    outcome = ma.fields.String(allow_none=True, metadata={"description": "correct or problem; none until reviewed"})
    reason = ma.fields.String(allow_none=True)
    reviewed_by = ma.fields.String(allow_none=True)
    reviewed_at = ma.fields.AwareDateTime(allow_none=True)


class ReviewOutcomeSchema(ma.Schema):
    outcome = ma.fields.String(required=True, validate=validate.OneOf(REVIEW_OUTCOMES, error="Choose correct or "
                                                                                             "problem"),
                               error_messages={"required": "Select whether the notice was correct"})
    reason = ma.fields.String(allow_none=True, load_default=None, validate=validate.Length(max=2000))


class MixQuerySchema(ma.Schema):
    from_ = ma.fields.Date(required=True, data_key="from", error_messages={
        "required": "Enter the first day of the period", "invalid": "Enter the first day as a real date"})
    to = ma.fields.Date(required=True, error_messages={
        "required": "Enter the last day of the period", "invalid": "Enter the last day as a real date"})


class OfficerMixRowSchema(ma.Schema):
    officer = ma.fields.String()
    name = ma.fields.String()
    authorisation_number = ma.fields.String(allow_none=True)
    notices = ma.fields.Integer()
    fpns = ma.fields.Integer()
    warnings = ma.fields.Integer()
    cancelled = ma.fields.Integer()
    representations_upheld = ma.fields.Integer(metadata={"description": "notices cancelled or reduced to a warning "
                                                                        "after a representation"})
    review_problems = ma.fields.Integer(metadata={"description": "sampled notices a supervisor found a problem with"})
    by_type = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    flags = ma.fields.List(ma.fields.String(), metadata={"description": "notice types far above the rest of the "
                                                                        "team's share"})


class OfficerMixSchema(ma.Schema):
    from_ = ma.fields.Date(data_key="from")
    to = ma.fields.Date()
    team_by_type = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    officers = ma.fields.List(ma.fields.Nested(OfficerMixRowSchema))
