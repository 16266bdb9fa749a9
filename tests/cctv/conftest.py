"""Fixtures for the cctv tests: callers, a client, and a register with sites, requests and cameras."""
import pytest

from tests.conftest import bearer


@pytest.fixture
def group():
    """A CCTV Working Group member's headers."""
    return bearer("wg.okafor", "cctv_working_group")


@pytest.fixture
def control_room():
    """A control-room officer's headers."""
    return bearer("cr.patel", "control_room_officer")


@pytest.fixture
def cctv(cctv_app, db):
    """An HTTP client for the cctv app, inside the test's transaction."""
    return cctv_app.test_client()


def new_request(**changes) -> dict:
    """A request from a BJAG for a camera at a new site in Harlesden."""
    body = {"new_site": {"name": "Harlesden High Street / Manor Park Road", "ward": "Harlesden and Kensal Green",
                         "latitude": 51.5366, "longitude": -0.2478},
            "requester_kind": "bjag", "requester": "Harlesden BJAG", "problem": "drug_dealing",
            "problem_detail": "Dealing outside the betting shop most evenings; 14 calls to police since June.",
            "aim": "Deter dealing and give the police evidence.", "received_on": "2026-10-02"}
    body.update(changes)
    return body


@pytest.fixture
def approved_request(cctv, group):
    """Make an approved, deployable request at a new site; returns the request as the API shows it."""

    def make(**changes) -> dict:
        made = cctv.post("/api/v1/requests", json=new_request(**changes), headers=group)
        assert made.status_code == 201, made.get_json()
        reference = made.get_json()["reference"]
        assert cctv.post(f"/api/v1/requests/{reference}/safeguards", headers=group, json={
            "dpia_reference": "DPIA-2026-031", "dpia_completed_on": "2026-10-20",
            "signage_plan": "Two A3 signs at the junction naming Brent Council and the control room's number."}
        ).status_code == 200
        decided = cctv.post(f"/api/v1/requests/{reference}/decision", headers=group, json={"decision": "approve"})
        assert decided.status_code == 200, decided.get_json()
        return decided.get_json()

    return make


@pytest.fixture
def fake_dvla():
    """The fake DVLA keeper service (deploy/fake_dvla.py) on a real HTTP server: its URL and its state (switch
    `down` on, or set `rate_limited` to a number of refusals; `asked` lists every look-up it answered)."""
    import threading

    from werkzeug.serving import make_server

    from deploy.fake_dvla import create_app

    app = create_app()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app.config["FAKE_STATE"]
    server.shutdown()
    thread.join(10)


@pytest.fixture
def anpr_zone(cctv, group, db):
    """An active enforcement zone (racing, Nuisance Vehicles PSPO) at a new site with an ANPR camera deployed there;
    returns the camera's asset id."""
    made = cctv.post("/api/v1/sites", headers=group, json={"name": "Central Way", "ward": "Stonebridge",
                                                           "latitude": 51.5440, "longitude": -0.2560})
    site = made.get_json()["reference"]
    assert cctv.post("/api/v1/cameras", headers=group, json={"asset_id": "ANPR-01", "kind": "deployable_anpr",
                                                             "status": "deployed", "site": site,
                                                             "deployed_on": "2026-06-01"}).status_code == 201
    manager = bearer("cr.manager", "control_room_manager")
    zone = cctv.post("/api/v1/anpr/zones", headers=manager, json={
        "name": "Central Way", "site": site, "order_code": "BRENT-NV-PSPO-2023", "prohibition_code": "racing",
        "active_from": "2026-01-01"})
    assert zone.status_code == 201, zone.get_json()
    return "ANPR-01"
