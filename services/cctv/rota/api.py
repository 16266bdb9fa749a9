"""Control-room rota endpoints: staff, absences and requests; shifts, demand, event days, rules and weights; rotas
asked for (solved on cctv's worker), published, re-solved and changed; each person's own shifts, and their
private calendar feed."""
from datetime import datetime, timedelta, timezone

from flask import Response, current_app, request, url_for
from flask_smorest import Blueprint
from sqlalchemy import select

from shared import report_tables
from shared.auth import current_caller
from shared.brent import today
from shared.errors import NotFound, Problem
from shared.sessions import db_session, get_or_404
from services.cctv.rota import calendars, rotas, staffing
from services.cctv.rota.models import Absence, Rota, RotaChange, ShiftPreference, StaffMember
from services.cctv.rota.schemas import (AbsenceCreateSchema, AbsenceSchema, ChangeResultSchema, ChangeSchema,
                                        DemandSchema, EventCreateSchema, EventImportQuerySchema, EventSchema,
                                        FeedLinkSchema, MyShiftSchema, PreferenceCreateSchema, PreferenceSchema,
                                        ResolveSchema, RotaAskSchema, RotaSchema, RotaSummarySchema,
                                        RulesAndWeightsSchema, ShiftSchema, StaffChangeSchema, StaffCreateSchema,
                                        StaffSchema)

blp = Blueprint("rota", __name__, url_prefix="/api/v1/rota", description="The control room's shift rota")


def _actor() -> str:
    return current_caller().username


def _limit(body: dict) -> float:
    return body.get("time_limit_seconds") or current_app.config["SETTINGS"].cctv_rota_seconds


# Staff, absences, requests -------------------------------------------------------------------------------------

@blp.get("/staff")
@blp.response(200, StaffSchema(many=True))
def list_staff():
    """Everyone on the rota, active first."""
    return db_session().scalars(select(StaffMember).order_by(StaffMember.active.desc(), StaffMember.id)).all()


@blp.post("/staff")
@blp.arguments(StaffCreateSchema())
@blp.response(201, StaffSchema)
def add_staff(body):
    """Add someone to the rota: role, contracted hours, the shifts they may work."""
    session = db_session()
    member = staffing.add_staff(session, body, _actor())
    session.commit()
    return member


@blp.patch("/staff/<int:staff_id>")
@blp.arguments(StaffChangeSchema())
@blp.response(200, StaffSchema)
def change_staff(body, staff_id):
    """Change someone's role, hours, shifts or account; `active: false` takes them off future rotas."""
    session = db_session()
    member = staffing.change_staff(session, staffing.staff_member(session, staff_id), body, _actor())
    session.commit()
    return member


@blp.post("/staff/<int:staff_id>/feed-link")
@blp.response(201, FeedLinkSchema)
def new_feed_link(staff_id):
    """A new private link to the person's calendar feed (shown once): any earlier link stops working."""
    session = db_session()
    token = staffing.new_feed_link(session, staffing.staff_member(session, staff_id), _actor())
    session.commit()
    return {"url": url_for("rota.calendar_feed", token=token, _external=True)}


@blp.delete("/staff/<int:staff_id>/feed-link")
@blp.response(204)
def revoke_feed_link(staff_id):
    """Stop the person's calendar link working."""
    session = db_session()
    staffing.revoke_feed_link(session, staffing.staff_member(session, staff_id), _actor())
    session.commit()


@blp.get("/absences")
@blp.response(200, AbsenceSchema(many=True))
def list_absences():
    """Absences that end today or later, soonest first."""
    return db_session().scalars(select(Absence).where(Absence.last_day >= today())
                                .order_by(Absence.first_day)).all()


@blp.post("/staff/<int:staff_id>/absences")
@blp.arguments(AbsenceCreateSchema())
@blp.response(201, AbsenceSchema)
def add_absence(body, staff_id):
    """Record leave, sickness, training or other absence (refused if it overlaps absence already recorded, or days
    the person works on the published rota: those are recorded as a change to the rota, which drops the shifts)."""
    session = db_session()
    absence = rotas.add_absence(session, staffing.staff_member(session, staff_id), body, _actor())
    session.commit()
    return absence


@blp.get("/preferences")
@blp.response(200, PreferenceSchema(many=True))
def list_preferences():
    return db_session().scalars(select(ShiftPreference).order_by(ShiftPreference.staff_id, ShiftPreference.id)).all()


@blp.post("/staff/<int:staff_id>/preferences")
@blp.arguments(PreferenceCreateSchema())
@blp.response(201, PreferenceSchema)
def add_preference(body, staff_id):
    """A request for (wants) or against a shift or a whole day, on a date or every week on a weekday."""
    session = db_session()
    preference = staffing.add_preference(session, staffing.staff_member(session, staff_id), body, _actor())
    session.commit()
    return preference


@blp.delete("/preferences/<int:preference_id>")
@blp.response(204)
def remove_preference(preference_id):
    session = db_session()
    session.delete(get_or_404(ShiftPreference, preference_id, "request"))
    session.commit()


