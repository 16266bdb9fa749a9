"""Officers' profiles (kept by admins) and the number blocks their devices are given."""
from datetime import datetime, timezone

from flask_smorest import Blueprint

from shared.auth import current_caller
from shared.sessions import db_session
from services.fpn import notice_numbers, numbering, officers
from services.fpn.notices import sees_every_notice
from services.fpn.schemas import NewNumberBlockSchema, NumberBlockSchema, OfficerProfileSchema

blp = Blueprint("officers", __name__, url_prefix="/api/v1", description="Officers and their notice numbers")


@blp.get("/officers")
@blp.response(200, OfficerProfileSchema(many=True))
def list_officers():
    """Every authorised officer's profile, by name (for finding their notices)."""
    return officers.profiles(session=db_session())


@blp.get("/officers/me")
@blp.response(200, OfficerProfileSchema)
def my_profile():
    """The signed-in officer's profile, as their notices will name them (404 if it is not recorded yet)."""
    return officers.profile(session=db_session(), username=current_caller().username)


@blp.put("/officers/<username>")
@blp.arguments(OfficerProfileSchema())
@blp.response(200, OfficerProfileSchema)
def set_profile(body, username):
    """Record or change an officer's full name, authorisation number and authorisation."""
    session = db_session()
    found = officers.set_profile(session=session, username=username, details=body,
                                 actor=current_caller().username, now=datetime.now(timezone.utc))
    session.commit()
    return found


def _block(session, block) -> dict:
    """A block with each of its numbers, and which are used."""
    used = numbering.used(session, block)
    serials = range(block.first_serial, block.first_serial + block.size)
    return {**{k: getattr(block, k) for k in ("id", "username", "device", "size", "issued_at", "returned_at",
                                              "returned_by")},
            "numbers": [{o: notice_numbers.display(notice_numbers.number(s, o)) for o in notice_numbers.PREFIXES}
                        for s in serials],
            "used": [notice_numbers.display(used[s]) for s in serials if s in used],
            "unused": [f"{s:08d}" for s in serials if s not in used]}


@blp.post("/number-blocks")
@blp.arguments(NewNumberBlockSchema())
@blp.response(201, NumberBlockSchema)
def give_block(body):
    """A block of notice numbers for this device, to give notices completed with no signal their final number at
    once. Refused (409) while the device holds two blocks with numbers unused."""
    session, caller = db_session(), current_caller()
    block = numbering.give_block(session=session, username=caller.username, device=body["device"],
                                 now=datetime.now(timezone.utc))
    session.commit()
    return _block(session, block)


@blp.get("/number-blocks")
@blp.response(200, NumberBlockSchema(many=True))
def list_blocks():
    """The blocks given out, newest first, with their used and unused numbers: your own, or everyone's for
    supervisors."""
    session, caller = db_session(), current_caller()
    mine = None if sees_every_notice(caller.roles) else caller.username
    return [_block(session, b) for b in numbering.blocks(session=session, username=mine)]


@blp.post("/number-blocks/<int:block_id>/return")
@blp.response(200, NumberBlockSchema)
def return_block(block_id):
    """Return a block (signing out of a device, or a supervisor for a lost phone): its unused numbers are void."""
    session, caller = db_session(), current_caller()
    block = numbering.return_block(session=session, block_id=block_id, username=caller.username,
                                   may_return_any=sees_every_notice(caller.roles), now=datetime.now(timezone.utc))
    session.commit()
    return _block(session, block)
