"""PSPO register endpoints: read by every signed-in role, changed only by admins."""
from flask_smorest import Blueprint

from shared.brent import ward_in_scope
from shared.auth import current_caller
from shared.sessions import db_session
from services.fpn import register
from services.fpn.penalty_rules import Term
from services.fpn.schemas import (CapSchema, NewOrderSchema, OrderQuerySchema, OrderSchema, PolicySchema,
                                  ProhibitionSchema, TermSchema, VariationSchema)

blp = Blueprint("register", __name__, url_prefix="/api/v1", description="The PSPO register")


def _dump_order(order, ward=None) -> dict:
    """An order with its end date after extensions, and only the scopes that apply in `ward` if one is given."""
    scopes = [s for s in order.scopes if ward is None or ward_in_scope(ward, s.wards)]
    return {**{k: getattr(order, k) for k in ("code", "title", "legal_basis", "in_force_from", "notes",
                                              "issued_through", "variations", "policies")},
            "in_force_to": register.order_end(order), "scopes": scopes}


@blp.get("/orders")
@blp.arguments(OrderQuerySchema(), location="query")
@blp.response(200, OrderSchema(many=True))
def list_orders(query):
    """The orders, with scopes, prohibitions and penalty schedules; filter by date in force and by ward."""
    orders = register.list_orders(session=db_session(), on=query.get("on"), issued_through=query.get("issued_through"))
    return [_dump_order(o, query.get("ward")) for o in orders]


@blp.post("/orders")
@blp.arguments(NewOrderSchema())
@blp.response(201, OrderSchema)
def add_order(body):
    """Register a new order with its scopes, prohibitions and penalty terms (each checked against the statute)."""
    session = db_session()
    order = register.add_order(session=session, data=body, actor=current_caller().username)
    session.commit()
    return _dump_order(order)


@blp.post("/orders/<code>/variations")
@blp.arguments(VariationSchema())
@blp.response(201, OrderSchema)
def add_variation(body, code):
    """Record an extension (moves the end date) or another variation of an order."""
    session = db_session()
    order = register.get_order(session=session, code=code)
    register.add_variation(session=session, order=order, actor=current_caller().username, **body)
    session.commit()
    return _dump_order(order)


@blp.post("/orders/<code>/policies")
@blp.arguments(PolicySchema())
@blp.response(201, OrderSchema)
def add_policy(body, code):
    """Record an order's issuing policy from a date: a fixed penalty at once, or a warning for a first breach
    within a look-back period."""
    session = db_session()
    order = register.get_order(session=session, code=code)
    register.add_policy(session=session, order=order, actor=current_caller().username, **body)
    session.commit()
    return _dump_order(order)


@blp.post("/prohibitions/<int:prohibition_id>/terms")
@blp.arguments(TermSchema())
@blp.response(201, ProhibitionSchema)
def add_term(body, prohibition_id):
    """Add a dated penalty to a prohibition; refused if it breaks the statute."""
    session = db_session()
    prohibition = register.get_prohibition(session=session, prohibition_id=prohibition_id)
    register.add_term(session=session, prohibition=prohibition, term=Term(**body), actor=current_caller().username)
    session.commit()
    return prohibition


@blp.post("/statutory-caps")
@blp.arguments(CapSchema())
@blp.response(201, CapSchema)
def add_cap(body):
    """Record a statutory maximum penalty from a date."""
    session = db_session()
    cap = register.add_cap(session=session, actor=current_caller().username, **body)
    session.commit()
    return cap
