"""Only one scheduler runs jobs: a second one started by mistake stands by until the first stops."""
import threading

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


def test_the_scheduler_holds_the_outbox_relays_and_the_nightly_referral(fpn_app):
    scheduler = build_scheduler([fpn_app])
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"fpn.relay_outbox", "fpn.refer_overdue_notices"}
    assert "hour='0'" in str(jobs["fpn.refer_overdue_notices"].trigger)
