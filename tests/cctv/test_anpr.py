"""Nuisance-vehicle ANPR through the API: reads to one breach per event, unreliable reads kept for review, bad
reads refused storing nothing; the keeper looked up through the DVLA adapter (against the fake server, including
its faults), the letter as a PDF, and the keeper's reply to a notice request for fpn."""
import io
from datetime import datetime, timedelta, timezone

import pytest
from pypdf import PdfReader

from shared.brent import london_date
from services.cctv.anpr import enforcement
from services.cctv.anpr.dvla import KeeperClient, KeeperServiceAway
from services.cctv.anpr.models import KeeperLookup, VehicleBreach
from services.cctv.models import OutboxMessage
from tests.conftest import bearer

NOW = datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture
def gateway():
    return bearer("anpr-gateway", "anpr_intake")


def _read(cctv, gateway, minutes_ago, mark="AB12 CDE", confidence=0.97, camera="ANPR-01"):
    return cctv.post("/api/v1/anpr/reads", headers=gateway, json={
        "registration_mark": mark, "read_at": (NOW - timedelta(minutes=minutes_ago)).isoformat(), "camera": camera,
        "clip": f"clip-{minutes_ago}", "confidence": confidence})


def test_ten_reads_of_one_car_at_one_meet_make_one_breach_and_one_keeper_lookup(cctv, gateway, anpr_zone, db):
    answers = [_read(cctv, gateway, m) for m in (100, 95, 90, 80, 70, 60, 55, 50, 45, 41)]
    assert all(a.status_code == 201 for a in answers), answers[0].get_json()
    breaches = {a.get_json()["breach"] for a in answers}
    assert len(breaches) == 1 and all(a.get_json()["outcome"] == "breach" for a in answers)
    breach = db.query(VehicleBreach).filter_by(reference=breaches.pop()).one()
    assert (breach.reads, breach.registration_mark, breach.status) == (10, "AB12CDE", "keeper_lookup")
    assert breach.last_read_at - breach.first_read_at == timedelta(minutes=59)
    lookups = db.query(KeeperLookup).filter_by(breach_id=breach.id).all()
    assert len(lookups) == 1 and lookups[0].asked_by == "anpr-gateway" and "s.59" in lookups[0].purpose
    assert db.query(OutboxMessage).filter_by(task="cctv.lookup_keeper").count() == 1
    later = _read(cctv, gateway, 5)  # 36 minutes after the last read: the same meet
    assert later.get_json()["breach"] == breach.reference
    next_night = _read(cctv, gateway, 60 * 24)
    assert next_night.get_json()["breach"] != breach.reference


def test_a_read_the_camera_is_not_sure_of_is_kept_for_review_and_never_acted_on(cctv, gateway, anpr_zone, db):
    unsure = _read(cctv, gateway, 30, confidence=0.6)
    assert (unsure.get_json()["outcome"], unsure.get_json()["breach"]) == ("review", None)
    room = bearer("cr.patel", "control_room_officer")
    review = cctv.get("/api/v1/anpr/reads?outcome=review", headers=room).get_json()
    assert [r["clip_reference"] for r in review] == ["clip-30"]
    assert db.query(VehicleBreach).count() == 0


def test_bad_reads_are_refused_and_store_nothing(cctv, gateway, anpr_zone, group, db):
    unknown = _read(cctv, gateway, 10, camera="NOPE-9")
    assert unknown.status_code == 422
    assert unknown.get_json()["errors"] == [{"field": "camera", "message": "There is no ANPR camera NOPE-9 in the "
                                                                           "register"}]
    cctv.post("/api/v1/cameras", headers=group, json={"asset_id": "PLAIN-1", "kind": "deployable",
                                                      "status": "in_store"})
    assert _read(cctv, gateway, 10, camera="PLAIN-1").status_code == 422  # not an ANPR camera
    bad_mark = _read(cctv, gateway, 10, mark="ABCD 12345")
    assert bad_mark.status_code == 422 and bad_mark.get_json()["errors"][0]["field"] == "registration_mark"
    assert _read(cctv, gateway, -30).status_code == 422  # in the future
    assert cctv.get("/api/v1/anpr/reads", headers=bearer("cr.patel", "control_room_officer")).get_json() == []


