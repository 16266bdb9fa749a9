"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), so that existing civic reporting tools can send
noise reports and follow them: what the service list says, how a posted request becomes an incident report, and
how a case's state reads as a request's status. Plain functions; services.noise.open311_api serves them.

Decisions, where the specification leaves room:
- One service per category (service_code = the API's category, e.g. `music`), in the group "Noise and nuisance".
- Brent's ward is not a GeoReport field: each service's definition asks for it as an attribute (`ward`, one of the
  22), with the start and end of the noise as optional attributes (the start defaults to the time of posting).
- Anyone may read a request's status, as GeoReport intends, but a public answer never carries the description,
  the address, the coordinates or anyone's details: noise reports are about people's homes. Status notes are
  plain English.
- Errors are answered as the specification says (a list of {code, description}), since GeoReport clients read
  that; they carry the same sentences as the API's problem documents.
"""
from datetime import datetime

from shared.brent import WARDS
from services.noise import intake_rules

GROUP = "Noise and nuisance"
STATUS_NOTES = {
    "monitoring": "Logged. The Nuisance Control Team investigates once there have been enough separate occasions "
                  "of noise within four weeks that an officer judges a nuisance (usually three), or sooner if it is "
                  "serious.",
    "qualified": "Passed to the Nuisance Control Team to investigate.",
    "investigating": "A Nuisance Control officer is investigating.",
    "notice_served": "An abatement notice has been served.",
    "prosecution": "The case is being prepared for prosecution.",
}


def services() -> list[dict]:
    """The GeoReport service list: one service per category."""
    return [{"service_code": code, "service_name": name, "description": f"{name}: report it as it happens.",
             "metadata": True, "type": "realtime", "keywords": "noise, nuisance", "group": GROUP}
            for code, name in intake_rules.CATEGORIES.items()]


def definition(service_code: str) -> dict | None:
    """A service's definition: the attributes a request for it may (or must) give; None for an unknown service."""
    if service_code not in intake_rules.CATEGORIES:
        return None
    return {"service_code": service_code, "attributes": [
        {"variable": True, "code": "ward", "datatype": "singlevaluelist", "required": True, "order": 1,
         "description": "Which Brent ward is the noise coming from?", "datatype_description": None,
         "values": [{"key": ward, "name": ward} for ward in WARDS]},
        {"variable": True, "code": "started_at", "datatype": "datetime", "required": False, "order": 2,
         "description": "When did it start? (ISO 8601 with an offset; now, if not given)",
         "datatype_description": "e.g. 2026-11-27T23:10:00+00:00"},
        {"variable": True, "code": "ended_at", "datatype": "datetime", "required": False, "order": 3,
         "description": "When did it stop? (leave out if it has not)", "datatype_description": None},
    ]}


def report_from_request(form: dict, now: datetime) -> dict:
    """The incident report (the API's shape, not yet checked) a posted GeoReport request stands for."""
    attribute = {key[len("attribute["):-1]: value for key, value in form.items() if key.startswith("attribute[")}
    name = " ".join(part for part in (form.get("first_name"), form.get("last_name")) if part)
    reporter = {key: value for key, value in (("name", name), ("email", form.get("email")),
                                               ("phone", form.get("phone"))) if value}
    source = {"address": form.get("address_string") or "", "ward": attribute.get("ward")}
    if form.get("address_id"):
        source["uprn"] = form["address_id"]
    if form.get("lat") and form.get("long"):
        source["latitude"], source["longitude"] = form["lat"], form["long"]
        if not source["address"]:
            source["address"] = f"Near {form['lat']}, {form['long']}"
    body = {"source": source, "category": form.get("service_code"), "channel": "open311",
            "started_at": attribute.get("started_at") or now.isoformat(), "reporter": reporter or None,
            "description": form.get("description") or ""}
    if attribute.get("ended_at"):
        body["ended_at"] = attribute["ended_at"]
    if form.get("media_url"):
        body["evidence"] = [{"kind": "recording", "reference": form["media_url"][:200]}]
    return body


def status(case_status: str, outcome: str | None) -> tuple[str, str]:
    """A case's state as GeoReport's status (open or closed) and a plain-English note."""
    if case_status == "closed":
        return "closed", f"Closed: {outcome or 'no further action'}."
    return "open", STATUS_NOTES.get(case_status, "Open.")
