"""The Nuisance Control Team's officers: where their alerts and newly qualifying cases reach them, and the wards
each covers (one officer per ward; a ward nobody covers sends its cases to the team's queue)."""
import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.brent import WARDS
from shared.errors import Problem
from services.noise.models import AuditEntry, NuisanceOfficer, WardCover

USERNAME = re.compile(r"[A-Za-z0-9._-]{1,80}")  # as accounts are named


def save_officer(*, session: Session, username: str, name: str, email: str, wards: list[str], actor: str,
                 now: datetime) -> NuisanceOfficer:
    """Record an officer's name, address and wards (replacing the wards they covered before)."""
    errors = [] if USERNAME.fullmatch(username) else [{"field": "username", "message": "Enter the officer's "
                                                        "username as they sign in: up to 80 letters, digits, dots, "
                                                        "hyphens or underscores"}]
    errors += [{"field": "wards", "message": f"{ward} is not one of Brent's 22 wards"}
               for ward in wards if ward not in WARDS]
    covered = session.execute(select(WardCover.ward, NuisanceOfficer.name).join(NuisanceOfficer).where(
        WardCover.ward.in_(wards), WardCover.username != username).order_by(WardCover.ward)).all()
    errors += [{"field": "wards", "message": f"{ward} is covered by {other}. Take it off their wards first"}
               for ward, other in covered]
    if errors:
        raise Problem("Check the officer's wards", "Nothing was saved. Correct the wards listed and try again.",
                      kind="invalid-wards", errors=errors)
    officer = session.get(NuisanceOfficer, username) or NuisanceOfficer(username=username)
    officer.name, officer.email, officer.updated_by, officer.updated_at = name.strip(), email.strip(), actor, now
    officer.wards = [WardCover(ward=ward) for ward in sorted(set(wards))]
    session.add(officer)
    session.flush()
    audit.record(session, AuditEntry, actor=actor, action="officer_saved", entity="nuisance_officer",
                 entity_id=username, data={"wards": sorted(set(wards))})
    return officer