# Shifts, demand, events, rules ---------------------------------------------------------------------------------

@blp.get("/shifts")
@blp.response(200, ShiftSchema(many=True))
def list_shifts():
    """The shifts and their times: Sunday to Thursday, and Friday and Saturday."""
    return list(staffing.shift_definitions(db_session()))


@blp.put("/shifts/<code>")
@blp.arguments(ShiftSchema())
@blp.response(200, ShiftSchema)
def set_shift(body, code):
    """Change a shift's times, or add a shift. An end before the start must be marked ends_next_day."""
    if not code.isidentifier() or len(code) > 20:
        raise Problem("Shift code", "A shift's code is one word of letters, like early.", status=400)
    session = db_session()
    shift = staffing.set_shift(session, code, body, _actor())
    session.commit()
    return shift


@blp.get("/demand")
@blp.response(200, DemandSchema)
def get_demand():
    """Officers needed on each shift on each weekday (0 is Monday)."""
    return {"cells": staffing.demand_cells(db_session())}


@blp.put("/demand")
@blp.arguments(DemandSchema())
@blp.response(200, DemandSchema)
def set_demand(body):
    session = db_session()
    staffing.set_demand(session, body["cells"], _actor())
    session.commit()
    return {"cells": staffing.demand_cells(session)}


@blp.get("/events")
@blp.response(200, EventSchema(many=True))
def list_events():
    """Event days from today on, needing extra officers on the shifts they overlap."""
    start = datetime.now(timezone.utc) - timedelta(days=1)
    return staffing.events_between(db_session(), start, start + timedelta(days=3660))


@blp.post("/events")
@blp.arguments(EventCreateSchema())
@blp.response(201, EventSchema)
def add_event(body):
    session = db_session()
    event = staffing.add_event(session, body, _actor())
    session.commit()
    return event


@blp.post("/events/import")
@blp.arguments(EventImportQuerySchema(), location="query")
@blp.doc(requestBody={"required": True, "content": {"text/calendar": {"schema": {"type": "string"}}}})
@blp.response(200, description="How many events were added and updated")
def import_events(query):
    """Import event days from an iCalendar file (text/calendar body, such as a stadium's fixtures). Events seen
    before (same UID) are updated, not added twice."""
    try:
        found = calendars.events(request.get_data(cache=False, as_text=False), query["extra_officers"])
    except ValueError as unreadable:
        raise Problem("Calendar not read", str(unreadable), kind="calendar-unreadable") from None
    session = db_session()
    added, updated = staffing.add_events(session, found, _actor(), "import")
    session.commit()
    return {"added": added, "updated": updated}


@blp.get("/rules")
@blp.response(200, RulesAndWeightsSchema)
def get_rules():
    """The hard rules' settings (rest, hours, runs, the regulation 21 exemptions) and the soft aims' weights."""
    rules, weights = staffing.rules_and_weights(db_session())
    return {"rules": rules, "weights": weights}


@blp.put("/rules")
@blp.arguments(RulesAndWeightsSchema())
@blp.response(200, RulesAndWeightsSchema)
def set_rules(body):
    session = db_session()
    rules, weights = staffing.set_rules(session, body["rules"], body["weights"], _actor())
    session.commit()
    return {"rules": rules, "weights": weights}


# Rotas ---------------------------------------------------------------------------------------------------------

@blp.post("/rotas")
@blp.arguments(RotaAskSchema())
@blp.response(202, RotaSchema)
def ask_for_rota(body):
    """Ask for a rota from a Monday for 1 to 12 weeks: CP-SAT solves it on cctv's worker within the time limit
    (SBO_CCTV_ROTA_SECONDS by default); follow it at the Location given."""
    session = db_session()
    rota = rotas.ask(session, first_day=body["first_day"], weeks=body["weeks"], time_limit=_limit(body),
                     actor=_actor())
    session.commit()
    return rota, 202, {"Location": url_for("rota.get_rota", rota_id=rota.id)}


@blp.get("/rotas")
@blp.response(200, RotaSummarySchema(many=True))
def list_rotas():
    """The 30 latest rotas, newest first."""
    return db_session().scalars(select(Rota).order_by(Rota.id.desc()).limit(30)).all()


@blp.get("/rotas/<int:rota_id>")
@blp.response(200, RotaSchema)
def get_rota(rota_id):
    """A rota: its progress while solving, then its shifts, its uncovered shifts with why, each person's figures,
    the compensatory rest given, and whether it is proven optimal (or how far from it it may be)."""
    return get_or_404(Rota, rota_id, "rota")


