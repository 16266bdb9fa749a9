"""An import's rows read and checked by a process of its own (imports.checked_apart), beside the process that files
them: checking a row as the API checks a report costs as much as PostgreSQL's filing of it, and a process of its
own runs on another core.

Told on stdin (pickled) the file, the column mapping, how far the importing process's clock is from this one's,
and the function that prepares a checked row for filing (module:qualified name), it writes to stdout pickled
batches of what imports.checked yields. When it fails it writes ("failed", what a log may say of the failure:
its type and where, never its message, which could hold a row's personal data) and exits with 1.
"""
import gc
import importlib
import pickle
import sys
from datetime import datetime, timezone
from functools import reduce
from pathlib import Path

from shared.logs import failure_fields
from services.noise import imports

BATCH = 1000  # rows sent at a time


def _function(name: str):
    module, qualified = name.split(":")
    return reduce(getattr, qualified.split("."), importlib.import_module(module))


def main() -> int:
    gc.disable()  # (its rows hold no cycles; collecting as they were made: 200,000 rows 8.5-9.1 s of CPU, now 8.0-8.2)
    job = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    try:
        prepare, offset = _function(job["prepare"]), job["clock_offset"]
        now = lambda: datetime.now(timezone.utc) + offset  # noqa: E731 (the importing process's clock)
        batch = []
        for checked in imports.checked(Path(job["path"]), job["mapping"], now, prepare):
            batch.append(checked)
            if len(batch) >= BATCH:
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                batch = []
        if batch:
            pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as failed:  # (BrokenPipeError too: the importing process stopped reading)
        pickle.dump(("failed", failure_fields(failed)), out)
        return 1
    finally:
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
