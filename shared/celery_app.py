"""The Celery application: one queue per service, at-least-once delivery, tasks run in the service's app context."""
import logging
from pathlib import Path

from celery import Celery, Task
from celery.signals import task_postrun, task_prerun, task_unknown, worker_process_init
from kombu import Exchange, Queue

from shared import dead_letters, embedded_broker, request_id
from shared.service_list import SERVICE_NAMES
from shared.settings import VAR_DIR

QUEUES = SERVICE_NAMES
VISIBILITY_TIMEOUT = 60  # seconds
TASK_TIME_LIMIT = 45  # seconds; longer work (a rota solve) gets its own queue and limits when it comes


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
        "task_time_limit": TASK_TIME_LIMIT,  # enforced by the prefork pool (docker compose); `make run` uses solo
        "task_soft_time_limit": TASK_TIME_LIMIT - 5,
        # How long one outbox relay pass waits for a broker that is down before the next pass tries again.
        "task_publish_retry_policy": {"max_retries": 1, "interval_start": 0.2, "interval_step": 0.2},
        "broker_connection_retry_on_startup": True,
        "broker_connection_max_retries": None,  # a broker restart is waited out, however long
        # When the broker goes away mid-task the task cannot be acknowledged, so it is stopped and done again later;
        # every consumer is idempotent (the inbox), so doing it again is safe.
        "worker_cancel_long_running_tasks_on_connection_loss": True,
        "worker_hijack_root_logger": False,
    }
    if broker_url.startswith(f"{embedded_broker.SCHEME}://"):
        folder = Path(VAR_DIR) / "broker"
        for sub in ("out", "processed", "control"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        config["broker_transport_options"] = {"data_folder_in": str(folder / "out"),
                                              "data_folder_out": str(folder / "out"),
                                              "processed_folder": str(folder / "processed"),
                                              "control_folder": str(folder / "control"),
                                              "store_processed": False}
    else:
        # A task whose worker died (even by SIGKILL) is handed to another worker once this has passed. Every task
        # is stopped before it (TASK_TIME_LIMIT), so a task still running is never handed out twice.
        config["broker_transport_options"] = {"visibility_timeout": VISIBILITY_TIMEOUT,
                                              # look for such tasks every 10 s (kombu's default is every 100 s)
                                              "unacked_restore_interval": 10, "unacked_restore_throttle": 1,
                                              # a worker killed while it looked holds that search's lock until
                                              # this passes (kombu's default, 300 s, held redelivery up that long)
                                              "unacked_mutex_expire": 30}
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
                                         "worker"}], payload=kwargs.get("payload"))

    return celery
