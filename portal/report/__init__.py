"""Reports produced by Celery workers: requests, their generators, files and schedules."""
