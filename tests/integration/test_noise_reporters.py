"""A reporter with no account follows their case from the first report to its closure, through a real Celery worker
and a real SMTP server: each message arrives, the closing letter as a PDF, and the private link in the first
e-mail shows the case. Then every document and event that left the service is checked: none names the reporter."""
import email
import email.policy
import io
import json
import re
import uuid

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.noise.models import AbatementNotice, AuditEntry, OutboxMessage, ReporterMessage
from tests.conftest import bearer
from tests.integration.conftest import relay_until
from tests.noise.conftest import days_ago, report

pytestmark = pytest.mark.integration
TEAM = "nuisance.control@brent.test"
ADDRESS = "Flat 2, 14 Quiet Road, London NW10 2BY"
JO = {"name": "Jo Quietlife", "email": "jo.quietlife@example.org", "phone": "020 7946 0123",
      "address": "Flat 1, 16 Quiet Road, London NW10 2BY"}


def officer() -> dict:
    return bearer("nuisance.adeyemi", "nuisance_officer")


def _post(app, path, body, key=None):
    answer = app.test_client().post(path, json=body, headers={**officer(), "Idempotency-Key": key or str(uuid.uuid4())})
    assert answer.status_code in (200, 201), answer.json
    return answer.json


def _mails_to(server, address) -> list[email.message.EmailMessage]:
    parsed = [email.message_from_string(m, policy=email.policy.default) for m in server.messages]
    return [m for m in parsed if m["To"] == address]


def _arrives(app, server, subject_part: str):
    relay_until(app, lambda: any(subject_part in m["Subject"] for m in _mails_to(server, JO["email"])), 90,
                f"the reporter's e-mail '{subject_part}'")
    return next(m for m in _mails_to(server, JO["email"]) if subject_part in m["Subject"])


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _names_jo(text: str) -> list[str]:
    digits = re.sub(r"\D", "", text)
    found = [value for value in (JO["name"], JO["email"], "Quietlife") if value.lower() in text.lower()]
    if "02079460123" in digits:
        found.append(JO["phone"])
    if "16 Quiet Road" in text or "16 QUIET RD" in text.upper():
        found.append(JO["address"])
    return found


