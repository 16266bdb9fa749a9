"""The reporter's page at their private link: their cases in plain English, what we told them, and a form to say
the noise happened again. Served from the server (it works on any phone, with or without JavaScript); the form's
errors are shown all at once, in the form's order, GOV.UK style. A link that is not one we gave (or no longer
valid) gets a page saying so, not the API's problem document (the API under /api/v1/follow keeps those).

A report is logged once per occasion: its idempotency key is the case and the minute the noise started, so sending
the same form twice (a double tap, or Back and Send again, which gives a freshly rendered page) files one report;
sending that start again with different answers is refused by the date, saying it is already listed.
"""
from datetime import date, datetime, timezone

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from shared.brent import LONDON
from shared.errors import Problem
from shared.sessions import db_session
from services.noise import follow, reporter_rules, reporters
from services.noise.follow_api import PRIVATE, reporter_from
from services.noise.incidents_api import threshold_settings

blp = Blueprint("follow_pages", __name__)
FIELD_ORDER = ("case_reference", "on", "start", "end", "pattern", "description")
FIELD_IDS = {"case_reference": "case_reference", "on": "on-day", "start": "start", "end": "end", "pattern": "pattern",
             "description": "description"}
RULE_FIELDS = {"started_at": "on", "ended_at": "end"}  # the rules' fields, as the form's


def _page(reporter, token: str, *, errors=(), form=None, wrong_parts=(), sent=None, status=200):
    shown = follow.view(db_session(), reporter)
    errors = sorted(errors, key=lambda e: FIELD_ORDER.index(e["field"]) if e["field"] in FIELD_ORDER else 99)
    own = {case["reference"] for case in shown["cases"]}
    html = render_template("follow.html", token=token, view=shown, errors=errors, field_ids=FIELD_IDS,
                           by_field={e["field"]: e["message"] for e in reversed(errors)}, form=form or {},
                           wrong_parts=set(wrong_parts), sent=sent if sent in own else None,
                           patterns=reporter_rules.PATTERNS, london=LONDON)
    return html, status, PRIVATE


@blp.errorhandler(Problem)
def invalid_link(_refused: Problem):
    """A link that is not one we gave, or no longer valid (NotFound), or mangled on the way (the request guard's
    refusal of a control character in it): a page for a person, saying what to do. The form's own refusals are
    answered by the form."""
    return render_template("follow.html", invalid=True), 404, PRIVATE


@blp.get("/follow/<token>")
def follow_page(token):
    """The reporter's page (the link itself is the key)."""
    return _page(reporter_from(token), token, sent=request.args.get("sent"))


@blp.post("/follow/<token>")
def report_again(token):
    """The form: the noise happened again."""
    reporter = reporter_from(token)
    form = request.form.to_dict()
    on, wrong_parts, date_error = date_from_form(form)
    started, ended, time_errors = reporter_rules.times_from_form(on, form.get("start"), form.get("end"), LONDON)
    errors = ([{"field": "on", "message": date_error}] if date_error else []) + [
        {"field": "start" if e["field"] == "started_at" else "end", "message": e["message"]} for e in time_errors]
    reference = (form.get("case_reference") or "").strip().upper() or None
    body = {"case_reference": reference, "started_at": started, "ended_at": ended, "pattern": form.get("pattern"),
            "description": (form.get("description") or "")[:2000]}
    session = db_session()
    try:
        if errors:  # dates or times that cannot be read: check the rest too, so that every error shows at once
            rest = reporter_rules.recurrence_problems(
                case_reference=reference, own_cases={c.reference for c in reporters.own_cases(session, reporter)},
                started_at=started, ended_at=ended, pattern=body["pattern"], now=datetime.now(timezone.utc))
            raise Problem("Check your report", "", errors=errors + [e for e in rest if e["field"] not in RULE_FIELDS])
        incident = follow.log_recurrence(session=session, reporter=reporter, body=body, key=occasion_key(body),
                                         now=datetime.now(timezone.utc), **threshold_settings())
    except Problem as refused:
        session.rollback()
        return _page(reporter, token, errors=_field_errors(refused, body), form=form, wrong_parts=wrong_parts,
                     status=422)
    session.commit()
    answer = redirect(url_for("follow_pages.follow_page", token=token, sent=incident.case.reference), 303)
    answer.headers.update(PRIVATE)
    return answer


@blp.get("/follow/")
def find_reports():
    """For a reporter who has lost their link: ask for it again by the e-mail address they reported with."""
    return render_template("follow_link.html", errors=[], email=""), 200, PRIVATE


@blp.post("/follow/")
def send_link():
    """Send the link to that address if a reporter gave it (the answer is the same either way)."""
    email = (request.form.get("email") or "").strip()
    problem = reporter_rules.email_problem(email)
    if problem:
        return render_template("follow_link.html", errors=[{"field": "email", "message": problem}],
                               email=email), 422, PRIVATE
    session = db_session()
    follow.send_link_again(session=session, email=email, now=datetime.now(timezone.utc),
                           reach=reporters.Reach.from_settings(current_app.config["SETTINGS"]))
    session.commit()
    answer = redirect(url_for("follow_pages.link_sent"), 303)
    answer.headers.update(PRIVATE)
    return answer


@blp.get("/follow/link-sent")
def link_sent():
    """What happens next, whether or not anyone reported with that address."""
    return render_template("follow_link.html", sent=True), 200, PRIVATE


def occasion_key(body: dict) -> str:
    """The report's idempotency key: the case and the minute the noise started (one report per occasion)."""
    return f"follow:{body['case_reference']}:{body['started_at'].astimezone(timezone.utc):%Y-%m-%dT%H:%MZ}"


def _field_errors(refused: Problem, body: dict) -> list[dict]:
    """A refusal's errors as the form's fields: the rules' started_at is the date (the time, when the date is
    today), their ended_at the time it stopped."""
    if refused.kind == "idempotency-key-reused":  # this occasion is logged already, with other answers
        when = body["started_at"].astimezone(LONDON)
        return [{"field": "on", "message": f"You have already told us about noise on case {body['case_reference']} "
                 f"that started at {when:%H:%M} on {when:%-d %B %Y}: it is listed under Your reports. Give the "
                 "start of another occasion"}]
    errors = refused.extra.get("errors") or [{"field": "", "message": refused.detail or refused.title}]
    today = datetime.now(LONDON).date()
    started_today = body.get("started_at") is not None and body["started_at"].astimezone(LONDON).date() == today
    return [{**e, "field": "start" if e["field"] == "started_at" and started_today else  # a later hour today
             RULE_FIELDS.get(e["field"], e["field"])} for e in errors]


def date_from_form(form: dict) -> tuple[date | None, list[str], str | None]:
    """The date from the form's day, month and year boxes (or `on` as YYYY-MM-DD, from another form), as
    reporter_rules.date_from_boxes reads it."""
    boxes = [form.get(f"on-{part}") for part in reporter_rules.DATE_PARTS]
    if not any((box or "").strip() for box in boxes) and form.get("on"):
        year, month, day = (form["on"].strip().split("-") + ["", "", ""])[:3]
        boxes = [day, month, year]
    return reporter_rules.date_from_boxes(*boxes)
