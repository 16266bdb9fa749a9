"""Running a solver on cctv's worker while its record shows the manager or the group how far it has got: the share
of its time limit used, and each better answer found so far (the rotation plan's and the rota's progress bars).
A run keeps its answer only if the record still waits for it: a task delivered twice runs twice, and the later
start wins (`begin`, `still_mine`)."""
import threading
import time
from datetime import datetime, timezone
from typing import Callable, TypeVar

T = TypeVar("T")
PROGRESS_EVERY_SECONDS = 0.5


WAITING = ("queued", "solving")  # a record in these states waits for a run's answer


def begin(session, model, record_id: int) -> datetime | None:
    """Start a run on the record (a rota, a plan): it is marked solving, and the moment it started is this run's mark
    (`still_mine`). None when it waits for no answer (solved, published or failed since: a task delivered again)."""
    record = session.get(model, record_id, with_for_update=True)
    if record is None or record.status not in WAITING:
        return None
    record.status, record.started_at = "solving", datetime.now(timezone.utc)
    return record.started_at


def still_mine(session, model, record_id: int, started: datetime):
    """The record, locked, while the run that began at `started` is still the one it waits for; None once another
    run has started after it (the broker delivered the task twice) or it has been failed: that run then leaves it
    alone, so a late answer never replaces a newer one, or the rota a manager has published since."""
    record = session.get(model, record_id, with_for_update=True)
    return record if record is not None and record.status == "solving" and record.started_at == started else None


def give_up(session, model, record_id: int, why: str) -> None:
    """Record that a run failed, and why, unless the record no longer waits for an answer (another run solved it)."""
    record = session.get(model, record_id, with_for_update=True)
    if record is not None and record.status in WAITING:
        record.status, record.failure, record.finished_at = "failed", why, datetime.now(timezone.utc)


def with_progress(*, transaction: Callable, model, record_id: int, limit: float, started: datetime,
                  run: Callable[[Callable[[dict], None]], T]) -> tuple[T, list[dict]]:
    """`run(on_progress)` in this thread, while another writes `progress` (0 to 0.99) and `solutions` (each better
    answer passed to on_progress) to the record every half second, each in its own committed transaction, while the
    record is still this run's (`started`: its mark from `begin`)."""
    found: list[dict] = []
    began, done = time.monotonic(), threading.Event()

    def report() -> None:
        while not done.wait(PROGRESS_EVERY_SECONDS):
            with transaction() as session:
                record = still_mine(session, model, record_id, started)
                if record is not None:
                    record.progress = min(0.99, (time.monotonic() - began) / max(limit, 0.1))
                    record.solutions = [dict(s) for s in found]

    reporter = threading.Thread(target=report, name=f"{model.__tablename__}-{record_id}-progress", daemon=True)
    reporter.start()
    try:
        result = run(lambda p: found.append({k: round(v, 2) if isinstance(v, float) else v for k, v in p.items()}))
    finally:
        done.set()
        reporter.join()
    return result, found
