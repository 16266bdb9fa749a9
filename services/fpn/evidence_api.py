"""Evidence packs: each notice's footage references and how long they are kept, the recipients' requests for the
footage and their release, and the footage due for deletion (supervisors and admins)."""
from datetime import datetime, timezone

from flask_smorest import Blueprint

from shared.auth import current_caller
from shared.brent import london_date
from shared.sessions import db_session
from services.fpn import evidence, notice_numbers, notices
from services.fpn.schemas import (DueForDeletionSchema, EvidencePackSchema, FootageReleaseSchema,
                                  FootageRequestSchema)

blp = Blueprint("evidence", __name__, url_prefix="/api/v1", description="Evidence packs and footage requests")


def _today():
    return london_date(datetime.now(timezone.utc))


@blp.get("/notices/<number>/evidence")
@blp.response(200, EvidencePackSchema)
def get_pack(number):
    """The notice's evidence: references, how long they are kept and why, footage requests, and any deletion."""
    session = db_session()
    return evidence.pack(session=session, notice=notices.get(session=session, number=number), today=_today())


@blp.post("/notices/<number>/footage-requests")
@blp.arguments(FootageRequestSchema())
@blp.response(201, FootageRequestSchema)
def request_footage(body, number):
    """Record the recipient's request for the footage (it is then kept until released)."""
    session = db_session()
    request = evidence.request_footage(session=session, notice=notices.get(session=session, number=number),
                                       actor=current_caller().username, **body)
    session.commit()
    return request


@blp.get("/footage-requests")
@blp.response(200, FootageRequestSchema(many=True))
def waiting_requests():
    """Footage requests not yet answered, oldest first."""
    return evidence.waiting_requests(session=db_session())


@blp.post("/footage-requests/<int:request_id>/release")
@blp.arguments(FootageReleaseSchema())
@blp.response(200, FootageRequestSchema)
def release_footage(body, request_id):
    """Record that the footage was given to the person who asked, and how."""
    session = db_session()
    request = evidence.release_footage(session=session, request_id=request_id, released_on=body["released_on"],
                                       how=body["how"], actor=current_caller().username)
    session.commit()
    return request


@blp.get("/evidence/due-for-deletion")
@blp.response(200, DueForDeletionSchema(many=True))
def due_for_deletion():
    """Closed notices whose footage is no longer needed and not yet recorded as deleted, oldest offence first."""
    return [{"notice_number": notice_numbers.display(n.number), "state": n.state, "items": n.evidence,
             "kept_until": kept.until, "why": kept.why}
            for n, kept in evidence.due_for_deletion(session=db_session(), today=_today())]


@blp.post("/notices/<number>/evidence/deleted")
@blp.response(200, EvidencePackSchema)
def record_deletion(number):
    """Record that the notice's footage has been deleted from the video system (refused while it must be kept)."""
    session = db_session()
    notice = evidence.record_deletion(session=session, notice=notices.get(session=session, number=number),
                                      actor=current_caller().username, now=datetime.now(timezone.utc))
    session.commit()
    return evidence.pack(session=session, notice=notice, today=_today())
