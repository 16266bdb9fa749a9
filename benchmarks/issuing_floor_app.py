"""`make bench`'s third target: the least an issuing request can cost inside the fpn service as it is built.

The real fpn app (services.fpn.app), with its sign-in check against the account, access table, request guard,
request id, access log and schemas, and one extra route, POST /api/v1/floor-notices, that does only what every
issue must at the least: load the request with NoticeRequestSchema, then, in ONE statement, move the number
counter, insert the notice (naming the officer from their profile), its audit row and its outbox event, unless the
Idempotency-Key was used before; and answer with NoticeSchema. No issuing rule runs (order in force, ward, details,
age, policy, amounts), no register is read and no check digit is made: it is not a way to issue notices, and it
exists only in this benchmark's app, never in the service's.

What it measures: the throughput no version of issuing can pass without leaving the framework, the guard rails or
the schemas behind; the aim (half the bare INSERT) is only reachable if this floor is well above it.
"""
import hashlib
import hmac
import json
import uuid
from datetime import date, datetime, timezone
from decimal import Decimal

from flask import Flask, request
from flask_smorest import Blueprint
from sqlalchemy import text

from shared.auth import current_caller
from shared.idempotency import idempotency_key
from shared.sessions import db_session
from services.fpn import app as fpn_app
from services.fpn.access import ACCESS
from services.fpn.models import Notice
from services.fpn.schemas import NoticeRequestSchema, NoticeSchema

ENDPOINT = "floor.issue_floor_notice"
ISSUE = text("""
WITH earlier AS (SELECT 1 FROM fpn.notices WHERE issued_by = :who AND idempotency_key = :key),
officer AS (SELECT full_name, authorisation_number FROM fpn.officer_profiles WHERE username = :who),
counter AS (UPDATE fpn.number_counter SET next_serial = next_serial + 1
            WHERE id = 1 AND NOT EXISTS (SELECT 1 FROM earlier) RETURNING next_serial),
notice AS (
    INSERT INTO fpn.notices (number, order_id, prohibition_id, order_code, notice_type, occurred_at, ward, latitude,
                             longitude, street_address, observed, offender, evidence, outcome, state, amount,
                             discount_amount, discount_until, pay_by, issued_by, officer_name, officer_number,
                             identification_shown, effective_at, issued_at, source, idempotency_key, request_hash,
                             demonstration)
    SELECT 'FPN' || counter.next_serial || '0', p.order_id, p.id, :order_code, p.report_label, :occurred_at, :ward,
           :latitude, :longitude, :street_address, :observed, CAST(:offender AS json), CAST(:evidence AS json), 'fpn',
           'issued', :amount, :discount, :discount_until, :pay_by, :who, officer.full_name,
           officer.authorisation_number, true, :now, :now, 'officer', :key, :hash, false
    FROM counter, officer, (SELECT pr.id, s.order_id, pr.report_label FROM fpn.prohibitions pr
                            JOIN fpn.scopes s ON s.id = pr.scope_id WHERE pr.id = :prohibition_id) p
    RETURNING id, number, order_id, notice_type, officer_name, officer_number),
audited AS (INSERT INTO fpn.audit_log (at, actor, action, entity, entity_id, data, mac)
            SELECT :now, :who, 'notice_issued', 'notice', number, CAST(:audit_data AS json), :mac FROM notice),
announced AS (INSERT INTO fpn.outbox (id, task, payload, created_at, attempts)
              SELECT :event_id, 'cctv.notice_issued', json_build_object('notice_number', number, 'ward', :ward),
                     :now, 0 FROM notice)
SELECT * FROM notice""")

floor = Blueprint("floor", __name__, url_prefix="/api/v1/floor-notices")


@floor.post("")
@floor.arguments(NoticeRequestSchema())
@floor.response(201, NoticeSchema)
def issue_floor_notice(body):
    """The floor: see the module."""
    who, key, now = current_caller().username, idempotency_key(), datetime.now(timezone.utc)
    location, audit_data = body["location"], json.dumps({"state": "issued", "outcome": "fpn", "source": "officer"})
    values = dict(who=who, key=key, now=now, prohibition_id=body["prohibition_id"], order_code=body["order_code"],
                  occurred_at=body["occurred_at"], ward=location["ward"], latitude=location.get("latitude"),
                  longitude=location.get("longitude"), street_address=location.get("street_address"),
                  observed=body["observed"], offender=json.dumps(body["offender"], default=str),
                  evidence=json.dumps(body.get("evidence", [])), amount=Decimal("100.00"), discount=Decimal("60.00"),
                  discount_until=date.today(), pay_by=date.today(), hash=hashlib.sha256(request.get_data()).hexdigest(),
                  audit_data=audit_data, mac=hmac.new(b"floor", audit_data.encode(), "sha256").hexdigest(),
                  event_id=str(uuid.uuid4()))
    session = db_session()
    row = session.execute(ISSUE, values).first()
    session.commit()
    if row is None:
        raise RuntimeError("the floor route found the Idempotency-Key used, the officer or the prohibition missing")
    return Notice(**row._mapping, prohibition_id=body["prohibition_id"], order_code=body["order_code"],
                  occurred_at=body["occurred_at"], ward=location["ward"], latitude=location.get("latitude"),
                  longitude=location.get("longitude"), street_address=location.get("street_address"),
                  observed=body["observed"], offender=body["offender"], evidence=body.get("evidence", []),
                  outcome="fpn", state="issued", amount=values["amount"], discount_amount=values["discount"],
                  discount_until=values["discount_until"], pay_by=values["pay_by"], issued_by=who,
                  identification_shown=True, effective_at=now, issued_at=now, source="officer",
                  idempotency_key=key, demonstration=False), 201


def create_app() -> Flask:
    """The fpn app as `make run` serves it, with the floor route added (see the module)."""
    def register_blueprints(app: Flask, api) -> None:
        fpn_app.register_blueprints(app, api)
        api.register_blueprint(floor)

    from shared.web import build_service_app
    from services.fpn import jobs, models

    return build_service_app("fpn", fpn_app.__name__, None, None, tables=models.tables, jobs=jobs.jobs,
                             access={**ACCESS, ENDPOINT: ("enforcement_officer",)},
                             register_blueprints=register_blueprints, pages=fpn_app.PAGES)
