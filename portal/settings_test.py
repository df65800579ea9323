"""Test settings: the real settings, with what only tests need changed."""

import os
import tempfile

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from portal.settings import *  # noqa: E402,F403

# Tests run tasks inline unless a test asks for the real worker (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Uploaded files of a test run never land in the project folder.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cdq-test-media-"))  # noqa: F405
# Tests that read a public page twice must see their own changes; the cache of
# public pages is switched on only by the tests that are about it.
CACHE_PAGINE_PUBBLICHE_SECONDI = 0
CACHE_PAGINE_PERSONALI_SECONDI = 0
# Tests sign personas in with force_login, which no second factor goes through;
# tests/portal/test_mfa.py switches the requirement on and goes through it.
STAFF_MFA_REQUIRED = False
