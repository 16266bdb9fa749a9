"""Case endpoints: the team's queue of flagged cases, cases by status, and one case's timeline."""
from datetime import datetime, timedelta, timezone

from flask import current_app
from flask_smorest import Blueprint
from sqlalchemy import select

from shared.auth import current_caller
from shared.sessions import db_session
from services.noise import casework, cases, lifecycle, merging
from services.noise.incidents_api import threshold_settings
from services.noise.models import Case
from services.noise.schemas import (CaseQuerySchema, CaseSchema, CaseSummarySchema, MergeResultSchema, MergeSchema,
                                    QueueEntrySchema, QueueQuerySchema, action_schema)

blp = Blueprint("cases", __name__, url_prefix="/api/v1", description="Noise cases and the team's queue")


@blp.get("/queue")
@blp.arguments(QueueQuerySchema(), location="query")
@blp.response(200, QueueEntrySchema(many=True))
def queue(query):
    """The Nuisance Control Team's queue: every flagged case still open, newest first (or, with
    sort=oldest_unreviewed_evidence, the case whose recording has waited longest first), with the decision that
    flagged it, and the oldest evidence nobody has assessed yet (overdue after SBO_NOISE_EVIDENCE_REVIEW_DAYS)."""
    settings = current_app.config["SETTINGS"]
    due = datetime.now(timezone.utc) - timedelta(days=settings.noise_evidence_review_days)
    return cases.queue(db_session(), sort=query["sort"], due=due)


@blp.get("/cases")
@blp.arguments(CaseQuerySchema(), location="query")
@blp.response(200, CaseSummarySchema(many=True))
def list_cases(query):
    """Cases, newest first, optionally of one status (monitoring, qualified or closed)."""
    statement = select(Case).order_by(Case.id.desc())
    if query.get("status"):
        statement = statement.where(Case.status == query["status"])
    return db_session().scalars(statement).all()


@blp.get("/cases/<reference>")
@blp.response(200, CaseSchema)
def get_case(reference):
    """One case with its timeline: each occasion and the incidents that made it, and every threshold decision,
    so an officer can see why it qualified (or why not yet)."""
    return cases.get_case(db_session(), reference)


@blp.post("/cases/<reference>/merge")
@blp.arguments(MergeSchema())
@blp.response(200, MergeResultSchema)
def merge(body, reference):
    """Merge this case into another open case about the same source: every report moves with its history, the
    reports are grouped into occasions again, and the threshold is checked over the merged case and recorded. This
    case is closed as "merged into ..."; its reporters are told. Refused (422, every problem at once) for a case
    merged into itself, into a closed case, or a case with an abatement notice merged away."""
    caller, session = current_caller(), db_session()
    case, decision = merging.merge(session=session, reference=reference, into_reference=body.get("into"),
                                   reason=body.get("reason"), actor=caller.username, now=datetime.now(timezone.utc),
                                   **threshold_settings())
    session.commit()
    return {"case": case, "decision": decision}


def _action_route(action: lifecycle.Action) -> None:
    """POST /cases/<reference>/<action>: one route per casework action, documented with the details it needs."""

    def act_on_case(body, reference):
        caller, session = current_caller(), db_session()
        case = casework.act(session=session, reference=reference, action=action.name, details=body,
                            actor=caller.username, roles=caller.roles, now=datetime.now(timezone.utc))
        session.commit()
        return case

    act_on_case.__doc__ = f"{action.explains}\n\nPossible from: {', '.join(action.starts_from)}."
    view = blp.response(200, CaseSchema)(blp.arguments(action_schema(action.name)())(act_on_case))
    blp.route(f"/cases/<reference>/{action.name.replace('_', '-')}", methods=["POST"], endpoint=action.name)(view)


for _action in lifecycle.ACTIONS.values():
    _action_route(_action)
