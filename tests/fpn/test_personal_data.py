"""Personal data (offenders) is never written to the logs or the audit log."""
import logging

from sqlalchemy import select

from services.fpn.models import AuditEntry, OutboxMessage


def test_issuing_and_refusing_log_no_offender_details(issue, notice_body, caplog, db):
    caplog.set_level(logging.DEBUG)
    issue(notice_body)
    issue({**notice_body, "occurred_at": "2020-01-01T10:00:00+00:00"})
    logged = caplog.text + "".join(str(r.__dict__) for r in caplog.records)
    for value in ("Sam Example", "1990-05-17", "1 Example Road"):
        assert value not in logged
    stored = [str(a.data) for a in db.scalars(select(AuditEntry))] + \
             [str(m.payload) for m in db.scalars(select(OutboxMessage))]
    assert not any("Sam Example" in s or "1990-05-17" in s for s in stored)
