"""The rota through the cctv API: staff, absences, shifts and events set by the manager; clear 422s for input that
cannot be right; a rota solved (in the request's process here; on the worker in the integration tests), published,
changed only within the rules, and each person's calendar feed right either side of a clock change."""
from datetime import date, datetime, timedelta

import icalendar
import pytest
from sqlalchemy import select

from shared.brent import LONDON
from services.cctv.rota import rotas
from services.cctv.rota.models import Rota, RotaDuty
from services.cctv.rota.shift_rules import DEFAULT_SHIFTS, occurrence
from tests.conftest import bearer

ALL = ["early", "cover", "late", "night"]
SHIFTS = {s.code: s for s in DEFAULT_SHIFTS}


@pytest.fixture
def manager():
    return bearer("cr.manager", "control_room_manager")


@pytest.fixture
def staff(cctv, manager):
    """Three officers (the first signs in as cr.patel) and a senior; their ids."""
    made = []
    for name, role, shifts, username in (("Asha Patel", "officer", ALL, "cr.patel"), ("Ben Shah", "officer", ALL, None),
                                         ("Cara Jones", "officer", ALL, None),
                                         ("Sam Ade", "senior", ["early", "cover", "late"], None)):
        answer = cctv.post("/api/v1/rota/staff", headers=manager, json={
            "name": name, "role": role, "contracted_hours": 37.5, "shifts": shifts, "username": username})
        assert answer.status_code == 201, answer.get_json()
        made.append(answer.get_json()["id"])
    return made


def problems(answer) -> dict:
    return {e["field"]: e["message"] for e in answer.get_json()["errors"]}


def solved(cctv, manager, db, first_day="2026-10-19", weeks=2) -> dict:
    """Ask for a rota and solve it here (the worker's task body), as the worker would."""
    asked = cctv.post("/api/v1/rota/rotas", headers=manager, json={"first_day": first_day, "weeks": weeks,
                                                                   "time_limit_seconds": 5})
    assert asked.status_code == 202, asked.get_json()
    rota_id = asked.get_json()["id"]
    rotas.solve(transaction=_same_session(db), rota_id=rota_id)
    return cctv.get(f"/api/v1/rota/rotas/{rota_id}", headers=manager).get_json()


def _same_session(db):
    from contextlib import contextmanager

    @contextmanager
    def transaction():
        yield db
        db.flush()
    return transaction


def test_invalid_input_gets_a_422_that_says_what_to_fix(cctv, manager, staff):
    backwards = cctv.put("/api/v1/rota/shifts/late", headers=manager, json={
        "name": "Late", "sunday_to_thursday": {"start": "15:45", "end": "23:45"},
        "friday_saturday": {"start": "17:45", "end": "01:45"}})
    assert backwards.status_code == 422
    assert problems(backwards) == {"friday_saturday.end": "The shift ends before it starts: if it ends the next "
                                                          "day, say so"}
    too_long = cctv.post("/api/v1/rota/rotas", headers=manager, json={"first_day": "2026-10-19", "weeks": 13})
    assert too_long.status_code == 422 and problems(too_long) == {"weeks": "A rota covers 1 to 12 weeks"}
    not_monday = cctv.post("/api/v1/rota/rotas", headers=manager, json={"first_day": "2026-10-20", "weeks": 2})
    assert problems(not_monday) == {"first_day": "Choose a Monday for the rota's first day"}
    wrong_way = cctv.post(f"/api/v1/rota/staff/{staff[0]}/absences", headers=manager, json={
        "first_day": "2026-10-22", "last_day": "2026-10-20", "kind": "annual_leave"})
    assert problems(wrong_way) == {"last_day": "The last day away must be the same as or after the first day"}
    assert cctv.post(f"/api/v1/rota/staff/{staff[0]}/absences", headers=manager, json={
        "first_day": "2026-10-20", "last_day": "2026-10-22", "kind": "annual_leave"}).status_code == 201
    overlapping = cctv.post(f"/api/v1/rota/staff/{staff[0]}/absences", headers=manager, json={
        "first_day": "2026-10-22", "last_day": "2026-10-23", "kind": "sickness"})
    assert overlapping.status_code == 422
    assert "already has annual leave recorded from 20 October 2026 to 22 October 2026" in \
        problems(overlapping)["first_day"]
    unknown_shift = cctv.post("/api/v1/rota/staff", headers=manager, json={
        "name": "Dee", "role": "officer", "contracted_hours": 37.5, "shifts": ["middle"]})
    assert problems(unknown_shift) == {"shifts": "There is no middle shift: choose from cover, early, late, night"}
    assert cctv.post("/api/v1/rota/staff/999999/absences", headers=manager, json={
        "first_day": "2026-10-20", "last_day": "2026-10-22", "kind": "annual_leave"}).status_code == 404


