"""The Celery application: one queue per service, at-least-once delivery, tasks run in the service's app context."""
import logging
from pathlib import Path

from celery import Celery, Task
from celery.signals import task_postrun, task_prerun, task_unknown, worker_process_init
from kombu import Exchange, Queue

from shared import dead_letters, request_id
from shared.service_list import SERVICE_NAMES
from shared.settings import VAR_DIR

QUEUES = SERVICE_NAMES


def celery_config(broker_url: str, service: str) -> dict:
    """Celery settings for at-least-once delivery of events between services."""
    config = {
        "broker_url": broker_url,
        "task_ignore_result": True,
        "task_acks_late": True,  # acknowledge after the task ran, so a crash mid-task means redelivery
        "task_reject_on_worker_lost": True,  # a killed worker's message goes back on the queue
        "worker_prefetch_multiplier": 1,
        # Each queue has its own exchange, so a worker's banner and routing name only its own service.
        "task_queues": [Queue(name, Exchange(name, type="direct"), routing_key=name) for name in QUEUES],
        "task_routes": {f"{name}.*": {"queue": name} for name in QUEUES},
        "task_default_queue": service,
        "task_default_exchange": service,
        "task_default_routing_key": service,
        "broker_connection_retry_on_startup": True,
        "worker_hijack_root_logger": False,
    }
    if broker_url.startswith("filesystem://"):
        folder = Path(VAR_DIR) / "broker"
        for sub in ("out", "processed", "control"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        config["broker_transport_options"] = {"data_folder_in": str(folder / "out"),
                                              "data_folder_out": str(folder / "out"),
                                              "processed_folder": str(folder / "processed"),
                                              "control_folder": str(folder / "control"),
                                              "store_processed": False}
    else:
        # Unacknowledged messages return to the queue after this; no task here runs longer than minutes.
        config["broker_transport_options"] = {"visibility_timeout": 3600}
    return config


class _BodyNotLogged(logging.Filter):
    """Celery logs a whole message, body and argument headers, when no task is registered for it; a payload may hold
    personal data. The message is kept as a dead letter instead."""

    def filter(self, record):
        if isinstance(record.args, tuple) and len(record.args) >= 3 and \
                str(record.msg).startswith("Received unregistered task"):
            exc, _body, headers, *rest = record.args
            headers = {k: v for k, v in (headers or {}).items() if k not in ("argsrepr", "kwargsrepr")}
            record.args = (exc, "(not logged: kept as a dead letter)", headers, *rest)
        return True


def celery_init_app(app, service: str) -> Celery:
    """Create the Celery app for a Flask service; every task runs inside that service's app context."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(service, task_cls=FlaskTask)
    celery.config_from_object(celery_config(app.config["BROKER_URL"], service))
    celery.set_default()
    app.extensions["celery"] = celery
    logging.getLogger("celery.worker.consumer.consumer").addFilter(_BodyNotLogged())

    @worker_process_init.connect(weak=False)
    def _fresh_connections(**_kwargs):
        # A forked worker process must never share the parent's database connections.
        app.extensions["sbo_db"].engine.dispose()

    @task_prerun.connect(weak=False)
    def _carry_request_id(task=None, task_id=None, **_kwargs):
        # The request that caused this task sent its id in the message headers (shared.outbox.relay).
        request_id.begin(getattr(task.request, "request_id", None) or task_id)

    @task_postrun.connect(weak=False)
    def _end_request_id(**_kwargs):
        request_id.CURRENT.set(None)

    @task_unknown.connect(weak=False)
    def _keep_unknown(sender=None, message=None, name=None, id=None, **_kwargs):
        # Celery drops a message no task is registered for; keep it where a person can see it.
        if getattr(sender, "app", None) is not celery:
            return
        try:
            _args, kwargs, _embed = message.decode()
        except Exception:  # an unreadable body is still worth recording by its name and id
            kwargs = {}
        with app.app_context(), app.extensions["sbo_db"].transaction() as session:
            dead_letters.record(session, app.extensions["sbo_tables"].dead_letters, event_id=str(id)[:36],
                                task=str(name)[:120], reason="no-consumer",
                                errors=[{"field": "", "message": f"No task '{name}' is registered in the {service} "
                                         "worker."}], payload=kwargs.get("payload"))

    return celery
