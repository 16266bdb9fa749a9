"""Case endpoints: the team's queue of flagged cases, cases by status, and one case's timeline."""
from flask_smorest import Blueprint
from sqlalchemy import select

from shared.sessions import db_session
from services.noise import cases
from services.noise.models import Case, QueueEntry
from services.noise.schemas import CaseQuerySchema, CaseSchema, CaseSummarySchema, QueueEntrySchema

blp = Blueprint("cases", __name__, url_prefix="/api/v1", description="Noise cases and the team's queue")


@blp.get("/queue")
@blp.response(200, QueueEntrySchema(many=True))
def queue():
    """The Nuisance Control Team's queue: every flagged case, newest first, with the decision that flagged it."""
    return db_session().scalars(select(QueueEntry).order_by(QueueEntry.flagged_at.desc(), QueueEntry.id.desc())).all()


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