def test_only_the_manager_runs_the_rota_and_staff_see_their_own_shifts(cctv, staff, control_room):
    assert cctv.post("/api/v1/rota/rotas", headers=control_room, json={"first_day": "2026-10-19",
                                                                       "weeks": 1}).status_code == 403
    assert cctv.get("/api/v1/rota/staff", headers=control_room).status_code == 403
    assert cctv.get("/api/v1/rota/me/shifts", headers=control_room).status_code == 200
    stranger = bearer("cr.unknown", "control_room_officer")
    answer = cctv.get("/api/v1/rota/me/shifts", headers=stranger)
    assert answer.status_code == 404 and "not on the control room's rota" in answer.get_json()["detail"]


def test_a_solved_rota_keeps_every_rule_lists_what_is_uncovered_and_publishes(cctv, manager, staff, db):
    rota = solved(cctv, manager, db)
    assert rota["status"] == "finished" and rota["outcome"] in ("optimal", "feasible")
    assert rota["breaches"] == []
    assert rota["shortfalls"], "four people cannot cover 4 shifts a day for two weeks"
    first = rota["shortfalls"][0]
    assert first["reasons"][0].startswith(f"{first['staffed']} of {first['needed']} officers on the ")
    names = {f["name"] for f in rota["figures"]}
    assert names == {"Asha Patel", "Ben Shah", "Cara Jones", "Sam Ade"}
    assert all(f["minutes"] <= 2 * 37.5 * 60 for f in rota["figures"])
    published = cctv.post(f"/api/v1/rota/rotas/{rota['id']}/publish", headers=manager)
    assert published.status_code == 200 and published.get_json()["status"] == "published"
    again = cctv.post(f"/api/v1/rota/rotas/{rota['id']}/publish", headers=manager)
    assert again.status_code == 409


def test_a_solve_delivered_twice_keeps_the_later_run_and_never_touches_the_rota_published_since(
        cctv, manager, staff, db, monkeypatch):
    """The broker may hand a long solve to a worker again while the first is still at it: the later run's rota is
    the one kept, and the earlier run, ending after the manager has published it, leaves it as it is (it used to
    write its own shifts over it and set it back to unpublished)."""
    from services.cctv import solving

    monkeypatch.setattr(solving, "PROGRESS_EVERY_SECONDS", 3600)  # (no progress written from the test's threads)
    asked = cctv.post("/api/v1/rota/rotas", headers=manager, json={"first_day": "2026-10-19", "weeks": 1,
                                                                   "time_limit_seconds": 5})
    rota_id = asked.get_json()["id"]
    real, outcome = rotas.solver.solve, {}

    def delivered_again_meanwhile(problem, **options):
        if not outcome:  # the first run is solving when the second starts, finishes, and is published
            outcome["second"] = "solving"
            outcome["second"] = rotas.solve(transaction=_same_session(db), rota_id=rota_id)
            outcome["publish"] = cctv.post(f"/api/v1/rota/rotas/{rota_id}/publish", headers=manager).status_code
            outcome["shifts"] = cctv.get(f"/api/v1/rota/rotas/{rota_id}", headers=manager).get_json()["duties"]
        return real(problem, **{**options, "time_limit": 1})  # (a quicker, different answer)

    monkeypatch.setattr(rotas.solver, "solve", delivered_again_meanwhile)
    first = rotas.solve(transaction=_same_session(db), rota_id=rota_id)
    assert outcome["publish"] == 200 and "left as it is" in first
    rota = cctv.get(f"/api/v1/rota/rotas/{rota_id}", headers=manager).get_json()
    assert rota["status"] == "published" and rota["duties"] == outcome["shifts"]
    rotas.fail(transaction=_same_session(db), rota_id=rota_id, why="a third run failed")  # (the task's own handler)
    assert cctv.get(f"/api/v1/rota/rotas/{rota_id}", headers=manager).get_json()["status"] == "published"


