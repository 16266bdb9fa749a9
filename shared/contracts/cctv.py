"""Payloads cctv sends itself: a rotation plan to be solved (the optimiser runs on cctv's worker, not in a web
request), and a keeper to look up for a vehicle breach. References only: never a keeper's details."""
import marshmallow as ma

from shared.contracts.base import EventSchema


class SolvePlan(EventSchema):
    """A rotation plan was asked for: solve it and keep its progress on its record."""

    plan_id = ma.fields.Integer(required=True)


class LookupKeeper(EventSchema):
    """A vehicle breach needs its registered keeper: ask the DVLA adapter (retried until it answers)."""

    lookup_id = ma.fields.Integer(required=True)


class SolveRota(EventSchema):
    """The control-room manager asked for a rota: solve it and keep its progress on its record."""

    rota_id = ma.fields.Integer(required=True)


class RotaPublished(EventSchema):
    """A rota was published: its staff are told their shifts. References and dates only."""

    rota_id = ma.fields.Integer(required=True)
    first_day = ma.fields.Date(required=True)
    last_day = ma.fields.Date(required=True)