def test_the_keeper_is_looked_up_through_the_adapter_which_says_why_and_who_asked(cctv, gateway, anpr_zone, db,
                                                                                  fake_dvla):
    url, state = fake_dvla
    reference = _read(cctv, gateway, 30).get_json()["breach"]
    breach = db.query(VehicleBreach).filter_by(reference=reference).one()
    lookup = db.query(KeeperLookup).filter_by(breach_id=breach.id).one()
    client = KeeperClient(url, "fake-dvla-key")

    state["down"] = True
    with pytest.raises(KeeperServiceAway) as away:
        enforcement.look_up_keeper(session=db, lookup_id=lookup.id, client=client, now=NOW)
    assert away.value.reason == "unavailable (503)"
    state["down"], state["rate_limited"] = False, 1
    with pytest.raises(KeeperServiceAway) as limited:
        enforcement.look_up_keeper(session=db, lookup_id=lookup.id, client=client, now=NOW)
    assert (limited.value.reason, limited.value.retry_after) == ("rate limited", 1.0)
    assert lookup.status == "pending" and breach.status == "keeper_lookup"

    assert enforcement.look_up_keeper(session=db, lookup_id=lookup.id, client=client, now=NOW) == "found"
    assert state["asked"] == [{"registration_mark": "AB12CDE", "date_of_event": london_date(breach.first_read_at)
                               .isoformat(), "purpose": lookup.purpose, "requested_by": "anpr-gateway",
                               "reference": reference}]
    assert (breach.status, breach.letter_kind, breach.keeper_name) == ("letter_due", "name_the_driver",
                                                                       "Demo Keeper AB12CDE")
    assert enforcement.look_up_keeper(session=db, lookup_id=lookup.id, client=client, now=NOW) == "nothing to do"


def test_a_mark_with_no_keeper_on_record_is_said_so(cctv, gateway, anpr_zone, db, fake_dvla):
    reference = _read(cctv, gateway, 30, mark="ZZ51 ABC").get_json()["breach"]
    breach = db.query(VehicleBreach).filter_by(reference=reference).one()
    lookup = db.query(KeeperLookup).filter_by(breach_id=breach.id).one()
    assert enforcement.look_up_keeper(session=db, lookup_id=lookup.id, client=KeeperClient(fake_dvla[0], "fake-dvla-key"),
                                      now=NOW) == "not_found"
    assert breach.status == "keeper_not_found" and breach.keeper_name is None


def test_the_letter_then_the_reply_ask_fpn_for_the_notice(cctv, gateway, anpr_zone, db, fake_dvla):
    room = bearer("cr.patel", "control_room_officer")
    reference = _read(cctv, gateway, 30).get_json()["breach"]
    breach = db.query(VehicleBreach).filter_by(reference=reference).one()
    lookup = db.query(KeeperLookup).filter_by(breach_id=breach.id).one()
    enforcement.look_up_keeper(session=db, lookup_id=lookup.id, client=KeeperClient(fake_dvla[0], "fake-dvla-key"),
                               now=NOW)
    db.flush()  # as the worker's task commits
    letter = cctv.get(f"/api/v1/breaches/{reference}/letter.pdf", headers=room)
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.data)).pages)
    for words in ("Demo Keeper AB12CDE", "Request to name the driver", "Central Way", reference, "racing"):
        assert words in text, words
    early = cctv.post(f"/api/v1/breaches/{reference}/driver", headers=room, json={"keeper_drove": True})
    assert early.status_code == 409  # the letter has not gone yet

    sent = cctv.post(f"/api/v1/breaches/{reference}/letter-sent", headers=room, json={"sent_on": NOW.date().isoformat()})
    assert sent.get_json()["status"] == "awaiting_reply"
    assert sent.get_json()["reply_due_on"] == (NOW.date() + timedelta(days=28)).isoformat()
    unnamed = cctv.post(f"/api/v1/breaches/{reference}/driver", headers=room, json={"keeper_drove": False})
    assert unnamed.status_code == 422
    assert [e["field"] for e in unnamed.get_json()["errors"]] == ["name", "address"]
    named = cctv.post(f"/api/v1/breaches/{reference}/driver", headers=room, json={
        "keeper_drove": False, "name": "Sam Driver", "address": "2 Example Road, London NW10 1AA"})
    assert named.get_json()["status"] == "notice_requested"
    request = db.query(OutboxMessage).filter_by(task="fpn.issue_notice").one()
    assert request.payload["reference"] == reference and request.payload["source"] == "cctv"
    assert request.payload["notice"]["offender"]["name"] == "Sam Driver"
    assert request.payload["notice"]["offender"]["registration_mark"] == "AB12CDE"


def test_keepers_details_are_for_the_control_room_and_the_gateway_only_sends_reads(cctv, gateway, anpr_zone, group):
    reference = _read(cctv, gateway, 30).get_json()["breach"]
    assert cctv.get(f"/api/v1/breaches/{reference}", headers=group).status_code == 403
    assert cctv.get(f"/api/v1/breaches/{reference}", headers=gateway).status_code == 403
    assert cctv.get("/api/v1/anpr/reads", headers=gateway).status_code == 403
