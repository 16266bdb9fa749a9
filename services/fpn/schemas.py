"""The fpn API's request and response shapes: the single source of truth, also the OpenAPI document."""
import marshmallow as ma
from marshmallow import validate

from shared.brent import WARDS
from shared.contracts.notices import NoticeParticularsSchema
from shared.schema_fields import Count, Id, Money
from services.fpn.lifecycle import PROSECUTION_OUTCOMES, STATES
from services.fpn.notice_numbers import display


class NoticeRequestSchema(NoticeParticularsSchema):
    """An officer's notice: the particulars every notice states, and the prohibition by its register id."""

    prohibition_id = Id(required=True)


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
    issued_at = ma.fields.AwareDateTime()
    approved_by = ma.fields.String()
    paid_amount = Money()
    paid_on = ma.fields.Date()
    closing_reason = ma.fields.String()
    prosecution_outcome = ma.fields.String()


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
    "amount": lambda required: Money(required=required, metadata={"description": "the amount paid"}),
    "paid_on": lambda required: ma.fields.Date(required=required, metadata={"description": "the day it was paid"}),
    "prosecution_outcome": lambda required: ma.fields.String(
        required=required, validate=validate.OneOf(PROSECUTION_OUTCOMES)),
}


def action_schema(action) -> type[ma.Schema]:
    """The request body of one lifecycle action: the details it needs (required) and an optional reason."""
    names = dict.fromkeys([*action.needs, "reason"])
    return ma.Schema.from_dict({name: ACTION_FIELDS[name](name in action.needs) for name in names},
                               name=f"{action.name.title().replace('_', '')}Details")


class OutcomeTotalsSchema(ma.Schema):
    fpns_issued = ma.fields.Integer()
    reduced_to_warning = ma.fields.Integer()
    referred_to_legal = ma.fields.Integer()


class OutcomeRowSchema(OutcomeTotalsSchema):
    ward = ma.fields.String()
    notice_type = ma.fields.String()


class OutcomesSchema(ma.Schema):
    from_ = ma.fields.Date(data_key="from")
    to = ma.fields.Date()
    rows = ma.fields.List(ma.fields.Nested(OutcomeRowSchema))
    totals = ma.fields.Nested(OutcomeTotalsSchema)


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
    from_ = ma.fields.Date(required=True, data_key="from")
    to = ma.fields.Date(required=True)
    format = ma.fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))
