"""Only one scheduler runs jobs: a second one started by mistake stands by until the first stops."""
import threading
import time

from sqlalchemy import text

from shared.scheduler import build_scheduler, leadership


def test_a_second_scheduler_stands_by_until_the_first_lets_go(migrated):
    events = []
    first_holds = threading.Event()
    release_first = threading.Event()

    def first():
        with leadership(migrated, poll_seconds=0.05):
            events.append("first running")
            first_holds.set()
            release_first.wait(10)
            events.append("first stopped")

    def second():
        first_holds.wait(10)
        with leadership(migrated, poll_seconds=0.05):
            events.append("second running")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    first_holds.wait(10)
    second_waiting = threads[1].is_alive()
    release_first.set()
    for t in threads:
        t.join(20)
    assert second_waiting
    assert events == ["first running", "first stopped", "second running"]


def test_the_scheduler_holds_the_outbox_relays_the_nightly_referral_and_the_monthly_review_sample(fpn_app):
    scheduler = build_scheduler([fpn_app])
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"fpn.relay_outbox", "fpn.refer_overdue_notices", "fpn.draw_review_sample", "fpn.audit_seal",
                         "fpn.audit_checkpoint"}
    assert "hour='0'" in str(jobs["fpn.refer_overdue_notices"].trigger)
    assert "day='1'" in str(jobs["fpn.draw_review_sample"].trigger)


class _JobsOnly:
    """What the scheduler needs of a service app: its database and a job list (here one quick job)."""

    def __init__(self, engine, name, runs):
        def record(as_of=None):
            runs.append((name, time.monotonic()))

        self.extensions = {"sbo_db": type("Db", (), {"engine": engine})(),
                           "sbo_jobs": lambda _app: [{"func": record, "trigger": "interval", "seconds": 0.2,
                                                      "id": "test.tick", "name": "tick"}]}


def test_a_leader_whose_database_connection_is_cut_stops_and_only_one_scheduler_runs_jobs(settings, migrated):
    from shared.db import make_engine
    from shared.scheduler import LOCK_KEY, run

    runs, stops, threads, crashes = [], [], [], []

    def scheduler(apps, stop):
        try:
            run(apps, stop, 0.2)
        except BaseException as exc:  # a crash is a failure, not a clean stop
            crashes.append(exc)

    for name in ("first", "second"):
        engine = make_engine(settings.database_url)
        stop = threading.Event()
        thread = threading.Thread(target=scheduler, args=([_JobsOnly(engine, name, runs)], stop), daemon=True)
        thread.start()
        stops.append(stop)
        threads.append(thread)
        if name == "first":
            deadline = time.monotonic() + 20
            while not runs and time.monotonic() < deadline:
                time.sleep(0.05)
    time.sleep(1)
    assert {name for name, _t in runs} == {"first"}  # the second stands by

    # Cut every scheduler connection, as a database restart does: the leader's lock goes with it.
    with migrated.connect() as conn:
        leader_pid = conn.execute(text("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = :k "
                                       "AND granted"), {"k": LOCK_KEY}).scalar()
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                          "current_database() AND application_name = '' AND pid <> pg_backend_pid()"))
    cut = time.monotonic()
    assert leader_pid is not None
    deadline = time.monotonic() + 20
    while not [r for r in runs if r[1] > cut + 1] and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(2)
    for stop in stops:
        stop.set()
    for thread in threads:
        thread.join(20)

    after = [name for name, t in runs if t > cut + 0.5]
    assert after, "no scheduler took over after the connections were cut"
    assert len(set(after)) == 1, f"two schedulers ran jobs at once after the cut: {after}"
    assert not any(t.is_alive() for t in threads) and not crashes, crashes  # both stopped cleanly