def published(cctv, manager, db, duties: list[tuple[int, str, str]], first_day=date(2026, 10, 19)) -> int:
    """A published one-week rota with exactly these shifts (staff id, day, shift)."""
    rota = Rota(first_day=first_day, weeks=1, problem={"staff": []}, time_limit_seconds=1, requested_by="test",
                status="finished", duties=[RotaDuty(staff_id=s, day=date.fromisoformat(d), shift=x,
                                                    starts_at=occurrence(SHIFTS[x], date.fromisoformat(d)).start,
                                                    ends_at=occurrence(SHIFTS[x], date.fromisoformat(d)).end)
                                           for s, d, x in duties])
    db.add(rota)
    db.flush()
    assert cctv.post(f"/api/v1/rota/rotas/{rota.id}/publish", headers=manager).status_code == 200
    return rota.id


def test_a_refused_swap_names_the_rule_it_breaks_and_changes_nothing(cctv, manager, staff, db):
    asha, ben = staff[0], staff[1]
    rota_id = published(cctv, manager, db, [(asha, "2026-10-19", "late"), (ben, "2026-10-20", "early"),
                                            (asha, "2026-10-21", "early")])
    answer = cctv.post(f"/api/v1/rota/rotas/{rota_id}/changes", headers=manager, json={
        "kind": "swap", "staff_id": asha, "day": "2026-10-21", "with_staff_id": ben, "with_day": "2026-10-20"})
    assert answer.status_code == 422
    body = answer.get_json()
    assert body["title"] == "The change breaks a rule"
    assert body["detail"] == ("11 hours' rest between shifts (Working Time Regulations, reg. 10): Asha Patel would "
                              "have only 8 h 15 min between the Late on Mon 19 Oct (ends Mon 19 Oct 23:45) and the "
                              "Early on Tue 20 Oct (starts Tue 20 Oct 08:00): at least 11 h are needed.")
    after = cctv.get(f"/api/v1/rota/rotas/{rota_id}", headers=manager).get_json()
    assert {(d["staff_id"], d["day"], d["shift"]) for d in after["duties"]} == {
        (asha, "2026-10-19", "late"), (ben, "2026-10-20", "early"), (asha, "2026-10-21", "early")}
    swap_back = cctv.post(f"/api/v1/rota/rotas/{rota_id}/changes", headers=manager, json={
        "kind": "swap", "staff_id": asha, "day": "2026-10-19", "with_staff_id": ben, "with_day": "2026-10-20"})
    assert swap_back.status_code == 200 and swap_back.get_json()["accepted"], swap_back.get_json()
    recorded = cctv.get(f"/api/v1/rota/rotas/{rota_id}/changes", headers=manager).get_json()
    assert [c["accepted"] for c in recorded] == [True, False]
    sick = cctv.post(f"/api/v1/rota/rotas/{rota_id}/changes", headers=manager, json={
        "kind": "absence", "staff_id": asha, "day": "2026-10-21", "absence_kind": "sickness"})
    assert sick.status_code == 200
    assert [(u["day"], u["shift"]) for u in sick.get_json()["uncovered"]] == [("2026-10-21", "early")]
    unknown = cctv.post(f"/api/v1/rota/rotas/{rota_id}/changes", headers=manager, json={
        "kind": "cover", "staff_id": 999999, "day": "2026-10-21", "with_staff_id": ben})
    assert unknown.status_code == 422 and problems(unknown) == {"staff_id": "There is no staff member 999999"}


