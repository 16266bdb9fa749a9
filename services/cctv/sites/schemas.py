"""Shapes of sites and deployment requests in the cctv API (also its OpenAPI document)."""
from datetime import date

import marshmallow as ma
from marshmallow import validate

from shared.brent import BOUNDS, WARDS, today
from shared.schema_fields import needed, required_text
from services.cctv.sites import request_rules


def _one_of(choices, message: str):
    return needed(ma.fields.String, message, validate=validate.OneOf(list(choices), error=message),
                  metadata={"description": "one of: " + ", ".join(choices)})


def _in_brent(axis: str):
    low, high = BOUNDS[axis]
    return ma.fields.Float(allow_none=True, validate=validate.Range(
        low, high, error=f"The {axis} must be in Brent, between {low} and {high}"))


def _not_future(what: str):
    def check(value: date) -> None:
        if value > today():
            raise ma.ValidationError(f"{what} must be today or in the past")

    return check


class NewSiteSchema(ma.Schema):
    """A place: its name, ward and, where known, address and position."""

    name = required_text(3, 200, enter="Enter the site's name, for example the street and the nearest junction",
                         what="The site's name")
    address = ma.fields.String(allow_none=True, validate=validate.Length(max=300))
    ward = _one_of(WARDS, "Select one of Brent's wards")
    latitude = _in_brent("latitude")
    longitude = _in_brent("longitude")

    @ma.validates_schema
    def _both_or_neither(self, data, **_kwargs):
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ma.ValidationError("Enter both the latitude and the longitude, or neither", "longitude"
                                     if data.get("longitude") is None else "latitude")


class RequestSummarySchema(ma.Schema):
    reference = ma.fields.String()
    status = ma.fields.String()
    problem = ma.fields.String()
    requester = ma.fields.String()
    deployable = ma.fields.Function(lambda r: request_rules.deployable(
        status=r.status, dpia_completed_on=r.dpia_completed_on, signage_plan=r.signage_plan))


class SiteDetailsSchema(ma.Schema):
    reference = ma.fields.String()
    name = ma.fields.String()
    address = ma.fields.String(allow_none=True)
    ward = ma.fields.String()
    latitude = ma.fields.Float(allow_none=True)
    longitude = ma.fields.Float(allow_none=True)


class SiteSchema(SiteDetailsSchema):
    requests = ma.fields.List(ma.fields.Nested(RequestSummarySchema))


class RequestCreateSchema(ma.Schema):
    """A request for a deployable camera: at a site already recorded (`site`), or at a new one (`new_site`)."""

    site = ma.fields.String(allow_none=True, validate=validate.Length(max=20),
                            metadata={"description": "a site's reference, CS-0001"})
    new_site = ma.fields.Nested(NewSiteSchema, allow_none=True)
    requester_kind = _one_of(request_rules.REQUESTERS, "Select who is asking: a BJAG locality, the police, a council "
                                                       "team or a housing provider")
    requester = required_text(2, 200, enter="Enter the body asking, for example Harlesden BJAG",
                              what="The body asking")
    problem = _one_of(request_rules.PROBLEMS, "Select the problem the camera is for")
    problem_detail = required_text(10, 5000, enter="Describe the problem and its evidence", what="The problem")
    aim = required_text(10, 2000, enter="Enter what the camera should achieve", what="What the camera should achieve")
    received_on = needed(ma.fields.Date, "Enter the date the request was received",
                         "Enter the date the request was received as a real date",
                         validate=_not_future("The date the request was received"))

    @ma.validates_schema
    def _one_site(self, data, **_kwargs):
        if bool(data.get("site")) == bool(data.get("new_site")):
            raise ma.ValidationError("Select a site already recorded, or describe a new one (not both)", "site")


class SafeguardsSchema(ma.Schema):
    """The privacy safeguards the Surveillance Camera Code expects before a camera goes up."""

    dpia_reference = ma.fields.String(validate=validate.Length(min=1, max=80, error="The DPIA reference must be "
                                                                                    "between 1 and 80 characters"))
    dpia_completed_on = ma.fields.Date(validate=_not_future("The DPIA's completion date"),
                                       error_messages={"invalid": "Enter the DPIA's completion date as a real date"})
    signage_plan = ma.fields.String(validate=validate.Length(min=10, max=5000, error="The signage plan must be "
                                                                                    "between 10 and 5000 characters"))


class DecisionSchema(ma.Schema):
    decision = _one_of(request_rules.DECISIONS, "Select approve, refuse or withdraw")
    reason = ma.fields.String(allow_none=True, validate=validate.Length(max=5000))


class RequestSchema(RequestSummarySchema):
    """A deployment request with everything recorded about it."""

    site = ma.fields.Nested(SiteDetailsSchema)
    requester_kind = ma.fields.String()
    problem_detail = ma.fields.String()
    aim = ma.fields.String()
    received_on = ma.fields.Date()
    dpia_reference = ma.fields.String(allow_none=True)
    dpia_completed_on = ma.fields.Date(allow_none=True)
    signage_plan = ma.fields.String(allow_none=True)
    decided_on = ma.fields.Date(allow_none=True)
    decided_by = ma.fields.String(allow_none=True)
    refusal_reason = ma.fields.String(allow_none=True)
    needs_anpr = ma.fields.Function(lambda r: request_rules.needs_anpr(r.problem))


class RequestQuerySchema(ma.Schema):
    status = ma.fields.String(validate=validate.OneOf(["submitted", "approved", "refused", "withdrawn"],
                                                      error="Choose submitted, approved, refused or withdrawn"))
