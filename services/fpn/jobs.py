"""fpn's periodic jobs: the outbox relay, and the nightly referral of unpaid notices to legal."""
from datetime import datetime, timezone

from shared.contracts.tasks import TaskNames
from shared.jobs import audit_jobs, outbox_job
from shared.relay import relay_job
from services.fpn import notices, quality


def jobs(app) -> list[dict]:
    """The relay, the audit chain's sealing and checkpoints, at 00:30 the move of unpaid notices past their payment
    period to legal, and on the 1st of each month the draw of last month's sample of notices for review."""

    def refer_now(as_of) -> str:
        with app.extensions["sbo_db"].transaction() as session:
            referred = notices.refer_overdue(session=session, today=as_of, now=datetime.now(timezone.utc))
        return f"{len(referred)} notice{'' if len(referred) == 1 else 's'} referred to legal as of {as_of}"

    def sample_now(as_of) -> str:
        month = quality.previous_month(as_of)
        with app.extensions["sbo_db"].transaction() as session:
            drawn = quality.draw_sample(session=session, month=month, share=app.config["SETTINGS"].fpn_review_share,
                                        actor="system", now=datetime.now(timezone.utc))
        return f"{len(drawn)} notice{'' if len(drawn) == 1 else 's'} of {month} sampled for review"

    return [
        relay_job(app),
        *audit_jobs(app),
        outbox_job(app, TaskNames.REFER_OVERDUE_NOTICES, name="refer unpaid notices past their payment period to legal",
                   run_now=refer_now, trigger="cron", hour=0, minute=30),
        outbox_job(app, TaskNames.DRAW_REVIEW_SAMPLE, name="draw last month's sample of officers' notices for review",
                   run_now=sample_now, trigger="cron", day=1, hour=1, minute=0),
    ]
