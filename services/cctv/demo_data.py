"""Demonstration cameras, sites, requests and police records for `make run` (not Brent's real register): enough
for the Working Group's page to show a map, need at each site, a plan to propose and an agenda to decide; and the
control room's staff, leave, requests and an event day, and this week's published rota, for the rota page."""
import random
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.brent import LONDON
from shared.errors import Conflict
from services.cctv.cameras.models import Camera
from services.cctv.cameras import register
from services.cctv.evidence.models import PoliceImport, PoliceRecord
from services.cctv.rota import rotas, staffing
from services.cctv.rota.models import Rota, StaffMember
from services.cctv.sites import site_requests

DEMO = "demo-seed"
# Sites asking for a camera: (name, ward, latitude, longitude, problem)
CANDIDATES = [
    ("Demo: Harlesden High Street / Manor Park Road", "Harlesden and Kensal Green", 51.5366, -0.2478, "drug_dealing"),
    ("Demo: Church Road / Mordaunt Road", "Stonebridge", 51.5420, -0.2555, "asb"),
    ("Demo: Ealing Road / Mount Pleasant", "Alperton", 51.5445, -0.2985, "street_drinking"),
    ("Demo: Neasden Lane / North Circular Road", "Dollis Hill", 51.5535, -0.2495, "nuisance_vehicles"),
    ("Demo: Kilburn High Road / Brondesbury Road", "Kilburn", 51.5405, -0.1985, "violence"),
    ("Demo: Craven Park Road", "Harlesden and Kensal Green", 51.5393, -0.2440, "drug_dealing"),
    ("Demo: Kingsbury Road / Church Lane", "Kingsbury", 51.5845, -0.2790, "fly_tipping"),
]
# Where deployable cameras are now: (name, ward, latitude, longitude)
CURRENT = [
    ("Demo: Wembley High Road / Park Lane", "Wembley Central", 51.5527, -0.2963),
    ("Demo: Willesden High Road", "Willesden Green", 51.5470, -0.2330),
    ("Demo: Cricklewood Broadway", "Cricklewood and Mapesbury", 51.5580, -0.2140),
    ("Demo: Sudbury Town centre", "Sudbury", 51.5560, -0.3150),
    ("Demo: Queens Park, Salusbury Road", "Queens Park", 51.5345, -0.2050),
    ("Demo: Kenton Road", "Kenton", 51.5830, -0.3020),
    ("Demo: Chalkhill Road", "Wembley Park", 51.5620, -0.2720),
    ("Demo: Bridge Park", "Stonebridge", 51.5440, -0.2640),
    ("Demo: Preston Road", "Preston", 51.5720, -0.2950),
    ("Demo: Dudden Hill Lane", "Dollis Hill", 51.5530, -0.2380),
    ("Demo: Burnt Oak Broadway", "Queensbury", 51.5990, -0.2640),
    ("Demo: Tokyngton Avenue", "Tokyngton", 51.5480, -0.2800),
    ("Demo: Harrow Road, Kensal Green", "Harlesden and Kensal Green", 51.5310, -0.2200),
    ("Demo: Northwick Park", "Northwick Park", 51.5780, -0.3180),
    ("Demo: Roundwood Park", "Roundwood", 51.5430, -0.2390),
    ("Demo: Welsh Harp, Cool Oak Lane", "Welsh Harp", 51.5770, -0.2500),
    ("Demo: Barnhill Road", "Barnhill", 51.5730, -0.2780),
    ("Demo: Brondesbury Park", "Brondesbury Park", 51.5400, -0.2150),
]
MONTHS_UP = (3, 1, 7, 4, 2, 9, 5, 3, 1, 8, 2, 4, 3, 6, 2, 4, 1, 3)  # how long each has been up: a few due for review
SIGNAGE = "Demonstration: two A3 signs at the junction naming Brent Council and the control room's number."


def cctv_demo(*, session: Session, today: date, min_stay_months: int = 6) -> int:
    """Add the demo register and the control room's staff once (a second call adds nothing); return how many
    cameras were added."""
    rota_demo(session=session, today=today)
    if session.scalar(select(Camera.id).where(Camera.asset_id == "DEMO-01")) is not None:
        return 0
    rng = random.Random(2026)
    for n, (name, ward, lat, lon, problem) in enumerate(CANDIDATES):
        request = site_requests.take_in(session=session, actor=DEMO, body={
            "new_site": {"name": name, "ward": ward, "latitude": lat, "longitude": lon},
            "requester_kind": ("bjag", "police", "council_team", "housing_provider")[n % 4],
            "requester": "Demonstration requester", "problem": problem,
            "problem_detail": "Demonstration request: not a real problem or place.",
            "aim": "Demonstration: deter and give evidence.", "received_on": today - timedelta(days=40 + n)})
        if n < len(CANDIDATES) - 1:  # the last stays undecided, for the agenda
            site_requests.record_safeguards(session=session, reference=request.reference, actor=DEMO, details={
                "dpia_reference": f"DEMO-DPIA-{n + 1}", "dpia_completed_on": today - timedelta(days=20),
                "signage_plan": SIGNAGE})
            site_requests.decide(session=session, reference=request.reference, decision="approve", reason=None,
                                 actor=DEMO, today=today)
    added = 0
    for n, (name, ward, lat, lon) in enumerate(CURRENT):
        site = site_requests.add_site(session=session, actor=DEMO, details={
            "name": name, "ward": ward, "latitude": lat, "longitude": lon})
        register.add_camera(session=session, actor=DEMO, today=today, min_stay_months=min_stay_months, body={
            "asset_id": f"DEMO-{n + 1:02d}", "kind": "deployable_anpr" if n in (3, 9) else "deployable",
            "status": "faulty" if n == 17 else "deployed", "site": site.reference,
            "deployed_on": today - relativedelta(months=MONTHS_UP[n]), "notes": "Demonstration camera"})
        added += 1
    for n in range(3):
        register.add_camera(session=session, actor=DEMO, today=today, min_stay_months=min_stay_months, body={
            "asset_id": f"DEMO-{len(CURRENT) + n + 1:02d}", "kind": "deployable_anpr" if n == 0 else "deployable",
            "status": "in_store", "notes": "Demonstration camera"})
        added += 1
    _police_records(session, rng, today)
    return added


