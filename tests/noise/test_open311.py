"""Open311 GeoReport v2, as a GeoReport client calls it: discovery, the service list and a service's definition,
posting a request with an api_key (JSON and XML), and following its status, which shows nothing about anyone."""
from datetime import timedelta
from xml.etree import ElementTree

from sqlalchemy import select

from services.noise.models import Incident
from tests.conftest import bearer
from tests.noise.conftest import days_ago


def _key(*roles) -> str:
    return bearer("open311-client", *roles)["Authorization"].split(" ", 1)[1]


def _form(**changes) -> dict:
    started = days_ago(1)
    return {"api_key": _key("noise_intake"), "service_code": "music", "lat": "51.5362", "long": "-0.2476",
            "address_string": "14 Harlesden Road, London NW10 2BY", "email": "jo@example.org", "first_name": "Jo",
            "last_name": "Neighbour", "description": "Party music through the wall since 23:00.",
            "attribute[ward]": "Harlesden and Kensal Green", "attribute[started_at]": started.isoformat(),
            "attribute[ended_at]": (started + timedelta(hours=2)).isoformat(), **changes}


def test_discovery_and_the_service_list_in_json_and_xml(noise):
    found = noise.get("/open311/v2/discovery.json").json
    endpoint, = found["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and "text/xml" in endpoint["formats"]
    services = noise.get("/open311/v2/services.json").json
    assert {s["service_code"] for s in services} >= {"music", "animal", "artificial_light", "smoke"}
    assert all(s["metadata"] is True and s["group"] == "Noise and nuisance" for s in services)
    xml = ElementTree.fromstring(noise.get("/open311/v2/services.xml").data)
    assert xml.tag == "services" and xml.find("service/service_code").text == "music"
    definition = noise.get("/open311/v2/services/music.json").json
    ward = definition["attributes"][0]
    assert (ward["code"], ward["required"], len(ward["values"])) == ("ward", True, 22)
    missing = noise.get("/open311/v2/services/karaoke.json")
    assert missing.status_code == 404 and missing.json[0]["code"] == 404


def test_a_request_posted_with_an_api_key_is_filed_and_its_status_followed(db, noise):
    posted = noise.post("/open311/v2/requests.json", data=_form())
    assert posted.status_code == 201, posted.data
    request_id = posted.json[0]["service_request_id"]
    incident = db.get(Incident, int(request_id))
    assert (incident.channel, incident.category, incident.reporter["name"]) == ("open311", "music", "Jo Neighbour")
    assert incident.case.ward == "Harlesden and Kensal Green" and incident.ended_given

    status = noise.get(f"/open311/v2/requests/{request_id}.json").json[0]
    assert (status["status"], status["service_code"]) == ("open", "music")
    assert "enough separate occasions of noise within four weeks" in status["status_notes"]
    shown = str(status)
    for private in ("Harlesden Road", "Jo", "example.org", "Party music", "51.53"):
        assert private not in shown  # nothing about the home or anyone, to anyone
    listed = noise.get(f"/open311/v2/requests.json?service_request_id={request_id}").json
    assert [r["service_request_id"] for r in listed] == [request_id]
    xml = ElementTree.fromstring(noise.get(f"/open311/v2/requests/{request_id}.xml").data)
    assert xml.tag == "service_requests" and xml.find("request/status").text == "open"

    case = incident.case
    case.status, case.outcome = "closed", "abated"
    db.flush()
    status = noise.get(f"/open311/v2/requests/{request_id}.json").json[0]
    assert (status["status"], status["status_notes"]) == ("closed", "Closed: abated.")


def test_a_request_in_xml_and_a_bad_one_answered_with_geoReport_errors(db, noise):
    posted = noise.post("/open311/v2/requests.xml", data=_form())
    assert posted.status_code == 201 and posted.mimetype == "text/xml"
    assert ElementTree.fromstring(posted.data).find("request/service_request_id").text.isdigit()
    bad = noise.post("/open311/v2/requests.json", data=_form(**{"attribute[ward]": "Soho", "service_code": "x"}))
    assert bad.status_code == 400
    described = " ".join(error["description"] for error in bad.json)
    assert "Brent's 22 wards" in described and "category" in described
    assert noise.get("/open311/v2/requests/999999.json").status_code == 404


def test_posting_needs_an_api_key_that_may_post(db, noise):
    before = db.scalar(select(Incident.id).order_by(Incident.id.desc()).limit(1))
    for key in ("", "not-a-token", _key("enforcement_officer")):
        refused = noise.post("/open311/v2/requests.json", data=_form(api_key=key))
        assert refused.status_code == 403 and refused.json[0]["code"] == 403
    assert db.scalar(select(Incident.id).order_by(Incident.id.desc()).limit(1)) == before
