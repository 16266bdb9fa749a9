"""Shapes of the control room's rota in the cctv API."""
import marshmallow as ma
from marshmallow import validate

from shared.schema_fields import needed, required_text
from services.cctv.rota.rota_rules import ROLES, WEEKLY_REST
from services.cctv.rota.rotas import MAX_WEEKS

ABSENCE_KINDS = ("annual_leave", "sickness", "training", "other")


def _one_of(choices, message: str, **kwargs):
    return needed(ma.fields.String, message, validate=validate.OneOf(choices, error=message), **kwargs)


class StaffCreateSchema(ma.Schema):
    name = required_text(2, 120, enter="Enter the person's name", what="The name")
    role = _one_of(ROLES, "Select officer, senior or manager")
    contracted_hours = needed(ma.fields.Float, "Enter their contracted hours a week",
                              "Enter their contracted hours a week as a number, for example 37.5",
                              validate=validate.Range(1, 48, error="Contracted hours must be from 1 to 48 a week"))
    shifts = needed(ma.fields.List, "Select the shifts they may work", cls_or_instance=ma.fields.String(
        validate=validate.Length(min=1, max=20)), validate=validate.Length(min=1, error="Select the shifts they may work"))
    username = ma.fields.String(allow_none=True, validate=validate.Length(max=80),
                                metadata={"description": "their sign-in name, so they see their own shifts"})
    email = ma.fields.Email(allow_none=True, validate=validate.Length(max=200),
                            error_messages={"invalid": "Enter an email address like name@brent.gov.uk"})


class StaffChangeSchema(StaffCreateSchema):
    active = ma.fields.Boolean()

    class Meta:
        partial = True


class StaffSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    role = ma.fields.String()
    contracted_hours = ma.fields.Float()
    shifts = ma.fields.List(ma.fields.String())
    username = ma.fields.String(allow_none=True)
    email = ma.fields.String(allow_none=True)
    active = ma.fields.Boolean()
    has_feed = ma.fields.Function(lambda m: m.feed_token_hash is not None)


class FeedLinkSchema(ma.Schema):
    url = ma.fields.String(metadata={"description": "the private calendar link: shown once; a new link revokes it"})


class AbsenceCreateSchema(ma.Schema):
    first_day = needed(ma.fields.Date, "Enter the first day away", "Enter the first day away as a real date")
    last_day = needed(ma.fields.Date, "Enter the last day away", "Enter the last day away as a real date")
    kind = _one_of(ABSENCE_KINDS, "Select annual leave, sickness, training or other")
    note = ma.fields.String(allow_none=True, validate=validate.Length(max=500))

    @ma.validates_schema(skip_on_field_errors=False)
    def _in_order(self, data, **_kwargs):
        """Told with the other problems, so that every error shows at once."""
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            raise ma.ValidationError({"last_day": ["The last day away must be the same as or after the first day"]})


class AbsenceSchema(AbsenceCreateSchema):
    id = ma.fields.Integer()
    staff_id = ma.fields.Integer()
    recorded_by = ma.fields.String()


class PreferenceCreateSchema(ma.Schema):
    wants = needed(ma.fields.Boolean, "Say whether they ask for it (true) or against it (false)")
    day = ma.fields.Date(allow_none=True)
    weekday = ma.fields.Integer(allow_none=True, validate=validate.Range(0, 6, error="Choose a weekday from 0 "
                                                                                     "(Monday) to 6 (Sunday)"))
    shift = ma.fields.String(allow_none=True, validate=validate.Length(max=20))
    note = ma.fields.String(allow_none=True, validate=validate.Length(max=500))

    @ma.validates_schema
    def _one_day(self, data, **_kwargs):
        if (data.get("day") is None) == (data.get("weekday") is None):
            raise ma.ValidationError({"day": ["Enter either a date or a weekday, not both"]})


class PreferenceSchema(PreferenceCreateSchema):
    id = ma.fields.Integer()
    staff_id = ma.fields.Integer()


class TimesSchema(ma.Schema):
    start = needed(ma.fields.Time, "Enter when it starts, like 08:00", "Enter the start as a time, like 08:00")
    end = needed(ma.fields.Time, "Enter when it ends, like 16:00", "Enter the end as a time, like 16:00")
    ends_next_day = ma.fields.Boolean(load_default=False)


class ShiftSchema(ma.Schema):
    code = ma.fields.String(dump_only=True)
    name = required_text(2, 40, enter="Enter the shift's name", what="The name")
    sunday_to_thursday = needed(ma.fields.Nested, "Enter its Sunday to Thursday times", nested=TimesSchema)
    friday_saturday = needed(ma.fields.Nested, "Enter its Friday and Saturday times", nested=TimesSchema)
    unpopular = ma.fields.Boolean(load_default=False)


