"""The reporter's page at their private link: their cases in plain English, what we told them, and a form to say
the noise happened again. Served from the server (it works on any phone, with or without JavaScript); the form's
errors are shown all at once, in the form's order, GOV.UK style."""
import uuid
from datetime import datetime, timezone

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from shared.brent import LONDON
from shared.errors import Problem
from shared.sessions import db_session
from services.noise import follow, reporter_rules
from services.noise.follow_api import PRIVATE, reporter_from
from services.noise.incidents_api import threshold_settings

blp = Blueprint("follow_pages", __name__)
FIELD_ORDER = ("case_reference", "started_at", "ended_at", "pattern", "description")
FIELD_IDS = {"case_reference": "case_reference", "started_at": "on", "ended_at": "end", "pattern": "pattern",
             "description": "description"}


def _page(token: str, *, errors=(), form=None, sent=None, status=200):
    reporter = reporter_from(token)
    shown = follow.view(db_session(), reporter)
    errors = sorted(errors, key=lambda e: FIELD_ORDER.index(e["field"]) if e["field"] in FIELD_ORDER else 99)
    html = render_template("follow.html", token=token, view=shown, errors=errors, field_ids=FIELD_IDS,
                           by_field={e["field"]: e["message"] for e in reversed(errors)}, form=form or {},
                           sent=sent, key=str(uuid.uuid4()), patterns=reporter_rules.PATTERNS, london=LONDON)
    return html, status, PRIVATE


@blp.get("/follow/<token>")
def follow_page(token):
    """The reporter's page (the link itself is the key)."""
    return _page(token, sent=request.args.get("sent"))


@blp.post("/follow/<token>")
def report_again(token):
    """The form: the noise happened again."""
    form = request.form.to_dict()
    started, ended, errors = reporter_rules.times_from_form(form.get("on"), form.get("start"), form.get("end"),
                                                           LONDON)
    body = {"case_reference": form.get("case_reference"), "started_at": started, "ended_at": ended,
            "pattern": form.get("pattern"), "description": (form.get("description") or "")[:2000]}
    session = db_session()
    try:
        if errors:  # times that cannot be read: check the rest too, so that every error shows at once
            rest = reporter_rules.recurrence_problems(
                case_reference=body["case_reference"], own_cases={body["case_reference"]}, started_at=started,
                ended_at=ended, pattern=body["pattern"], now=datetime.now(timezone.utc))
            raise Problem("Check your report", "", errors=errors + [e for e in rest if e["field"] not in
                                                                    {x["field"] for x in errors}])
        key = (form.get("key") or "")[:60] or str(uuid.uuid4())
        incident = follow.log_recurrence(session=session, reporter=reporter_from(token), body=body,
                                         key=f"follow:{key}", now=datetime.now(timezone.utc), **threshold_settings())
    except Problem as refused:
        session.rollback()
        return _page(token, errors=refused.extra.get("errors", []), form=form, status=422)
    session.commit()
    return redirect(url_for("follow_pages.follow_page", token=token, sent=incident.case.reference), 303)
