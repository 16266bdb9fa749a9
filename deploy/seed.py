"""`python -m deploy.seed`: load Brent's reference data and, outside production, demo accounts and demo data."""
from datetime import date, datetime, timezone

from sqlalchemy import select

from shared.accounts.service import create_or_update_user
from shared.db import Database
from shared.settings import load_settings
from services.fpn import officers, register
from services.fpn.models import Variation
from shared.brent import today
from services.cctv import demo_data as cctv_demo
from services.noise import demo_data as noise_demo

DEMO_PASSWORD = "brent-demo"
DEMO_USERS = [
    ("officer", "Enforcement Officer (demo)", ["enforcement_officer"]),
    ("supervisor", "Enforcement Supervisor (demo)", ["enforcement_supervisor"]),
    ("noise", "Nuisance Control Officer (demo)", ["nuisance_officer"]),
    ("cctvgroup", "CCTV Working Group member (demo)", ["cctv_working_group"]),
    ("manager", "Control-room Manager (demo)", ["control_room_manager"]),
    ("controlroom", "Control-room Officer (demo)", ["control_room_officer"]),
    ("admin", "Administrator (demo)", ["admin"]),
]
DEMO_OFFICERS = [  # the names and authorisation numbers their notices print (marked as demonstration)
    ("officer", "Alex Morgan (demo officer)", "DEMO-EO-0001"),
    ("noise", "Sam Patel (demo officer)", "DEMO-NC-0001"),
]
DEMO_EXTENSION = "DEMONSTRATION DATA ONLY, not a council decision: extended so that notices can be tried out today."


def seed_demo(session) -> None:
    """Demo accounts (the officers with demo authorisation numbers), a clearly marked demo extension of the 2023 PSPO (which expired on 31 January 2026), demo
    noise reports and the demo nuisance officer in the team, and a demo camera register with sites, requests and police records."""
    for username, name, roles in DEMO_USERS:
        create_or_update_user(session=session, username=username, password=DEMO_PASSWORD, roles=roles,
                              display_name=name)
    for username, name, number in DEMO_OFFICERS:
        officers.set_profile(session=session, username=username, details={
            "full_name": name, "authorisation_number": number}, actor="demo-seed", now=datetime.now(timezone.utc))
    order = register.get_order(session=session, code="BRENT-PSPO-2023")
    if not session.scalar(select(Variation).where(Variation.order_id == order.id,
                                                  Variation.description == DEMO_EXTENSION)):
        register.add_variation(session=session, order=order, kind="extension", decided_on=date(2026, 1, 31),
                               new_end=date(2029, 1, 31), description=DEMO_EXTENSION, actor="demo-seed")
    noise_demo.noise_reports(session=session)  # the worker then flags the qualifying ones to the team
    noise_demo.nuisance_team(session=session)
    cctv_demo.cctv_demo(session=session, today=today())


def main() -> None:
    """Seed the configured database; outside production, with the demo and this week's published rota."""
    settings = load_settings()
    database = Database(settings.database_url)
    demo = settings.environment != "production"
    with database.transaction() as session:
        added = register.load_reference(session=session)
        if demo:
            seed_demo(session)
    if demo:  # solved in transactions of its own (as on the worker), once the staff it is for are committed
        cctv_demo.published_rota(transaction=database.transaction, today=today())
    print(f"reference data loaded ({added} new orders)"
          + ("" if settings.environment == "production" else "; demo accounts ready"))


if __name__ == "__main__":
    main()