def test_a_calendar_feed_shows_local_times_either_side_of_the_clock_change_and_can_be_revoked(
        cctv, manager, staff, db):
    rota = solved(cctv, manager, db, first_day="2026-10-19", weeks=2)
    assert cctv.post(f"/api/v1/rota/rotas/{rota['id']}/publish", headers=manager).status_code == 200
    link = cctv.post(f"/api/v1/rota/staff/{staff[0]}/feed-link", headers=manager).get_json()["url"]
    path = link[link.index("/api/"):]
    feed = cctv.get(path)
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(feed.data)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    events = calendar.walk("VEVENT")
    mine = [(d["day"], d["shift"]) for d in rota["duties"] if d["staff_id"] == staff[0]]
    assert len(events) == len(mine) > 0
    times = {"early": ((8, 0), (10, 0)), "cover": ((10, 0), (12, 0)), "late": ((15, 45), (17, 45)),
             "night": ((20, 0), (22, 0))}
    for event in events:
        start = event.decoded("dtstart")
        day = start.astimezone(LONDON).date()
        shift = dict(mine)[str(day)]
        weekday_kind = 1 if day.weekday() in (4, 5) else 0
        assert (start.astimezone(LONDON).hour, start.astimezone(LONDON).minute) == times[shift][weekday_kind]
        assert str(start.tzinfo) == "Europe/London" or start.tzinfo.key == "Europe/London"
    offsets = {event.decoded("dtstart").utcoffset() for event in events}
    assert offsets == {timedelta(hours=1), timedelta(0)}, "shifts both before and after 25 October"
    assert cctv.delete(f"/api/v1/rota/staff/{staff[0]}/feed-link", headers=manager).status_code == 204
    assert cctv.get(path).status_code == 404


def test_event_days_import_once_from_icalendar_and_add_demand(cctv, manager, staff):
    ics = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Wembley//Fixtures//EN\r\nBEGIN:VEVENT\r\n"
           b"UID:match-2026-10-24@wembley\r\nDTSTAMP:20260901T000000Z\r\nSUMMARY:Cup semi-final\r\n"
           b"DTSTART;TZID=Europe/London:20261024T170000\r\nDTEND;TZID=Europe/London:20261024T210000\r\n"
           b"END:VEVENT\r\nEND:VCALENDAR\r\n")
    for expected in ({"added": 1, "updated": 0}, {"added": 0, "updated": 1}):
        answer = cctv.post("/api/v1/rota/events/import?extra_officers=2", headers={
            **manager, "Content-Type": "text/calendar"}, data=ics)
        assert answer.status_code == 200 and answer.get_json() == expected
    broken = cctv.post("/api/v1/rota/events/import", headers={**manager, "Content-Type": "text/calendar"},
                       data=b"not a calendar")
    assert broken.status_code == 422 and "not an iCalendar file (.ics) that can be read" in broken.get_json()["detail"]
    asked = cctv.post("/api/v1/rota/rotas", headers=manager, json={"first_day": "2026-10-19", "weeks": 1,
                                                                  "time_limit_seconds": 1}).get_json()
    saturday = {d["shift"]: d["officers"] for d in asked["problem"]["demand"] if d["day"] == "2026-10-24"}
    assert saturday == {"early": 3, "cover": 3, "late": 3, "night": 1}  # 17:00-21:00 overlaps three shifts


