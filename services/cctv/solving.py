"""Running a solver on cctv's worker while its record shows the manager or the group how far it has got: the share
of its time limit used, and each better answer found so far (the rotation plan's and the rota's progress bars)."""
import threading
import time
from typing import Callable, TypeVar

T = TypeVar("T")
PROGRESS_EVERY_SECONDS = 0.5


def with_progress(*, transaction: Callable, model, record_id: int, limit: float,
                  run: Callable[[Callable[[dict], None]], T]) -> tuple[T, list[dict]]:
    """`run(on_progress)` in this thread, while another writes `progress` (0 to 0.99) and `solutions` (each better
    answer passed to on_progress) to the record every half second, each in its own committed transaction."""
    found: list[dict] = []
    began, done = time.monotonic(), threading.Event()

    def report() -> None:
        while not done.wait(PROGRESS_EVERY_SECONDS):
            with transaction() as session:
                record = session.get(model, record_id)
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