class DemandCellSchema(ma.Schema):
    weekday = needed(ma.fields.Integer, "Enter the weekday, 0 (Monday) to 6 (Sunday)",
                     validate=validate.Range(0, 6, error="Choose a weekday from 0 (Monday) to 6 (Sunday)"))
    shift = needed(ma.fields.String, "Enter the shift", validate=validate.Length(max=20))
    officers = needed(ma.fields.Integer, "Enter how many officers it needs",
                      validate=validate.Range(0, 50, error="Enter from 0 to 50 officers"))


class DemandSchema(ma.Schema):
    cells = ma.fields.List(ma.fields.Nested(DemandCellSchema), required=True, validate=validate.Length(max=500))


class EventCreateSchema(ma.Schema):
    name = required_text(2, 200, enter="Enter the event's name", what="The name")
    starts_at = needed(ma.fields.AwareDateTime, "Enter when it starts (ISO 8601 with an offset)")
    ends_at = needed(ma.fields.AwareDateTime, "Enter when it ends (ISO 8601 with an offset)")
    extra_officers = ma.fields.Integer(load_default=1, validate=validate.Range(1, 20, error="Enter from 1 to 20"),
                                       error_messages={"invalid": "Enter the extra officers as a whole number"})

    @ma.validates_schema
    def _in_order(self, data, **_kwargs):
        if data["ends_at"] <= data["starts_at"]:
            raise ma.ValidationError({"ends_at": ["The event must end after it starts"]})


class EventSchema(EventCreateSchema):
    id = ma.fields.Integer()
    source = ma.fields.String()


class EventImportQuerySchema(ma.Schema):
    extra_officers = ma.fields.Integer(load_default=1, validate=validate.Range(
        1, 20, error="Enter from 1 to 20 extra officers"), error_messages={
        "invalid": "Enter the extra officers as a whole number, like 1"})


def _number(kind, what: str, low, high, error: str | None = None):
    """A rule's or weight's figure, with messages that say what to enter."""
    invalid = f"Enter {what} as a {'whole ' if kind is ma.fields.Integer else ''}number"
    return kind(validate=validate.Range(low, high, error=error or f"Enter {what} from {low} to {high}"),
                error_messages={"invalid": invalid, "null": invalid})


class RulesSchema(ma.Schema):
    daily_rest_hours = _number(ma.fields.Float, "the rest between shifts", 11, 24, "Daily rest is at least 11 hours")
    weekly_rest = ma.fields.String(validate=validate.OneOf(list(WEEKLY_REST), error="Choose 24_in_7 or 48_in_14"))
    max_average_weekly_hours = _number(ma.fields.Float, "the most hours a week", 1, 48, "At most 48 hours a week")
    overtime_hours_per_week = _number(ma.fields.Float, "the overtime allowed", 0, 20)
    max_consecutive_shifts = _number(ma.fields.Integer, "the most shifts in a row", 1, 12)
    max_consecutive_nights = _number(ma.fields.Integer, "the most nights in a row", 1, 7)
    senior_hours_per_day = _number(ma.fields.Float, "the senior cover a day", 0, 24)
    exempt_daily_rest = ma.fields.Boolean(metadata={"description": "regulation 21: shorter rest with compensatory "
                                                                   "rest"})
    exempt_weekly_rest = ma.fields.Boolean()


class WeightsSchema(ma.Schema):
    uncovered_shift = _number(ma.fields.Integer, "the points for an uncovered shift", 0, 100000)
    senior_hour_short = _number(ma.fields.Integer, "the points for an hour without senior cover", 0, 100000)
    preference = _number(ma.fields.Integer, "the points for a request not met", 0, 100000)
    fairness = _number(ma.fields.Integer, "the points for unfairness", 0, 100000)
    backward_rotation = _number(ma.fields.Integer, "the points for a backward rotation", 0, 100000)
    change = _number(ma.fields.Integer, "the points for a changed shift", 0, 100000)
    hours_short = _number(ma.fields.Integer, "the points for the manager's hours", 0, 100000)


class RulesAndWeightsSchema(ma.Schema):
    rules = ma.fields.Nested(RulesSchema, load_default=dict)
    weights = ma.fields.Nested(WeightsSchema, load_default=dict)


def _a_monday(day) -> None:
    """A rota starts on a Monday, so that its weeks are the weekly-rest blocks."""
    if day.weekday() != 0:
        raise ma.ValidationError("Choose a Monday for the rota's first day")


SECONDS = _number(ma.fields.Float, "the time the solver may take, in seconds,", 1, 600,
                  "Give the solver 1 to 600 seconds")


class RotaAskSchema(ma.Schema):
    first_day = needed(ma.fields.Date, "Enter the rota's first day (a Monday)", "Enter the first day as a real date",
                       validate=_a_monday)
    weeks = needed(ma.fields.Integer, "Enter how many weeks the rota covers",
                   f"Enter the number of weeks as a whole number from 1 to {MAX_WEEKS}",
                   validate=validate.Range(1, MAX_WEEKS, error=f"A rota covers 1 to {MAX_WEEKS} weeks"))
    time_limit_seconds = SECONDS


