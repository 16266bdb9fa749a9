"""The Celery application: one queue per service, at-least-once delivery, tasks run in the service's app context."""
from pathlib import Path

from celery import Celery, Task
from celery.signals import worker_process_init
from kombu import Queue

from shared.settings import VAR_DIR

QUEUES = ("fpn", "cctv", "noise")


def celery_config(broker_url: str) -> dict:
    """Celery settings for at-least-once delivery of events between services."""
    config = {
        "broker_url": broker_url,
        "task_ignore_result": True,
        "task_acks_late": True,  # acknowledge after the task ran, so a crash mid-task means redelivery
        "task_reject_on_worker_lost": True,  # a killed worker's message goes back on the queue
        "worker_prefetch_multiplier": 1,
        "task_queues": [Queue(name) for name in QUEUES],
        "task_routes": {f"{name}.*": {"queue": name} for name in QUEUES},
        "task_default_queue": "fpn",
        "broker_connection_retry_on_startup": True,
        "worker_hijack_root_logger": False,
    }
    if broker_url.startswith("filesystem://"):
        folder = Path(VAR_DIR) / "broker"
        for sub in ("out", "processed"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        config["broker_transport_options"] = {"data_folder_in": str(folder / "out"),
                                              "data_folder_out": str(folder / "out"),
                                              "processed_folder": str(folder / "processed"),
                                              "store_processed": False}
    else:
        # Unacknowledged messages return to the queue after this; no task here runs longer than minutes.
        config["broker_transport_options"] = {"visibility_timeout": 3600}
    return config


def celery_init_app(app, service: str) -> Celery:
    """Create the Celery app for a Flask service; every task runs inside that service's app context."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(service, task_cls=FlaskTask)
    celery.config_from_object(celery_config(app.config["BROKER_URL"]))
    celery.set_default()
    app.extensions["celery"] = celery

    @worker_process_init.connect(weak=False)
    def _fresh_connections(**_kwargs):
        # A forked worker process must never share the parent's database connections.
        app.extensions["sbo_db"].engine.dispose()

    return celery
