"""ANPR enforcement use cases: take a read in (a breach, a read to review, or nothing), look up the keeper of a
breach's vehicle through the DVLA adapter, record the keeper's letter sent, and turn a named driver into a notice
request to fpn (which decides, from its register, whether a warning or an FPN is allowed that day)."""
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit, notice_requests, outbox
from shared.brent import day, london_date
from shared.contracts.tasks import TaskNames
from shared.errors import Conflict, Problem
from shared.sessions import find_or_404
from services.cctv.anpr import anpr_rules
from services.cctv.anpr.dvla import KeeperClient
from services.cctv.anpr.letter_pdf import letter_pdf
from services.cctv.anpr.models import AnprRead, AnprZone, KeeperLookup, VehicleBreach
from services.cctv.cameras import camera_rules
from services.cctv.cameras.models import Camera
from services.cctv.models import AuditEntry, NoticeRequest, OutboxMessage
from services.cctv.sites import site_requests

PURPOSE = "Enforcement of the Nuisance Vehicles PSPO (Anti-social Behaviour, Crime and Policing Act 2014 s.59)"


def add_zone(*, session: Session, body: dict, actor: str) -> AnprZone:
    """Record a site where ANPR reads enforce an order's prohibition (warnings only, to a date, if given)."""
    site = site_requests.named_site(session, body["site"])
    if body.get("active_to") and body["active_to"] < body["active_from"]:
        raise Problem("Dates the wrong way round", "The zone must end on or after the day it starts.",
                      kind="zone-dates", errors=[{"field": "active_to", "message": "The end date must be the same "
                                                  "as or after the start date"}])
    zone = AnprZone(name=body["name"], site=site, order_code=body["order_code"], scope_code=body["scope_code"],
                    prohibition_code=body["prohibition_code"], active_from=body["active_from"],
                    active_to=body.get("active_to"), warning_only_until=body.get("warning_only_until"))
    session.add(zone)
    session.flush()
    audit.record(session, AuditEntry, actor=actor, action="anpr_zone_added", entity="anpr_zone", entity_id=zone.id,
                 data={"site": site.reference, "order": zone.order_code})
    return zone


def take_read(*, session: Session, body: dict, received_by: str, now: datetime,
              min_confidence: float = anpr_rules.MIN_CONFIDENCE) -> AnprRead:
    """File a read. A reliable read in an active zone joins its vehicle's breach there (or starts one, and asks for
    the keeper); an unreliable read waits for review; a read outside every zone is kept and not acted on."""
    mark = anpr_rules.check_mark(body["registration_mark"])
    camera = session.scalar(select(Camera).where(Camera.asset_id == body["camera"]))
    if camera is None or not camera_rules.has_anpr(camera.kind):
        raise Problem("Not an ANPR camera in the register",
                      f"There is no ANPR camera {body['camera']} in the register. Reads are taken only from the "
                      "register's ANPR cameras.", kind="unknown-anpr-camera",
                      errors=[{"field": "camera", "message": f"There is no ANPR camera {body['camera']} in the "
                                                             "register"}])
    if body["read_at"] > now:
        raise Problem("Read in the future", "The read's time is in the future: check the camera's clock.",
                      kind="read-in-future", errors=[{"field": "read_at", "message": "The time must be in the past"}])
    read = AnprRead(registration_mark=mark, read_at=body["read_at"], camera=camera, clip_reference=body["clip"],
                    confidence=body["confidence"], received_by=received_by, outcome="outside")
    session.add(read)
    zone = session.scalar(select(AnprZone).where(AnprZone.site_id == camera.site_id).with_for_update()) \
        if camera.site_id else None
    if not anpr_rules.reliable(body["confidence"], min_confidence):
        read.outcome = "review"
    elif zone is not None and anpr_rules.zone_active(read.read_at, zone.active_from, zone.active_to,
                                                     london_date(read.read_at)):
        read.outcome = "breach"
        read.breach_id = _breach_for(session, zone, read, received_by).id
    session.flush()
    return read


