"""A qualifying noise case is handed to the Nuisance Control Team through a real Celery worker and a real SMTP
server (aiosmtpd, on this machine): it goes in the queue and the team is e-mailed exactly once, even when the
qualifying report is sent by several clients at the same moment, when the worker dies while talking to the mail
server, and when the mail server is down for a while."""
import os
import signal
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.noise.models import Case, Email, QueueEntry
from tests.conftest import bearer
from tests.integration.conftest import MailServer, relay_until, wait_for
from tests.noise.conftest import days_ago, report

pytestmark = pytest.mark.integration
TEAM = "nuisance.control@brent.test"


def _post(app, body):
    answer = app.test_client().post("/api/v1/incidents", json=body, headers={
        **bearer("nuisance.adeyemi", "nuisance_officer"), "Idempotency-Key": str(uuid.uuid4())})
    assert answer.status_code == 201, answer.json
    return answer.json


def _two_occasions(app, address: str) -> str:
    for days in (12, 6):  # officers' own reports: no reporter to write to, so the team's is the only e-mail
        reference = _post(app, report(started=days_ago(days), address=address, reporter=None))["case_reference"]
    return reference


def _to_team(server) -> list[str]:
    return [m for m in server.messages if f"To: {TEAM}" in m]


def _count(engine, model, *where) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_case_qualified_by_reports_sent_at_once_is_queued_and_the_team_emailed_once(
        apps, start_worker, committed, mail_server):
    noise = apps["noise"]
    worker = start_worker("noise", SBO_SMTP_URL=mail_server.url, SBO_NOISE_TEAM_EMAIL=TEAM)
    reference = _two_occasions(noise, "22 Craven Park Road, London NW10 8SE")
    party = days_ago(1, hour=23)
    bodies = [report(started=party, address="22 Craven Park Road, London NW10 8SE",
                     reporter={"name": f"Neighbour Number{n}", "email": f"neighbour{n}@example.org"})
              for n in range(6)]
    with ThreadPoolExecutor(6) as clients:  # six neighbours' apps send the same night's report together
        list(clients.map(lambda body: _post(noise, body), bodies))

    relay_until(noise, lambda: _to_team(mail_server), 60, "the team's e-mail")
    relay_until(noise, lambda: True, 5, "anything left")  # give a second e-mail every chance to appear
    wait_for(lambda: "noise.send_email" in worker.log.read_text(), 10, "the e-mail task to be logged")
    assert len(_to_team(mail_server)) == 1
    sent = _to_team(mail_server)[0]
    assert f"To: {TEAM}" in sent and f"Noise case {reference} qualifies for investigation" in sent
    assert "3 separate nuisance-level occasions" in sent and "Harlesden" in sent
    assert "Neighbour" not in sent and "example.org" not in sent  # no reporter's details in e-mail
    assert _count(committed, QueueEntry) == 1
    with Session(committed) as session:
        case = session.scalar(select(Case).where(Case.reference == reference))
        email = session.scalar(select(Email).where(Email.to == TEAM))
        assert case.status == "qualified" and email.sent_at is not None and email.attempts == 1
    log = worker.log.read_text()
    assert "Neighbour" not in log and "example.org" not in log and "ERROR" not in log, log[-3000:]


def test_a_worker_that_dies_while_talking_to_the_mail_server_still_sends_the_email_once(
        apps, start_worker, committed, mail_server):
    noise = apps["noise"]
    mail_server.hold()
    first = start_worker("noise", SBO_SMTP_URL=mail_server.url, SBO_NOISE_TEAM_EMAIL=TEAM)
    reference = _two_occasions(noise, "5 Manor Park Road, London NW10 4JJ")
    _post(noise, report(started=days_ago(1), address="5 Manor Park Road, London NW10 4JJ", reporter=None))
    relay_until(noise, mail_server.in_conversation.is_set, 60, "the worker to start talking to the mail server")
    os.kill(first.pid, signal.SIGKILL)  # mid-conversation: the server has not got the message
    first.wait(10)
    mail_server.release()
    start_worker("noise", SBO_SMTP_URL=mail_server.url, SBO_NOISE_TEAM_EMAIL=TEAM)  # the replacement
    relay_until(noise, lambda: mail_server.messages, 150, "the replacement worker to send the e-mail")
    assert len(mail_server.messages) == 1 and reference in mail_server.messages[0]
    with Session(committed) as session:
        assert session.scalar(select(Email)).sent_at is not None


def test_an_email_to_a_mail_server_that_is_down_is_sent_once_it_is_back(apps, start_worker, committed):
    noise = apps["noise"]
    server = MailServer()  # not started yet: its port refuses connections
    worker = start_worker("noise", SBO_SMTP_URL=server.url, SBO_NOISE_TEAM_EMAIL=TEAM,
                          SBO_DATABASE_RETRY_SECONDS="1")
    reference = _two_occasions(noise, "9 Church Road, London NW10 9NP")
    _post(noise, report(started=days_ago(1), address="9 Church Road, London NW10 9NP", reporter=None))
    relay_until(noise, lambda: worker.log.read_text().count("event handling postponed") >= 2, 60,
                 "the worker to find the mail server down and try again")
    assert server.messages == []
    server.controller.start()
    try:
        relay_until(noise, lambda: server.messages, 60, "the e-mail once the mail server is back")
        assert len(server.messages) == 1 and reference in server.messages[0]
    finally:
        server.controller.stop()
