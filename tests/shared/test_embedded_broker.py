"""The embedded broker (`make run` with no Redis): writers and readers in separate processes racing on one folder.

kombu's own filesystem transport let a reader take a message file before its writer had filled it, and a worker
stopped with "JSONDecodeError"; the same happened to an exchange's table rewritten in place. These tests race
real processes on a real folder, the way `make run`'s relay and three workers share var/broker. Run against
kombu's own transport ("filesystem"), the first test fails every time with that JSONDecodeError.
"""
import multiprocessing
import queue as queue_module

from kombu import Connection, Exchange, Queue

from shared import embedded_broker  # noqa: F401  (registers the embedded:// transport)

WRITERS, READERS, EACH = 3, 3, 40
PADDING = "x" * 2_000_000  # a large message takes long enough to write that a reader can catch it half-written


def _connection(folder, transport="embedded"):
    return Connection(f"{transport}://localhost/", transport_options={
        "data_folder_in": str(folder / "out"), "data_folder_out": str(folder / "out"),
        "control_folder": str(folder / "control"), "processed_folder": str(folder / "processed")})


def _folder(tmp_path):
    for sub in ("out", "control", "processed"):
        (tmp_path / sub).mkdir()
    return tmp_path


def _write(folder, transport, writer):
    with _connection(folder, transport) as conn:
        producer = conn.Producer()
        for n in range(EACH):
            producer.publish({"writer": writer, "n": n, "padding": PADDING}, exchange=Exchange("noise", "direct"),
                             routing_key="noise", declare=[Queue("noise", Exchange("noise", "direct"), "noise")])


def _read(folder, transport, received, errors, stop):
    try:
        with _connection(folder, transport) as conn:
            simple = conn.SimpleQueue(Queue("noise", Exchange("noise", "direct"), "noise"))
            while not stop.is_set():
                try:
                    message = simple.get(block=False)
                except queue_module.Empty:
                    continue
                whole = message.payload["padding"] == PADDING
                received.put((message.payload["writer"], message.payload["n"], whole))
                message.ack()
    except Exception as exc:  # noqa: BLE001 - the reader's failure is what the test looks for
        errors.put(repr(exc))


def race(folder, transport="embedded"):
    """Every message the writers sent, as received by the readers, and the readers' errors."""
    context = multiprocessing.get_context("spawn")
    received, errors, stop = context.Queue(), context.Queue(), context.Event()
    readers = [context.Process(target=_read, args=(folder, transport, received, errors, stop)) for _ in range(READERS)]
    writers = [context.Process(target=_write, args=(folder, transport, w)) for w in range(WRITERS)]
    for process in readers + writers:
        process.start()
    got = []
    while len(got) < WRITERS * EACH and errors.empty():
        try:
            got.append(received.get(timeout=20))
        except queue_module.Empty:
            break
    stop.set()
    for process in readers + writers:
        process.join(timeout=20)
    return got, [errors.get() for _ in range(errors.qsize())]


def test_every_message_is_received_once_and_whole_while_writers_and_readers_race(tmp_path):
    got, errors = race(_folder(tmp_path))
    assert errors == []
    assert sorted(got) == [(w, n, True) for w in range(WRITERS) for n in range(EACH)]
    assert not [p.name for p in (tmp_path / "out").iterdir()], "no message or partial file is left behind"


def _bind_and_read(folder, name, errors, transport="embedded"):
    try:
        with _connection(folder, transport) as conn:
            channel = conn.default_channel
            channel.exchange_declare("celery.pidbox", "fanout")
            for n in range(60):
                channel.queue_declare(f"{name}-{n}")
                channel.queue_bind(f"{name}-{n}", "celery.pidbox", "")
                channel.get_table("celery.pidbox")  # what a fanout publish reads
    except Exception as exc:  # noqa: BLE001
        errors.put(repr(exc))


def test_an_exchange_table_changed_by_several_processes_keeps_every_binding_and_is_never_read_half_written(tmp_path):
    folder = _folder(tmp_path)
    context = multiprocessing.get_context("spawn")
    errors = context.Queue()
    binders = [context.Process(target=_bind_and_read, args=(folder, f"worker{w}", errors)) for w in range(4)]
    for process in binders:
        process.start()
    for process in binders:
        process.join(timeout=60)
    assert [errors.get() for _ in range(errors.qsize())] == []
    with _connection(folder) as conn:
        queues = {row.queue for row in conn.default_channel.get_table("celery.pidbox")}
    assert queues == {f"worker{w}-{n}" for w in range(4) for n in range(60)}