def test_published_shifts_keep_their_times_and_published_days_are_changed_only_through_the_rota(
        cctv, manager, staff, db):
    asha, ben = staff[0], staff[1]
    rota_id = published(cctv, manager, db, [(asha, "2026-10-19", "late"), (ben, "2026-10-20", "early")])
    assert cctv.put("/api/v1/rota/shifts/late", headers=manager, json={
        "name": "Late", "sunday_to_thursday": {"start": "16:00", "end": "00:00", "ends_next_day": True},
        "friday_saturday": {"start": "17:45", "end": "01:45", "ends_next_day": True}}).status_code == 200
    link = cctv.post(f"/api/v1/rota/staff/{asha}/feed-link", headers=manager).get_json()["url"]
    event = icalendar.Calendar.from_ical(cctv.get(link[link.index("/api/"):]).data).walk("VEVENT")[0]
    assert event.decoded("dtstart").astimezone(LONDON).strftime("%H:%M") == "15:45"  # as she was told
    leave = cctv.post(f"/api/v1/rota/staff/{asha}/absences", headers=manager, json={
        "first_day": "2026-10-19", "last_day": "2026-10-19", "kind": "annual_leave"})
    assert leave.status_code == 409 and "works on the published rota on 19 October 2026" in leave.get_json()["detail"]
    overlapping = cctv.post("/api/v1/rota/rotas", headers=manager, json={"first_day": "2026-10-19", "weeks": 1})
    assert overlapping.status_code == 409
    assert problems(overlapping) == {"first_day": f"Rota {rota_id} already covers 19 October 2026 to 25 October 2026"}
    herself = cctv.post(f"/api/v1/rota/rotas/{rota_id}/changes", headers=manager, json={
        "kind": "swap", "staff_id": asha, "day": "2026-10-19", "with_staff_id": asha})
    assert problems(herself) == {"with_staff_id": "Select someone else to swap with or to cover the shift"}
    twin = cctv.post("/api/v1/rota/staff", headers=manager, json={
        "name": "Asha Patel", "role": "officer", "contracted_hours": 37.5, "shifts": ALL, "username": "cr.patel"})
    assert problems(twin) == {"name": "Asha Patel is already on the rota: add something to tell them apart, like a "
                                      "middle initial",
                              "username": "The sign-in name cr.patel belongs to someone else on the rota"}


def test_the_demo_publishes_this_weeks_rota_once_so_its_manager_can_try_changes_and_its_officer_sees_shifts(
        cctv, manager, db):
    from shared.brent import today
    from services.cctv import demo_data

    demo_data.rota_demo(session=db, today=today())
    made = demo_data.published_rota(transaction=_same_session(db), today=today())
    assert demo_data.published_rota(transaction=_same_session(db), today=today()) is None  # seeded again: no second
    listed = cctv.get("/api/v1/rota/rotas", headers=manager).get_json()
    monday = today() - timedelta(days=today().weekday())
    assert [(r["id"], r["status"], r["first_day"], r["weeks"]) for r in listed] == [
        (made, "published", monday.isoformat(), 1)]
    rota = cctv.get(f"/api/v1/rota/rotas/{made}", headers=manager).get_json()
    assert rota["breaches"] == [] and rota["duties"]  # made by the solver, within every rule
    first = rota["duties"][0]
    sick = cctv.post(f"/api/v1/rota/rotas/{made}/changes", headers=manager, json={
        "kind": "absence", "staff_id": first["staff_id"], "day": first["day"], "absence_kind": "sickness"})
    assert sick.status_code == 200 and sick.get_json()["accepted"]  # Swaps and absence has a rota to work on
    mine = cctv.get("/api/v1/rota/me/shifts", headers=bearer("controlroom", "control_room_officer"))
    assert mine.status_code == 200 and mine.get_json()  # the demo control-room officer has shifts this week


def test_make_runs_seed_on_sqlite_leaves_one_published_rota_however_often_it_runs(tmp_path, monkeypatch):
    from deploy import seed
    from shared.db import Database
    from shared.migrations import upgrade_all

    url = f"sqlite:///{tmp_path / 'sbo.sqlite'}"  # as `make run` on a fresh machine
    upgrade_all(url)
    monkeypatch.setenv("DATABASE_URL", url)
    seed.main()
    seed.main()  # `make run` again, the same week
    database = Database(url)
    with database.transaction() as session:
        assert [(r.status, r.published_by) for r in session.scalars(select(Rota))] == [("published", "demo-seed")]
    database.engine.dispose()
