"""Payloads cctv sends itself: a rotation plan to be solved (the optimiser runs on cctv's worker, not in a web
request)."""
import marshmallow as ma

from shared.contracts.base import EventSchema


class SolvePlan(EventSchema):
    """A rotation plan was asked for: solve it and keep its progress on its record."""

    plan_id = ma.fields.Integer(required=True)
