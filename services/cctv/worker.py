"""The cctv Celery worker's entry point: `celery -A services.cctv.worker worker -Q cctv`."""
from services.cctv.app import create_app
from services.cctv import tasks  # noqa: F401  (registers the tasks)

celery = create_app().extensions["celery"]