class ResolveSchema(ma.Schema):
    from_day = needed(ma.fields.Date, "Enter the day to re-solve from", "Enter the day as a real date")
    time_limit_seconds = _number(ma.fields.Float, "the time the solver may take, in seconds,", 1, 600,
                                 "Give the solver 1 to 600 seconds")


class ChangeSchema(ma.Schema):
    kind = _one_of(("swap", "cover", "absence"), "Select swap, cover or absence")
    staff_id = needed(ma.fields.Integer, "Select the person whose shift changes")
    day = needed(ma.fields.Date, "Enter the day of their shift", "Enter the day as a real date")
    with_staff_id = ma.fields.Integer(allow_none=True, metadata={"description": "swap or cover: the other person"})
    with_day = ma.fields.Date(allow_none=True, metadata={"description": "swap: the other person's shift's day "
                                                                        "(default: the same day)"})
    last_day = ma.fields.Date(allow_none=True, metadata={"description": "absence: the last day away"})
    absence_kind = ma.fields.String(allow_none=True, validate=validate.OneOf(ABSENCE_KINDS))
    note = ma.fields.String(allow_none=True, validate=validate.Length(max=500))

    @ma.validates_schema(skip_on_field_errors=False)
    def _complete(self, data, **_kwargs):
        if data.get("kind") in ("swap", "cover") and not data.get("with_staff_id"):
            raise ma.ValidationError({"with_staff_id": ["Select who takes the shift"]})
        if data.get("kind") in ("swap", "cover") and data.get("with_staff_id") == data.get("staff_id"):
            raise ma.ValidationError({"with_staff_id": ["Select someone else to swap with or to cover the shift"]})
        if data.get("kind") == "absence" and data.get("last_day") and data.get("day") and data["last_day"] < data["day"]:
            raise ma.ValidationError({"last_day": ["The last day away must be the same as or after the first day"]})


class ChangeResultSchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.String()
    asked = ma.fields.Dict()
    accepted = ma.fields.Boolean()
    breaches = ma.fields.List(ma.fields.Dict(), metadata={"description": "each rule it would break, with why"})
    uncovered = ma.fields.List(ma.fields.Dict(), metadata={"description": "shifts it leaves short"})
    decided_by = ma.fields.String()
    decided_at = ma.fields.AwareDateTime()


class DutySchema(ma.Schema):
    staff_id = ma.fields.Integer()
    day = ma.fields.Date()
    shift = ma.fields.String()


class RotaSummarySchema(ma.Schema):
    id = ma.fields.Integer()
    first_day = ma.fields.Date()
    weeks = ma.fields.Integer()
    based_on = ma.fields.Integer(allow_none=True)
    open_from = ma.fields.Date(allow_none=True)
    status = ma.fields.String(metadata={"description": "queued, solving, finished, failed, published or replaced"})
    progress = ma.fields.Float()
    outcome = ma.fields.String(allow_none=True, metadata={"description": "optimal (proven), feasible (the time ran "
                                                                         "out: see gap) or none"})
    penalty = ma.fields.Float(allow_none=True)
    bound = ma.fields.Float(allow_none=True)
    gap = ma.fields.Function(lambda r: None if r.penalty is None or r.bound is None else
                             (0.0 if r.penalty <= 0 else round(max(0.0, (r.penalty - r.bound) / r.penalty), 4)),
                             metadata={"description": "how much lower the penalty of the best rota might be, as a "
                                                      "share of this one's"})
    requested_by = ma.fields.String()
    requested_at = ma.fields.AwareDateTime()
    published_at = ma.fields.AwareDateTime(allow_none=True)


class RotaSchema(RotaSummarySchema):
    problem = ma.fields.Dict(metadata={"description": "the staff, shifts, demand, rules and weights it was made from"})
    time_limit_seconds = ma.fields.Float()
    solutions = ma.fields.List(ma.fields.Dict())
    parts = ma.fields.Dict(metadata={"description": "the penalty by aim"})
    duties = ma.fields.List(ma.fields.Nested(DutySchema))
    shortfalls = ma.fields.List(ma.fields.Dict(), metadata={"description": "each uncovered shift, with why"})
    capacity = ma.fields.String(allow_none=True)
    figures = ma.fields.List(ma.fields.Dict())
    compensations = ma.fields.List(ma.fields.Dict())
    breaches = ma.fields.List(ma.fields.Dict())
    failure = ma.fields.String(allow_none=True)
    started_at = ma.fields.AwareDateTime(allow_none=True)
    finished_at = ma.fields.AwareDateTime(allow_none=True)
    published_by = ma.fields.String(allow_none=True)


class MyShiftSchema(ma.Schema):
    day = ma.fields.Date()
    shift = ma.fields.String()
    shift_name = ma.fields.String()
    starts_at = ma.fields.AwareDateTime()
    ends_at = ma.fields.AwareDateTime()
