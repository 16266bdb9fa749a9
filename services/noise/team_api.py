"""The team's officers and the wards they cover: newly qualifying cases in a ward go to its officer."""
from datetime import datetime, timezone

from flask_smorest import Blueprint
from sqlalchemy import select

from shared.auth import current_caller
from shared.sessions import db_session
from services.noise import team
from services.noise.models import NuisanceOfficer
from services.noise.schemas import NuisanceOfficerSchema

blp = Blueprint("team", __name__, url_prefix="/api/v1/nuisance-officers",
                description="Nuisance officers and the wards they cover")


@blp.get("")
@blp.response(200, NuisanceOfficerSchema(many=True))
def list_officers():
    """Every officer with their e-mail address and wards."""
    return db_session().scalars(select(NuisanceOfficer).order_by(NuisanceOfficer.name)).all()


@blp.put("/<username>")
@blp.arguments(NuisanceOfficerSchema())
@blp.response(200, NuisanceOfficerSchema)
def save_officer(body, username):
    """Record an officer's name, e-mail address and the wards they cover (a ward covered by someone else is
    refused, naming them)."""
    session = db_session()
    officer = team.save_officer(session=session, username=username, name=body["name"], email=body["email"],
                                wards=body.get("wards") or [], actor=current_caller().username,
                                now=datetime.now(timezone.utc))
    session.commit()
    return officer