def _breach_for(session: Session, zone: AnprZone, read: AnprRead, asked_by: str) -> VehicleBreach:
    """The breach this read belongs to (the zone is locked, so reads of one meet make one breach), or a new one."""
    candidates = session.scalars(select(VehicleBreach).where(
        VehicleBreach.zone_id == zone.id, VehicleBreach.registration_mark == read.registration_mark,
        VehicleBreach.last_read_at >= read.read_at - anpr_rules.EVENT_GAP,
        VehicleBreach.first_read_at <= read.read_at + anpr_rules.EVENT_GAP)).all()
    breach = next((b for b in candidates if anpr_rules.same_event(read.read_at, b.last_read_at)
                   or anpr_rules.same_event(read.read_at, b.first_read_at)), None)
    if breach is not None:
        breach.reads += 1
        breach.first_read_at = min(breach.first_read_at, read.read_at)
        breach.last_read_at = max(breach.last_read_at, read.read_at)
        return breach
    breach = VehicleBreach(zone=zone, registration_mark=read.registration_mark, first_read_at=read.read_at,
                           last_read_at=read.read_at)
    session.add(breach)
    session.flush()
    breach.reference = f"NV-{breach.id:05d}"
    lookup = KeeperLookup(breach_id=breach.id, purpose=PURPOSE, asked_by=asked_by)
    session.add(lookup)
    session.flush()
    audit.record(session, AuditEntry, actor=asked_by, action="vehicle_breach_opened", entity="vehicle_breach",
                 entity_id=breach.reference, data={"zone": zone.name, "lookup": lookup.id})
    outbox.emit(session, OutboxMessage, TaskNames.CCTV_LOOKUP_KEEPER, {"lookup_id": lookup.id})
    return breach


def look_up_keeper(*, session: Session, lookup_id: int, client: KeeperClient, now: datetime) -> str:
    """Ask for the keeper at the date of the event. KeeperServiceAway passes up to the task, which tries again
    later (the lookup's attempts and last error are kept by the caller)."""
    lookup = session.get(KeeperLookup, lookup_id)
    if lookup is None or lookup.status != "pending":
        return "nothing to do"
    breach = session.get(VehicleBreach, lookup.breach_id)
    keeper = client.keeper_at(registration_mark=breach.registration_mark,
                              date_of_event=london_date(breach.first_read_at), reference=breach.reference,
                              purpose=lookup.purpose, requested_by=lookup.asked_by)
    lookup.attempts += 1
    lookup.answered_at = now
    if keeper is None:
        lookup.status, breach.status = "not_found", "keeper_not_found"
    else:
        lookup.status, breach.status = "found", "letter_due"
        breach.keeper_name, breach.keeper_address = keeper.name, keeper.address
        breach.letter_kind = anpr_rules.letter_kind(london_date(breach.first_read_at), breach.zone.warning_only_until)
    audit.record(session, AuditEntry, actor="system", action="keeper_looked_up", entity="vehicle_breach",
                 entity_id=breach.reference, data={"found": keeper is not None, "purpose": lookup.purpose,
                                                   "asked_by": lookup.asked_by})
    return lookup.status


def note_lookup_failure(*, session: Session, lookup_id: int, reason: str) -> None:
    """Keep how many times a lookup has been tried, and why the last try failed (no personal data)."""
    lookup = session.get(KeeperLookup, lookup_id)
    if lookup is not None:
        lookup.attempts += 1
        lookup.last_error = reason[:300]


def get_breach(session: Session, reference: str) -> VehicleBreach:
    return find_or_404(session, VehicleBreach.reference, reference, f"There is no breach {reference}.")


def keeper_letter(*, session: Session, reference: str, actor: str, today: date) -> bytes:
    """The keeper's letter as a PDF, dated the day it was sent (or today, before it is); who printed it is audited."""
    breach = get_breach(session, reference)
    if breach.letter_kind is None:
        raise Conflict("No letter yet", f"{reference} has no keeper on record yet, so there is no letter to print.",
                       kind="no-letter")
    audit.record(session, AuditEntry, actor=actor, action="keeper_letter_printed", entity="vehicle_breach",
                 entity_id=reference)
    return letter_pdf(breach, breach.letter_sent_on or today)


