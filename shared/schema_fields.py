"""Fields whose limits are those of the columns behind them, so an out-of-range value is a 422, never a 500, and
the OpenAPI documents state the limits."""
from decimal import Decimal

import marshmallow as ma
from marshmallow import validate

MAX_ID = 2**31 - 1  # PostgreSQL's integer
MAX_MONEY = Decimal("999999.99")  # Numeric(8, 2)


def Id(**kwargs) -> ma.fields.Integer:
    """A row id: a positive PostgreSQL integer."""
    return ma.fields.Integer(validate=validate.Range(1, MAX_ID), **kwargs)


def Count(*, maximum: int = 3650, **kwargs) -> ma.fields.Integer:
    """A whole number of days or things, from 0 up to `maximum`."""
    return ma.fields.Integer(validate=validate.Range(0, maximum), **kwargs)


class MoneyField(ma.fields.Decimal):
    """An amount in pounds with pence, sent and documented as a string such as "100.00" (never a float)."""

    def __init__(self, **kwargs):
        metadata = {"pattern": r"^\d{1,6}(\.\d{1,2})?$", "example": "100.00", **kwargs.pop("metadata", {})}
        super().__init__(places=2, as_string=True, validate=_within_money_range, metadata=metadata, **kwargs)


def _within_money_range(value: Decimal) -> None:
    """From £0.00 to the most the database can hold."""
    if not Decimal("0") <= value <= MAX_MONEY:
        raise ma.ValidationError(f"Give an amount from 0.00 to {MAX_MONEY}.")


def Money(**kwargs) -> MoneyField:
    """An amount in pounds with pence, sent as a string such as "100.00"."""
    return MoneyField(**kwargs)


def required_text(minimum: int, maximum: int = 2000, *, enter: str, what: str, **kwargs):
    """Required text, with messages in GOV.UK's style: 'Enter ...' when missing or blank, the length when too short
    or too long."""
    def check(value: str) -> None:
        if not value.strip():
            raise ma.ValidationError(enter)
        if not minimum <= len(value) <= maximum:
            raise ma.ValidationError(f"{what} must be between {minimum} and {maximum} characters")

    return ma.fields.String(required=True, validate=check, error_messages={"required": enter, "null": enter},
                            **kwargs)


def needed(field_class, message: str, invalid: str | None = None, **kwargs):
    """A required field whose message says what to give ('Enter ...', 'Select ...')."""
    return field_class(required=True, error_messages={"required": message, "null": message,
                                                      "invalid": invalid or message}, **kwargs)