@blp.get("/rotas/<int:rota_id>/export")
@blp.response(200, description="The rota grid as CSV", content_type="text/csv")
def export_rota(rota_id):
    """The rota as CSV: a row a person, a column a day."""
    session = db_session()
    rota = get_or_404(Rota, rota_id, "rota")
    names = {m["id"]: m["name"] for m in rota.problem["staff"]}
    shifts = {s.code: s for s in staffing.shift_definitions(session)}
    table = calendars.rota_table(rota.first_day, rota.weeks, names,
                                 [(d.staff_id, d.day, d.shift) for d in rota.duties], shifts)
    return Response(report_tables.as_csv(table), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=rota-{rota.first_day}-{rota.weeks}w.csv"})


@blp.post("/rotas/<int:rota_id>/publish")
@blp.response(200, RotaSchema)
def publish_rota(rota_id):
    """Publish a solved rota: staff see it and their calendar feeds carry it; a re-solve replaces its base."""
    session = db_session()
    rota = rotas.publish(session, get_or_404(Rota, rota_id, "rota"), _actor())
    session.commit()
    return rota


@blp.post("/rotas/<int:rota_id>/resolve")
@blp.arguments(ResolveSchema())
@blp.response(202, RotaSchema)
def resolve_rota(body, rota_id):
    """Re-solve a published rota from a day: earlier days are kept, and later shifts change as little as they can."""
    session = db_session()
    rota = rotas.resolve(session, get_or_404(Rota, rota_id, "rota"), body["from_day"], _limit(body), _actor())
    session.commit()
    return rota, 202, {"Location": url_for("rota.get_rota", rota_id=rota.id)}


@blp.post("/rotas/<int:rota_id>/changes")
@blp.arguments(ChangeSchema())
@blp.response(200, ChangeResultSchema)
@blp.alt_response(422, schema=ChangeResultSchema, description="Refused: the rules it would break")
def change_rota(body, rota_id):
    """Check a swap, cover or absence against every rule: made if it breaks none (200); otherwise refused (422)
    with each rule it would break. Either way it is recorded."""
    session = db_session()
    record = rotas.change(session, get_or_404(Rota, rota_id, "rota"), body, _actor())
    session.commit()
    if not record.accepted:
        first = record.breaches[0]
        raise Problem("The change breaks a rule", f"{first['rule_name']}: {first['message']}", kind="rota-rule",
                      change=record.id, errors=[{"field": "rules", "message": f"{b['rule_name']}: {b['message']}"}
                                                for b in record.breaches])
    return record


@blp.get("/rotas/<int:rota_id>/changes")
@blp.response(200, ChangeResultSchema(many=True))
def list_changes(rota_id):
    """Changes checked on this rota and on the rotas it re-solves, newest first."""
    session = db_session()
    ids, rota = [], get_or_404(Rota, rota_id, "rota")
    while rota is not None and rota.id not in ids:
        ids.append(rota.id)
        rota = session.get(Rota, rota.based_on) if rota.based_on else None
    return session.scalars(select(RotaChange).where(RotaChange.rota_id.in_(ids)).order_by(RotaChange.id.desc())).all()


# Each person's own -----------------------------------------------------------------------------------------------

def _me(session) -> StaffMember:
    member = session.scalar(select(StaffMember).where(StaffMember.username == current_caller().username))
    if member is None:
        raise NotFound("You are not on the control room's rota. Ask the control-room manager to add your sign-in "
                       "name to your staff record.")
    return member


@blp.get("/me/shifts")
@blp.response(200, MyShiftSchema(many=True))
def my_shifts():
    """Your published shifts from a week ago to twelve weeks ahead, with their real start and end times."""
    session = db_session()
    shifts = {s.code: s for s in staffing.shift_definitions(session)}
    out = []
    for duty in rotas.own_shifts(session, _me(session), today() - timedelta(days=7), today() + timedelta(weeks=12)):
        out.append({"day": duty.day, "shift": duty.shift, "shift_name": shifts[duty.shift].name,
                    "starts_at": duty.starts_at, "ends_at": duty.ends_at})
    return out


@blp.post("/me/feed-link")
@blp.response(201, FeedLinkSchema)
def my_feed_link():
    """A new private link to your calendar feed, to subscribe to from your phone (any earlier link stops working)."""
    session = db_session()
    token = staffing.new_feed_link(session, _me(session), _actor())
    session.commit()
    return {"url": url_for("rota.calendar_feed", token=token, _external=True)}


@blp.get("/feeds/<token>.ics")
@blp.response(200, description="The person's shifts as iCalendar (RFC 5545)", content_type="text/calendar")
def calendar_feed(token):
    """A person's published shifts as a calendar, for a phone to subscribe to. The link is private and revocable:
    anyone with it sees the shifts (and the person's name), nothing else."""
    session = db_session()
    member = staffing.staff_for_feed(session, token)
    if member is None:
        raise NotFound("This calendar link does not work: it may have been replaced. Ask for a new one.")
    shifts = {s.code: s for s in staffing.shift_definitions(session)}
    duties = [(d.day, shifts[d.shift].name, d.starts_at, d.ends_at)
              for d in rotas.own_shifts(session, member, today() - timedelta(days=90), today() + timedelta(weeks=26))]
    body = calendars.feed(member.name, member.id, duties, datetime.now(timezone.utc))
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, max-age=900",
                                                             "Content-Disposition": "inline; filename=shifts.ics"})
