"""Settings of the portal that tests serve from a separate process (gunicorn, a Celery
worker): the test settings, with the page caches and the Celery wiring as in production."""

from portal.settings_test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = not REDIS_URL  # noqa: F405
CACHE_PAGINE_PUBBLICHE_SECONDI = 60
CACHE_PAGINE_PERSONALI_SECONDI = 60