def letter_sent(*, session: Session, reference: str, sent_on: date, actor: str) -> VehicleBreach:
    """Record the keeper's letter sent: a warning ends the matter; otherwise the keeper has 28 days to reply."""
    breach = get_breach(session, reference)
    if breach.status != "letter_due":
        raise Conflict("No letter to send", f"{reference} is not waiting for a letter (it is "
                       f"{breach.status.replace('_', ' ')}).", kind="no-letter-due")
    breach.letter_sent_on = sent_on
    if breach.letter_kind == "warning":
        breach.status = "warned"
    else:
        breach.status, breach.reply_due_on = "awaiting_reply", anpr_rules.reply_due(sent_on)
    audit.record(session, AuditEntry, actor=actor, action="keeper_letter_sent", entity="vehicle_breach",
                 entity_id=reference, data={"kind": breach.letter_kind, "sent_on": sent_on,
                                            "reply_due_on": breach.reply_due_on})
    return breach


def driver_named(*, session: Session, reference: str, body: dict, actor: str) -> VehicleBreach:
    """The keeper's reply: they drove, or they name the driver. fpn is asked for the notice."""
    breach = get_breach(session, reference)
    if breach.status not in ("awaiting_reply", "no_reply"):
        raise Conflict("Not waiting for a reply", f"{reference} is not waiting for the keeper's reply (it is "
                       f"{breach.status.replace('_', ' ')}).", kind="no-reply-awaited")
    drove = body["keeper_drove"]
    breach.keeper_drove = drove
    breach.driver_name = breach.keeper_name if drove else body["name"]
    breach.driver_address = breach.keeper_address if drove else body["address"]
    breach.driver_date_of_birth = body.get("date_of_birth")
    breach.status = "notice_requested"
    zone, site = breach.zone, breach.zone.site
    offender = {"name": breach.driver_name, "address": breach.driver_address,
                "registration_mark": breach.registration_mark, "keeper_name": breach.keeper_name,
                "keeper_address": breach.keeper_address}
    if breach.driver_date_of_birth:
        offender["date_of_birth"] = breach.driver_date_of_birth
    notice_requests.request_notice(session, model=NoticeRequest, outbox_model=OutboxMessage, source="cctv",
                                   reference=breach.reference, requested_by=actor, notice={
        "order_code": zone.order_code, "scope_code": zone.scope_code, "prohibition_code": zone.prohibition_code,
        "occurred_at": breach.first_read_at,
        "location": {"ward": site.ward, "street_address": site.name, "latitude": site.latitude,
                     "longitude": site.longitude},
        "observed": f"Vehicle {breach.registration_mark} read {breach.reads} times by ANPR at {zone.name} from "
                    f"{breach.first_read_at.astimezone(timezone.utc):%H:%M} to "
                    f"{breach.last_read_at.astimezone(timezone.utc):%H:%M} UTC on {day(london_date(breach.first_read_at))}"
                    f"; {'the keeper said they drove' if drove else 'the keeper named the driver'}.",
        "offender": offender, "evidence": [{"kind": "other", "reference": f"ANPR {breach.reference}"}],
        "outcome": "fpn"})
    audit.record(session, AuditEntry, actor=actor, action="driver_named", entity="vehicle_breach",
                 entity_id=reference, data={"keeper_drove": drove})
    return breach


def notice_answer(session: Session, breach: VehicleBreach) -> NoticeRequest | None:
    """fpn's answer to the notice asked for this breach, if any."""
    return session.scalar(select(NoticeRequest).where(NoticeRequest.reference == breach.reference))


def overdue(breach: VehicleBreach, today: date) -> bool:
    """No reply by the deadline: for follow-up."""
    return breach.status == "awaiting_reply" and breach.reply_due_on is not None and breach.reply_due_on < today
