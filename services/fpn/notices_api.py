"""Notice endpoints: issue, look up, list, and lifecycle actions."""
from datetime import datetime, timezone

from flask import Response, current_app
import marshmallow as ma
from flask_smorest import Blueprint

from shared.auth import current_caller
from shared.idempotency import HEADER_DOC, idempotency_key
from shared.sessions import db_session
from services.fpn import lifecycle, notice_pdf, notices
from services.fpn.models import Notice
from services.fpn.schemas import HistoryEntrySchema, NoticeQuerySchema, NoticeRequestSchema, NoticeSchema, action_schema

blp = Blueprint("notices", __name__, url_prefix="/api/v1/notices", description="Fixed penalty notices")


def visible_notice(number: str) -> Notice:
    """The notice, if the caller may see it (else 404: its existence is not revealed)."""
    caller = current_caller()
    return notices.get_visible(session=db_session(), number=number, username=caller.username, roles=caller.roles)


@blp.post("")
@blp.arguments(NoticeRequestSchema())
@blp.response(201, NoticeSchema)
@blp.doc(parameters=[HEADER_DOC])
def issue_notice(body):
    """Issue a notice. Retrying with the same Idempotency-Key and body returns the same notice. The issuing officer
    needs a profile (their name and authorisation number, which the notice prints); a person's date of birth and
    address are needed unless `details_withheld` says why not, and a notice with no date of birth, like one to a
    10-17 year-old, waits for a supervisor's approval."""
    key, settings = idempotency_key(), current_app.config["SETTINGS"]
    session = db_session()
    notice, created = notices.issue(session=session, issued_by=current_caller().username, key=key, body=body,
                                    now=datetime.now(timezone.utc), max_age_days=settings.notice_max_age_days,
                                    demonstration=settings.demonstration)
    session.commit()
    return notice, 201 if created else 200


@blp.get("")
@blp.arguments(NoticeQuerySchema(), location="query", unknown=ma.RAISE)
@blp.response(200, NoticeSchema(many=True))
@blp.paginate()
def list_notices(query, pagination_parameters):
    """Find notices: your own, or everyone's for supervisors. Filters: the number (check digit validated), part of
    the offender's name or a vehicle's registration mark, ward, issuing officer, state, order, outcome and the days
    issued (from, to); sorted newest first unless `sort` says otherwise; `page` and `page_size` (at most 100) page
    through them, and the X-Pagination header says how many match. An unknown filter or value is a 422."""
    caller = current_caller()
    found, total = notices.search(session=db_session(), username=caller.username, roles=caller.roles, filters=query,
                                  page=pagination_parameters.page, page_size=pagination_parameters.page_size)
    pagination_parameters.item_count = total
    return found


@blp.get("/<number>")
@blp.response(200, NoticeSchema)
def get_notice(number):
    """One notice, by its number (the check digit is validated)."""
    return visible_notice(number)


def _action_route(action: lifecycle.Action) -> None:
    """POST /notices/<number>/<action>: one route per lifecycle action, documented with the details it needs."""

    def act_on_notice(body, number):
        caller, session = current_caller(), db_session()
        notice = notices.act(session=session, number=number, action=action.name, username=caller.username,
                             roles=caller.roles, now=datetime.now(timezone.utc), details=body)
        session.commit()
        return notice

    act_on_notice.__doc__ = f"{action.explains}\n\nPossible from: {', '.join(action.starts_from)}."
    view = blp.response(200, NoticeSchema)(blp.arguments(action_schema(action)())(act_on_notice))
    blp.route(f"/<number>/{action.name}", methods=["POST"], endpoint=action.name)(view)


for _action in lifecycle.ACTIONS.values():
    _action_route(_action)


@blp.get("/<number>/history")
@blp.response(200, HistoryEntrySchema(many=True))
def get_history(number):
    """Who did what to the notice, and when, oldest first (from its audit log): issued, approved, paid, and so on,
    with the details each action recorded."""
    return notices.history(session=db_session(), notice=visible_notice(number))


@blp.get("/<number>/pdf")
@blp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf",
              description="The notice as a printable A4 PDF", headers={"Content-Disposition": {
                  "schema": {"type": "string"}, "description": 'inline; filename="FPN100000423.pdf"'}})
def get_notice_pdf(number):
    """The printable notice (or warning) to give or post to the offender: particulars, amounts and how to pay (the
    payment page, telephone line and postal address this deployment is set up with)."""
    notice = visible_notice(number)
    payment = notice_pdf.payment_terms(current_app.config["SETTINGS"])
    return Response(notice_pdf.render(notice, payment), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{notice.number}.pdf"'})
