"""The nightly referral to legal: sent through the outbox (so Redis being down loses no night), caught up when the
scheduler starts, and run by hand for any day with `sbo run-job`."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from shared.jobs import find
from shared.scheduler import build_scheduler
from services.fpn.models import Notice, OutboxMessage


def test_the_nightly_referral_is_queued_in_the_outbox_for_the_london_day(fpn_app, db):
    with fpn_app.app_context():
        find(fpn_app, "fpn.refer_overdue_notices")["func"](date(2026, 12, 24))
    [queued] = db.scalars(select(OutboxMessage).where(OutboxMessage.task == "fpn.refer_overdue_notices")).all()
    assert queued.payload == {"version": 1, "as_of": "2026-12-24"} and queued.published_at is None


def test_a_missed_night_is_caught_up_as_soon_as_the_scheduler_starts(fpn_app):
    job = build_scheduler([fpn_app]).get_job("fpn.refer_overdue_notices")
    assert job.next_run_time <= datetime.now(timezone.utc) + timedelta(seconds=5)


def test_run_job_refers_what_was_overdue_on_the_day_given(fpn_app, client, issue, notice_body, db):
    number = issue(notice_body).json["number"].replace(" ", "")
    notice = db.scalar(select(Notice).where(Notice.number == number))
    notice.pay_by = date(2026, 3, 1)
    db.commit()
    runner = fpn_app.test_cli_runner()
    not_yet = runner.invoke(args=["sbo", "run-job", "fpn.refer_overdue_notices", "--as-of", "2026-03-01"])
    assert not_yet.exit_code == 0 and "0 notices referred" in not_yet.output
    done = runner.invoke(args=["sbo", "run-job", "fpn.refer_overdue_notices", "--as-of", "2026-03-02"])
    assert done.exit_code == 0 and "1 notice referred to legal as of 2026-03-02" in done.output
    db.refresh(notice)
    assert notice.state == "referred_to_legal"
    unknown = runner.invoke(args=["sbo", "run-job", "fpn.refer_everything"])
    assert unknown.exit_code != 0 and "fpn.refer_overdue_notices" in unknown.output
