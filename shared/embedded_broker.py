"""The broker `make run` uses when no Redis is configured: kombu's filesystem transport, made safe for several processes.

kombu's filesystem transport creates a message file and then writes into it, and rewrites an exchange's table in
place. Another process (a worker, the relay) can read the file in between, find it empty, and stop with
"JSONDecodeError: Expecting value". Here every file is written under a temporary name that no reader looks at and
then renamed into place, which is atomic on one filesystem: a reader sees the whole file or none of it.
"""
import fcntl
import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.json import dumps, loads

SCHEME = "embedded"  # broker URL "embedded://localhost/"


def write_whole(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader sees either the whole file or no file (or the previous whole file)."""
    temporary = path.with_name(f".{uuid.uuid4().hex}.partial")  # no reader lists names like this
    try:
        with open(temporary, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ChannelError(f"Cannot write {path.name!r} in the broker's folder") from exc


@contextmanager
def _table_lock(table: Path):
    """One process at a time changes an exchange's table (readers need no lock: the table is replaced whole)."""
    with open(table.with_name(table.name + ".lock"), "ab") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"  # kombu's naming: oldest first
        write_whole(Path(self.data_folder_out) / name, dumps(payload).encode())

    def get_table(self, exchange):
        try:
            table = loads(self._exchange_file(exchange).read_bytes())
        except FileNotFoundError:
            return []
        return [filesystem.exchange_queue_t(*row) for row in table]

    def _change_table(self, exchange, change) -> None:
        file = self._exchange_file(exchange)
        self.control_folder.mkdir(exist_ok=True)
        with _table_lock(file):
            rows = self.get_table(exchange)
            changed = change(list(rows))
            if changed != rows:
                write_whole(file, dumps(changed).encode())

    def _queue_bind(self, exchange, routing_key, pattern, queue):
        row = filesystem.exchange_queue_t(routing_key or "", pattern or "", queue or "")
        self._change_table(exchange, lambda rows: rows if row in rows else [row, *rows])

    def _delete(self, queue, exchange, routing_key, pattern, *args, **kwargs):
        # the virtual channel forgets the binding in memory; this channel's table is the exchange's file
        super(filesystem.Channel, self)._delete(queue, exchange, routing_key, pattern, *args, **kwargs)
        row = filesystem.exchange_queue_t(routing_key or "", pattern or "", queue or "")
        self._change_table(exchange, lambda rows: [r for r in rows if r != row])


class Transport(filesystem.Transport):
    Channel = Channel
    driver_type = driver_name = SCHEME


TRANSPORT_ALIASES.setdefault(SCHEME, f"{__name__}:Transport")
