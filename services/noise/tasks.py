"""noise's Celery tasks (the noise issue adds case handling)."""
