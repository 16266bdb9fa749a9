"""Officers' profiles: how an authorised officer is named on the form and on the notices they issue. Officers must
carry and show their authorisation, so a notice names them by full name and authorisation number, never by a
sign-in name; an officer with no profile cannot issue."""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.errors import Conflict, NotFound, Problem
from services.fpn.models import AuditEntry, OfficerProfile

DEFAULT_AUTHORISATION = ("Authorised by the London Borough of Brent under section 68 of the Anti-social Behaviour, "
                         "Crime and Policing Act 2014 to issue fixed penalty notices for breaches of its Public "
                         "Spaces Protection Orders")


def profile(*, session: Session, username: str) -> OfficerProfile:
    """The officer's profile, or a 404 Problem."""
    found = session.get(OfficerProfile, username)
    if found is None:
        raise NotFound(f"There is no officer profile for '{username}'.")
    return found


def issuing_officer(*, session: Session, username: str) -> OfficerProfile:
    """The profile a notice will name, or a Problem saying who can put it right."""
    found = session.get(OfficerProfile, username)
    if found is None:
        raise Problem("No authorisation on record", "Your authorisation to issue notices is not recorded, so a "
                      "notice cannot name you. Ask an admin to record your full name and authorisation number.",
                      kind="no-officer-profile", status=403)
    return found


def profiles(*, session: Session) -> list[OfficerProfile]:
    """Every officer's profile, by name."""
    return list(session.scalars(select(OfficerProfile).order_by(OfficerProfile.full_name)))


def set_profile(*, session: Session, username: str, details: dict, actor: str, now: datetime) -> OfficerProfile:
    """Record or change an officer's profile; an authorisation number belongs to one officer."""
    holder = session.scalar(select(OfficerProfile.username).where(
        OfficerProfile.authorisation_number == details["authorisation_number"]))
    if holder is not None and holder != username:
        raise Conflict("Authorisation number in use", f"Authorisation number {details['authorisation_number']} "
                       "belongs to another officer.", kind="authorisation-number-taken",
                       errors=[{"field": "authorisation_number", "message": "The authorisation number is already "
                                                                            "another officer's"}])
    found = session.get(OfficerProfile, username)
    if found is None:
        found = OfficerProfile(username=username)
        session.add(found)
    found.full_name = details["full_name"]
    found.authorisation_number = details["authorisation_number"]
    found.authorised_under = details.get("authorised_under") or DEFAULT_AUTHORISATION
    found.updated_by, found.updated_at = actor, now
    session.flush()
    audit.record(session, AuditEntry, actor=actor, action="officer_profile_set", entity="officer",
                 entity_id=username, data={"authorisation_number": found.authorisation_number})
    return found