def test_a_reporter_follows_their_case_to_its_closure_and_is_never_named_to_anyone_else(
        apps, start_worker, committed, mail_server):
    noise = apps["noise"]
    worker = start_worker("noise", SBO_SMTP_URL=mail_server.url, SBO_NOISE_TEAM_EMAIL=TEAM,
                          SBO_NOISE_PUBLIC_URL="http://noise.brent.test")
    reference = _post(noise, "/api/v1/incidents", report(started=days_ago(20), address=ADDRESS,
                                                         reporter=JO))["case_reference"]

    opened = _arrives(noise, mail_server, "We have logged your noise report")
    link = re.search(r"http://noise\.brent\.test(/follow/\S+)", opened.get_content()).group(1)
    page = noise.test_client().get(link)
    assert page.status_code == 200 and reference in page.text and "Logged: we are watching" in page.text

    for days in (14, 8):  # an officer's own observations: the case qualifies
        _post(noise, "/api/v1/incidents", report(started=days_ago(days), address=ADDRESS, reporter=None))
    qualified = _arrives(noise, mail_server, "has been passed to an officer")
    assert "3 separate nuisance-level occasions began within 28 days" in qualified.get_content()
    assert noise.test_client().get(f"/open311/v2/requests/{_first_incident(noise, reference)}.json") \
        .json[0]["status_notes"] == "Passed to the Nuisance Control Team to investigate."

    case = f"/api/v1/cases/{reference}"
    assert noise.test_client().put("/api/v1/nuisance-officers/nuisance.adeyemi", headers=officer(), json={
        "name": "Ade Adeyemi", "email": "ade.adeyemi@brent.test", "wards": []}).status_code == 200
    _post(noise, f"{case}/assign", {"officer": "nuisance.adeyemi"})
    _post(noise, f"{case}/record-landlord", {"name": "Brent Homes Housing Association",
                                             "email": "tenancy@brent-homes.test"})
    served = _post(noise, f"{case}/serve-abatement-notice", {
        "served_on_name": "Sam Source", "served_on_address": ADDRESS, "responsible": "resident",
        "requirements": "Stop amplified music audible outside the flat between 23:00 and 07:00.",
        "served_at": days_ago(6, hour=10).isoformat(), "compliance_date": days_ago(4).date().isoformat()})
    notice_mail = _arrives(noise, mail_server, "An abatement notice has been served")
    assert "Sam Source" not in notice_mail.get_content()  # nor is the source named to the reporter
    _post(noise, f"{case}/record-breach", {
        "abatement_notice_id": served["abatement_notices"][0]["id"], "occurred_at": days_ago(1).isoformat(),
        "details": "Music witnessed from the street at 22:40, well above background."})
    _post(noise, f"{case}/close", {"outcome": "abated"})

    closing = _arrives(noise, mail_server, "The outcome of your noise case")
    [letter] = [part for part in closing.iter_attachments() if part.get_content_type() == "application/pdf"]
    text = _pdf_text(letter.get_content())
    assert "We have closed case" in text and reference in text and "Jo Quietlife" in text
    assert "The noise has stopped" in text
    assert _names_jo(text) == [JO["name"], "Quietlife", JO["address"]]  # the check below finds Jo where Jo is named
    page = noise.test_client().get(link)
    assert "Closed" in page.text and "Read the letter (PDF)" in page.text
    letter_link = re.search(r'href="(/api/v1/follow/[^"]+\.pdf)"', page.text).group(1)
    assert noise.test_client().get(letter_link).data == letter.get_content()

    relay_until(noise, lambda: len(mail_server.messages) >= 6, 30, "the team's and the landlord's e-mails")
    with Session(committed) as session:
        told = session.scalars(select(ReporterMessage).order_by(ReporterMessage.id)).all()
        assert [m.kind for m in told] == ["received", "qualified", "notice_served", "closed"]
        assert all(m.email.sent_at is not None for m in told)
        # Everything that left the service for anyone but the reporter, and everything kept about the source:
        outgoing = {f"event {m.task}": json.dumps(m.payload) for m in session.scalars(select(OutboxMessage))}
        outgoing |= {f"abatement notice {n.version}": " ".join((n.served_on_name, n.served_on_address,
                                                                n.requirements))
                     for n in session.scalars(select(AbatementNotice))}
        outgoing |= {f"audit {a.action}": json.dumps(a.data) for a in session.scalars(select(AuditEntry))}
    for sent in mail_server.messages:
        parsed = email.message_from_string(sent, policy=email.policy.default)
        if parsed["To"] != JO["email"]:
            outgoing[f"e-mail to {parsed['To']}: {parsed['Subject']}"] = parsed.get_body().get_content()
            for part in parsed.iter_attachments():
                outgoing[f"attachment to {parsed['To']}"] = _pdf_text(part.get_content())
    assert {"e-mail to " + TEAM, "e-mail to tenancy@brent-homes.test"} <= {k.split(":")[0] for k in outgoing}
    assert {"event fpn.issue_notice", "event cctv.noise_case_qualified"} <= set(outgoing)  # to the other services
    named = {where: _names_jo(text) for where, text in outgoing.items() if _names_jo(text)}
    assert named == {}
    log = worker.log.read_text()
    assert _names_jo(log) == [] and "ERROR" not in log, log[-3000:]
    assert "/follow/" not in log.replace("/follow/(private link)", "")


def _first_incident(app, reference) -> int:
    case = app.test_client().get(f"/api/v1/cases/{reference}", headers=officer()).json
    return case["occasions"][0]["incidents"][0]["id"]
