"""Need through the API: police records imported from data.police.uk's CSV count at the sites near them, every
score shows how it was made and with which weights, and a bad file stores nothing."""

POLICE_CSV = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,"
              "Last outcome category,Context\n"
              "a1b2,2026-10,Metropolitan Police Service,Metropolitan Police Service,-0.2477,51.5367,"
              "On or near High Street,E01000001,Brent 001A,Drugs,Under investigation,\n"
              ",2026-10,Metropolitan Police Service,Metropolitan Police Service,-0.2479,51.5365,"
              "On or near Manor Park Road,E01000001,Brent 001A,Anti-social behaviour,,\n"
              ",2026-10,Metropolitan Police Service,Metropolitan Police Service,,,No location,,,Robbery,,\n")


def _send(cctv, group, text):
    return cctv.post("/api/v1/police-records?filename=2026-10-metropolitan-street.csv",
                     headers={**group, "Content-Type": "text/csv"}, data=text.encode())


def test_police_records_raise_the_need_of_sites_near_them_and_the_score_shows_how(cctv, group, approved_request):
    near = approved_request()["site"]["reference"]
    far = approved_request(new_site={"name": "Kingsbury Road", "ward": "Kingsbury", "latitude": 51.5846,
                                     "longitude": -0.2789})["site"]["reference"]
    imported = _send(cctv, group, POLICE_CSV)
    assert imported.status_code == 200, imported.get_json()
    assert (imported.get_json()["rows_added"], imported.get_json()["rows_already_there"]) == (2, 0)
    assert _send(cctv, group, POLICE_CSV).get_json()["rows_added"] == 0  # importing again adds nothing

    need = cctv.get("/api/v1/need", headers=group).get_json()
    assert {w["kind"]: w["weight"] for w in need["weights"]} == {"fpn": 1.0, "noise": 3.0, "police_crime": 0.5,
                                                                 "police_asb": 1.0}
    assert (need["half_life_days"], need["radius_metres"]) == (90, 300)
    sites = {s["site"]["reference"]: s for s in need["sites"]}
    parts = {p["kind"]: p for p in sites[near]["parts"]}
    assert (parts["police_crime"]["records"], parts["police_asb"]["records"]) == (1, 1)
    assert parts["police_crime"]["points"] < 0.5 and parts["police_asb"]["points"] < 1.0  # weighed by recency
    assert sites[far]["need"] == 0
    assert need["sites"][0]["site"]["reference"] == near  # highest first


def test_a_bad_police_file_stores_nothing_and_names_each_bad_row(cctv, group):
    bad = POLICE_CSV + ",October,x,x,west,51.5,x,x,x,,x,\n"
    refused = _send(cctv, group, bad)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.get_json()["errors"]] == ["row 5: Month", "row 5: Longitude",
                                                                  "row 5: Crime type"]
    assert _send(cctv, group, POLICE_CSV).get_json()["rows_added"] == 2  # nothing was kept from the bad file
