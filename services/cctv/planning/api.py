"""Rotation plan endpoints: ask for a plan (solved on cctv's worker), and follow it to its moves."""
from flask import current_app, url_for
from flask_smorest import Blueprint
from sqlalchemy import select

from shared.auth import current_caller
from shared.brent import today
from shared.sessions import db_session, get_or_404
from services.cctv.planning import plans
from services.cctv.planning.models import RotationPlan
from services.cctv.planning.schemas import PlanSchema, PlanSummarySchema

blp = Blueprint("plans", __name__, url_prefix="/api/v1/plans", description="Camera rotation plans")


@blp.post("")
@blp.response(202, PlanSchema)
def ask_for_plan():
    """Ask for a rotation plan from next month (SBO_CCTV_PLAN_MONTHS, 12 by default): the optimiser runs on cctv's
    worker within SBO_CCTV_PLAN_SECONDS; follow its progress at the Location given. While a plan is being made,
    asking again returns that plan."""
    session = db_session()
    plan, _created = plans.ask(session=session, settings=current_app.config["SETTINGS"],
                               actor=current_caller().username, today=today())
    session.commit()
    return plan, 202, {"Location": url_for("plans.get_plan", plan_id=plan.id)}


@blp.get("")
@blp.response(200, PlanSummarySchema(many=True))
def list_plans():
    """The 20 latest plans, newest first."""
    return db_session().scalars(select(RotationPlan).order_by(RotationPlan.id.desc()).limit(20)).all()


@blp.get("/<int:plan_id>")
@blp.response(200, PlanSchema)
def get_plan(plan_id):
    """A plan: its progress while solving, then its moves (each with what it gains and gives up), the greedy
    plan's beside them, and the sites and need it was made from."""
    return get_or_404(RotationPlan, plan_id, "plan")