# The control room: five officers, a senior and the manager (the demo accounts controlroom and manager are
# among them, so each sees their own shifts).
STAFF = [("Demo: Asha Patel", "officer", "controlroom"), ("Demo: Ben Shah", "officer", None),
         ("Demo: Cara Jones", "officer", None), ("Demo: Dan Okafor", "officer", None),
         ("Demo: Eve Mensah", "officer", None), ("Demo: Sam Adeyemi", "senior", None),
         ("Demo: Morgan Lee", "manager", "manager")]


def rota_demo(*, session: Session, today: date) -> None:
    """The control room's staff, a week's leave, two requests and a Wembley event day, once."""
    if session.scalar(select(StaffMember.id).limit(1)) is not None:
        return
    shifts = {"officer": ["early", "cover", "late", "night"], "senior": ["early", "cover", "late"],
              "manager": ["early", "cover"]}
    members = [staffing.add_staff(session, {"name": name, "role": role, "contracted_hours": 37.5,
                                            "shifts": shifts[role], "username": username}, DEMO)
               for name, role, username in STAFF]
    monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
    staffing.add_absence(session, members[1], {"first_day": monday + timedelta(days=9),
                                               "last_day": monday + timedelta(days=13), "kind": "annual_leave",
                                               "note": "Demonstration leave"}, DEMO)
    for member, wants, weekday, shift in ((members[2], False, 6, None), (members[6], False, 5, None),
                                          (members[6], False, 6, None), (members[3], True, 0, "early")):
        staffing.add_preference(session, member, {"wants": wants, "weekday": weekday, "shift": shift,
                                                  "note": "Demonstration request"}, DEMO)
    saturday = monday + timedelta(days=12)
    staffing.add_events(session, [{
        "uid": "demo-wembley@safer-brent.example", "name": "Demo: Wembley Stadium event", "extra_officers": 1,
        "starts_at": datetime.combine(saturday, time(17), LONDON).astimezone(timezone.utc),
        "ends_at": datetime.combine(saturday, time(22), LONDON).astimezone(timezone.utc)}], DEMO, "import")


def published_rota(*, transaction: Callable, today: date, time_limit: float = 3) -> int | None:
    """This week's rota, asked for, solved and published as the manager's are (so that Swaps and absence, re-solving
    and each person's shifts can be tried), unless a published rota already covers any of its days; its id, or
    None. It covers this week only, so the manager's first rota, from next Monday, meets the demo's leave and event
    day."""
    with transaction() as session:
        try:
            rota_id = rotas.ask(session, first_day=today - timedelta(days=today.weekday()), weeks=1,
                                time_limit=time_limit, actor=DEMO).id
        except Conflict:  # seeded before, or the manager has published their own
            return None
    rotas.solve(transaction=transaction, rota_id=rota_id)  # here, not on the worker: the demo starts with it
    with transaction() as session:
        rotas.publish(session, session.get(Rota, rota_id), DEMO)
    return rota_id


def _police_records(session: Session, rng: random.Random, today: date) -> None:
    """A year of made-up police records around the sites, more at some than at others."""
    batch = PoliceImport(filename="demo-police-records.csv", imported_by=DEMO)
    session.add(batch)
    session.flush()
    places = [(lat, lon) for _, _, lat, lon, _ in CANDIDATES] + [(lat, lon) for _, _, lat, lon in CURRENT]
    for n, (lat, lon) in enumerate(places):
        busy = rng.choice((1, 2, 4, 8, 12))
        for months_ago in range(12):
            month = (today.replace(day=1) - relativedelta(months=months_ago))
            for k in range(rng.randint(0, busy)):
                session.add(PoliceRecord(
                    key=f"demo-{n}-{months_ago}-{k}", import_id=batch.id, month=month,
                    category=rng.choice(("Anti-social behaviour", "Drugs", "Violence and sexual offences")),
                    latitude=lat + rng.uniform(-0.001, 0.001), longitude=lon + rng.uniform(-0.0015, 0.0015),
                    location="Demonstration record"))
    batch.rows_added = len([o for o in session.new if isinstance(o, PoliceRecord)])
