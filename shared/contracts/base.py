"""What every event contract is made of: a versioned schema, and the task name it is sent to."""
import json
from dataclasses import dataclass
from functools import cached_property
from datetime import date

import marshmallow as ma

from shared.errors import field_errors
from shared.text_rules import MAX_DEPTH, TooDeep, control_character_fields


class ContractViolation(Exception):
    """A producer tried to send a payload its contract does not allow: a bug in the sending service."""


class MalformedEvent(Exception):
    """A payload that arrived and does not load through its contract."""

    def __init__(self, task: str, errors: list[dict]):
        super().__init__(f"{task}: " + "; ".join(f"{e['field']}: {e['message']}" for e in errors))
        self.task = task
        self.errors = errors


class EventSchema(ma.Schema):
    """A payload schema. `VERSION` is what producers send; `ACCEPTS` is every version consumers still understand.

    Fields a consumer does not know are ignored, so a producer may add a field without a new version; a change that
    removes or reshapes a field needs a new VERSION, and consumers keep the old one in ACCEPTS until every producer
    has been upgraded. A payload with no version is version 1 (events sent before versions existed).
    """

    VERSION = 1
    ACCEPTS = (1,)

    class Meta:
        unknown = ma.EXCLUDE

    version = ma.fields.Integer(load_default=1)

    @ma.validates_schema(pass_original=True)
    def _no_control_characters(self, _data, original_data, **_kwargs):
        try:
            found = control_character_fields(original_data)
        except TooDeep as too_deep:
            raise ma.ValidationError(f"Nested more than {MAX_DEPTH} levels deep.", str(too_deep) or "_schema")
        if found:
            raise ma.ValidationError({field: ["Remove the control character (such as a NUL byte)."]
                                      for field in found})

    @ma.validates("version")
    def _understood(self, value, **_kwargs):
        if value not in self.ACCEPTS:
            raise ma.ValidationError(f"Version {value} is not understood here; this consumer accepts "
                                     f"{', '.join(map(str, self.ACCEPTS))}. Upgrade the consumer first.")


class ScheduledRun(EventSchema):
    """A scheduled job's run: the London day it runs for (a run caught up late, or by hand, names an earlier day)."""

    as_of = ma.fields.Date(required=True)


def _plain(value):
    """The JSON form of a value json cannot write itself: ISO 8601 for dates and times, text for the rest."""
    return value.isoformat() if isinstance(value, date) else str(value)


@dataclass(frozen=True)
class Contract:
    """One task name and the schema of its payload."""

    task: str
    schema: type[EventSchema]

    @cached_property
    def _schema(self) -> EventSchema:
        """One instance of the schema, made once: marshmallow schemas are reusable and costly to build."""
        return self.schema()

    @property
    def consumer(self) -> str:
        """The service whose worker receives this task (the first part of its name)."""
        return self.task.split(".", 1)[0]

    def dump(self, data: dict) -> dict:
        """The JSON payload to send, stamped with the current version; ContractViolation if `data` breaks it.

        `data` may hold Python values (datetimes, dates, Decimals) or their JSON forms; either way it is checked
        against the schema as the consumer will load it, and sent in the schema's canonical form.
        """
        schema = self._schema
        # Keys may be given as the schema's attribute names (from_state) or as sent (from).
        sent_as = {name: field.data_key or name for name, field in schema.fields.items()}
        data = {sent_as.get(key, key): value for key, value in {**data, "version": schema.VERSION}.items()}
        try:
            loaded = schema.load(json.loads(json.dumps(data, default=_plain)))
        except ma.ValidationError as exc:
            raise ContractViolation(f"{self.task}: the payload breaks its contract: {exc.messages}") from exc
        return schema.dump(loaded)

    def load(self, payload) -> dict:
        """The payload as Python values, or MalformedEvent naming each field that is wrong."""
        try:
            return self._schema.load(payload)
        except ma.ValidationError as exc:
            raise MalformedEvent(self.task, field_errors(exc.messages)) from exc
