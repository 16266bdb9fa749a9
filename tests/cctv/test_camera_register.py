"""The camera register through the API: cameras with their kind, status, site and history; fixed cameras loaded
from CSV all or nothing; and installing a camera at a site keeps where it was."""
from datetime import date

import pytest

from shared.errors import Problem
from shared.brent import today
from services.cctv.cameras import register
from services.cctv.sites.models import Site

FIXED_CSV = (
    "asset_id,location,ward,latitude,longitude,status,installed_on\n"
    "FX-001,Harlesden Jubilee Clock,Harlesden and Kensal Green,51.5364,-0.2475,deployed,2015-04-01\n"
    "FX-002,Wembley High Road / Park Lane,Wembley Central,51.5527,-0.2963,faulty,\n"
)


def test_a_deployed_camera_is_added_at_its_site_with_its_history_started(cctv, group, approved_request):
    site = approved_request()["site"]["reference"]
    added = cctv.post("/api/v1/cameras", headers=group, json={
        "asset_id": "DC-014", "kind": "deployable_anpr", "status": "deployed", "site": site,
        "deployed_on": "2026-06-15"})
    assert added.status_code == 201, added.get_json()
    camera = cctv.get("/api/v1/cameras/DC-014", headers=group).get_json()
    assert (camera["kind"], camera["status"], camera["site"]["reference"]) == ("deployable_anpr", "deployed", site)
    assert [{k: v for k, v in d.items() if k != "id"} for d in camera["deployments"]] == [
        {"site": camera["site"], "installed_on": "2026-06-15", "review_due_on": "2026-12-15", "removed_on": None,
         "evaluation_due_on": None}]


def test_a_camera_that_cannot_be_true_is_refused_with_every_problem(cctv, group):
    refused = cctv.post("/api/v1/cameras", headers=group, json={"asset_id": "DC-015", "kind": "deployable",
                                                                "status": "deployed", "deployed_on": "2099-01-01"})
    assert refused.status_code == 422
    assert [e["field"] for e in refused.get_json()["errors"]] == ["site", "deployed_on"]
    unknown = cctv.post("/api/v1/cameras", headers=group, json={"asset_id": "DC-016", "kind": "drone",
                                                                "status": "flying"})
    assert [e["field"] for e in unknown.get_json()["errors"]] == ["kind", "status"]
    assert cctv.get("/api/v1/cameras/DC-015", headers=group).status_code == 404


def test_an_asset_id_is_in_the_register_once(cctv, group):
    body = {"asset_id": "DC-020", "kind": "deployable", "status": "in_store"}
    assert cctv.post("/api/v1/cameras", headers=group, json=body).status_code == 201
    again = cctv.post("/api/v1/cameras", headers=group, json=body)
    assert again.status_code == 409
    assert again.get_json()["errors"][0]["field"] == "asset_id"


def test_fixed_cameras_load_from_csv_and_loading_again_adds_nothing(cctv, group):
    loaded = cctv.post("/api/v1/cameras/fixed-import", headers={**group, "Content-Type": "text/csv"},
                       data=FIXED_CSV.encode())
    assert loaded.status_code == 200, loaded.get_json()
    assert loaded.get_json() == {"added": 2, "already_there": 0}
    cameras = {c["asset_id"]: c for c in cctv.get("/api/v1/cameras?kind=fixed", headers=group).get_json()}
    assert cameras["FX-001"]["site"]["name"] == "Harlesden Jubilee Clock"
    assert cameras["FX-002"]["status"] == "faulty"
    again = cctv.post("/api/v1/cameras/fixed-import", headers={**group, "Content-Type": "text/csv"},
                      data=FIXED_CSV.encode())
    assert again.get_json() == {"added": 0, "already_there": 2}


def test_a_malformed_row_refuses_the_whole_file_naming_each_problem_by_row(cctv, group):
    bad = FIXED_CSV + "FX-003,Kilburn High Road,Kilburn,north,-0.19,deployed,\nFX-001,Again,Camden,51.55,-0.25,on,\n"
    refused = cctv.post("/api/v1/cameras/fixed-import", headers={**group, "Content-Type": "text/csv"},
                        data=bad.encode())
    assert refused.status_code == 422
    assert [e["field"] for e in refused.get_json()["errors"]] == [
        "row 4: latitude", "row 5: asset_id", "row 5: ward", "row 5: status"]
    assert "Nothing was imported" in refused.get_json()["detail"]
    assert cctv.get("/api/v1/cameras?kind=fixed", headers=group).get_json() == []
    no_columns = cctv.post("/api/v1/cameras/fixed-import", headers={**group, "Content-Type": "text/csv"},
                           data=b"id,where\n1,here\n")
    assert no_columns.status_code == 422
    assert "'asset_id'" in no_columns.get_json()["detail"]


def test_a_faulty_camera_is_recorded_by_the_control_room_and_a_camera_in_store_leaves_its_site(
        cctv, group, control_room, approved_request):
    site = approved_request()["site"]["reference"]
    cctv.post("/api/v1/cameras", headers=group, json={"asset_id": "DC-030", "kind": "deployable",
                                                      "status": "deployed", "site": site, "deployed_on": "2026-01-10"})
    faulty = cctv.post("/api/v1/cameras/DC-030/status", headers=control_room, json={"status": "faulty",
                                                                                    "note": "No picture since 02:00"})
    assert faulty.get_json()["status"] == "faulty"
    stored = cctv.post("/api/v1/cameras/DC-030/status", headers=group, json={"status": "in_store"}).get_json()
    assert (stored["status"], stored["site"]) == ("in_store", None)
    assert stored["deployments"][0]["removed_on"] == today().isoformat()
    assert cctv.post("/api/v1/cameras/DC-030/status", headers=group,
                     json={"status": "deployed"}).status_code == 422
    assert cctv.post("/api/v1/cameras", headers=control_room, json={"asset_id": "DC-031", "kind": "deployable",
                                                                     "status": "in_store"}).status_code == 403


def test_installing_a_camera_keeps_where_it_was_and_refuses_a_move_within_its_minimum_stay(
        cctv, group, db, approved_request):
    first, second = approved_request()["site"]["reference"], approved_request()["site"]["reference"]
    cctv.post("/api/v1/cameras", headers=group, json={"asset_id": "DC-040", "kind": "deployable",
                                                      "status": "deployed", "site": first, "deployed_on": "2026-06-01"})
    target = db.query(Site).filter_by(reference=second).one()
    early = dict(session=db, asset_id="DC-040", site=target, on=date(2026, 11, 1), actor="wg.okafor",
                 min_stay_months=6)
    with pytest.raises(Problem) as refused:
        register.install(**early)
    assert refused.value.kind == "minimum-stay"
    assert "may not move before 1 December 2026" in refused.value.detail
    camera = register.install(**early, override="Dealing has moved to the new site; agreed at October's meeting.")
    assert camera.site.reference == second
    assert [(d.site.reference, d.removed_on) for d in camera.deployments] == [(first, date(2026, 11, 1)),
                                                                              (second, None)]
    assert camera.deployments[0].evaluation_due_on == date(2027, 2, 1)
