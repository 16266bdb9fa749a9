"""cctv's Celery tasks: consume fpn's and noise's events, each exactly once by event id, loaded through their
contracts; solve the rotation plans the Working Group asks for and the rotas the control-room manager asks for; and
tell staff their shifts when a rota is published."""
from datetime import datetime, timezone

from flask import current_app

from shared import notice_requests
from shared.brent import today
from shared.consumers import TryAgainLater, consumer
from shared.contracts.tasks import TaskNames
from shared.sessions import database
from services.cctv import signals
from services.cctv.anpr import enforcement
from services.cctv.anpr.dvla import KeeperClient, KeeperServiceAway
from services.cctv.planning import plans
from services.cctv.rota import rotas
from services.cctv.models import NoticeRequest


@consumer(TaskNames.CCTV_NOTICE_ISSUED)
def notice_issued(*, session, event_id: str, data: dict) -> None:
    """An FPN or warning was issued: record it as demand for cameras in that ward."""
    signals.record_notice(session=session, notice=data)


@consumer(TaskNames.CCTV_NOTICE_STATE_CHANGED)
def notice_state_changed(*, session, event_id: str, data: dict) -> None:
    """A notice moved on: keep the demand signal's status in step, and follow the notices cctv asked for."""
    signals.update_notice_state(session=session, change=data)
    notice_requests.record_state_changed(session, NoticeRequest, data)


@consumer(TaskNames.CCTV_NOTICE_ISSUED_FOR_REQUEST)
def notice_issued_for_request(*, session, event_id: str, data: dict) -> None:
    """fpn issued a notice cctv asked for: keep its number and terms against the request."""
    notice_requests.record_issued(session, NoticeRequest, data)


@consumer(TaskNames.CCTV_NOTICE_REFUSED)
def notice_refused(*, session, event_id: str, data: dict) -> None:
    """fpn refused a notice cctv asked for: keep the reason against the request."""
    notice_requests.record_refused(session, NoticeRequest, data)


@consumer(TaskNames.CCTV_NOISE_CASE_QUALIFIED)
def noise_case_qualified(*, session, event_id: str, data: dict) -> None:
    """A noise case qualified: record it as demand for cameras in that ward."""
    signals.record_noise_case(session=session, case=data)


@consumer(TaskNames.CCTV_SOLVE_PLAN)
def solve_plan(*, session, event_id: str, data: dict) -> str:
    """Solve a rotation plan that was asked for, recording its progress as it goes."""
    try:
        return plans.solve(transaction=database().transaction, plan_id=data["plan_id"],
                           settings=current_app.config["SETTINGS"], today=today())
    except Exception as failure:
        plans.fail(transaction=database().transaction, plan_id=data["plan_id"],
                   why="The plan could not be made. Ask for it again; if it fails again, tell the system's "
                       f"administrators ({type(failure).__name__}).")
        raise


@consumer(TaskNames.CCTV_LOOKUP_KEEPER)
def lookup_keeper(*, session, event_id: str, data: dict) -> str:
    """Look up a breach's registered keeper through the DVLA adapter. While the service is down or rate limited the
    look-up is tried again later, backing off, for as long as it takes: nothing is lost."""
    settings = current_app.config["SETTINGS"]
    try:
        return enforcement.look_up_keeper(session=session, lookup_id=data["lookup_id"],
                                          client=KeeperClient(settings.dvla_url, settings.dvla_api_key),
                                          now=datetime.now(timezone.utc))
    except KeeperServiceAway as away:
        with database().transaction() as other:  # kept though this task's transaction is not
            enforcement.note_lookup_failure(session=other, lookup_id=data["lookup_id"], reason=away.reason)
        raise TryAgainLater(f"keeper service {away.reason}", after=away.retry_after) from None


@consumer(TaskNames.CCTV_SOLVE_ROTA)
def solve_rota(*, session, event_id: str, data: dict) -> str:
    """Solve a rota the manager asked for, recording its progress as it goes."""
    try:
        return rotas.solve(transaction=database().transaction, rota_id=data["rota_id"])
    except Exception as failure:
        rotas.fail(transaction=database().transaction, rota_id=data["rota_id"],
                   why="The rota could not be made. Ask for it again; if it fails again, tell the system's "
                       f"administrators ({type(failure).__name__}).")
        raise


@consumer(TaskNames.CCTV_ROTA_PUBLISHED)
def rota_published(*, session, event_id: str, data: dict) -> str:
    """Tell each person on a published rota their shifts, by e-mail where they have an address. Each message
    keeps one Message-ID per rota and person, so a message sent again is recognised as the same one."""
    settings = current_app.config["SETTINGS"]
    try:
        sent = rotas.tell_staff(session=session, rota_id=data["rota_id"], sender=settings.mail_from,
                                   smtp_url=settings.smtp_url)
    except OSError as away:
        raise TryAgainLater("mail server unreachable") from away
    return f"{sent} told"
