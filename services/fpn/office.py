"""The supervisors' back office page: find notices, each notice's details, history and actions, the approval queue,
and the outcomes report. Public for the same reason as the officers' form: it holds no data, and works through the
JSON API with the supervisor's sign-in."""
from flask import Blueprint, render_template
from sqlalchemy import select

from shared.brent import WARDS
from shared.sessions import db_session
from services.fpn import lifecycle
from services.fpn.models import Order

blp = Blueprint("office", __name__)


@blp.get("/office")
def page():
    """The page, with what its forms offer: wards, orders, states, and the lifecycle's actions and their details."""
    orders = db_session().execute(select(Order.code, Order.title).order_by(Order.title)).all()
    actions = {a.name: {"starts_from": a.starts_from, "needs": a.needs, "explains": a.explains,
                        "roles": lifecycle.people_who_may(a)} for a in lifecycle.ACTIONS.values()}
    states = {s: s.replace("_", " ").capitalize() for s in lifecycle.STATES}
    reference = {"actions": actions, "states": states, "payment_methods": lifecycle.PAYMENT_METHODS,
                 "prosecution_outcomes": lifecycle.PROSECUTION_OUTCOMES}
    return render_template("office.html", wards=WARDS, orders=orders, states=states, reference=reference)
