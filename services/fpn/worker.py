"""The fpn Celery worker's entry point: `celery -A services.fpn.worker worker -Q fpn`."""
from services.fpn.app import create_app
from services.fpn import tasks  # noqa: F401  (registers the tasks)

celery = create_app().extensions["celery"]
