"""The noise Celery worker's entry point: `celery -A services.noise.worker worker -Q noise`."""
from services.noise.app import create_app
from services.noise import tasks  # noqa: F401  (registers the tasks)

celery = create_app().extensions["celery"]
