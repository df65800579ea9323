"""Settings of the Case di Quartiere portal.

One module for every environment: everything that differs between a laptop,
CI and production comes from environment variables, read in the block below
through small strict helpers that fail loudly on malformed values.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# --- Environment ----------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
# Old keys stay valid for verifying what they signed (volunteers' certificates)
# after SECRET_KEY is rotated.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
REDIS_URL = env_str("REDIS_URL")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("SITE_NAME", "Comune di Reggio Emilia")
# The public address: links in e-mails, calendar feeds and QR codes start with it.
# In development without it, links follow the address being served (portal.indirizzo).
SITE_URL_DALLA_RICHIESTA = DEBUG and env_str("SITE_URL") is None
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# The city in the "Vivere <città>" menu item (modello Comuni).
SITE_CITY = env_str("SITE_CITY", "Reggio Emilia")
# The Comune's crest in the header: a path under static/ (e.g. "img/stemma.svg"); empty: none.
SITE_LOGO = env_str("SITE_LOGO", "")
# AGID publishes each administration's accessibility declaration on form.agid.gov.it;
# the footer must link to it (modello Comuni, data-element="accessibility-link").
ACCESSIBILITY_URL = env_str("ACCESSIBILITY_URL", "https://form.agid.gov.it/")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Case di Quartiere <noreply@example.org>")
# Behind a TLS-terminating proxy the app sees plain HTTP; the proxy says the truth in this header.
SECURE_PROXY_HEADER = env_str("SECURE_PROXY_SSL_HEADER")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
# Days the Comune's offices have to answer a participation body's request.
RICHIESTE_GIORNI_RISPOSTA = env_int("RICHIESTE_GIORNI_RISPOSTA", 60)
# Seconds anonymous visitors may see a public page's content from the cache
# (portal/cache_pagine.py); 0 disables the cache.
CACHE_PAGINE_PUBBLICHE_SECONDI = env_int("CACHE_PAGINE_PUBBLICHE_SECONDI", 60)
# Seconds a signed-in user's own pages (their area, their approval queue) may be
# served from the cache; their own changes show at once, others' within this
# time (portal/cache_pagine.py); 0 disables it.
CACHE_PAGINE_PERSONALI_SECONDI = env_int("CACHE_PAGINE_PERSONALI_SECONDI", 60)
# SPID and CIE sign-in (portal/spid/, docs/spid-cie.md): with SPID_ENTITY_ID, the key,
# the certificate and at least one IdP metadata file set, the buttons show; unset,
# only local accounts. Metadata: comma-separated local files (the registries are
# downloaded by the Comune, see the docs), one or more IdPs each.
SPID_ENTITY_ID = env_str("SPID_ENTITY_ID")
SPID_KEY_FILE = env_str("SPID_KEY_FILE")
SPID_CERT_FILE = env_str("SPID_CERT_FILE")
SPID_IDP_METADATA = env_list("SPID_IDP_METADATA", [])
CIE_IDP_METADATA = env_list("CIE_IDP_METADATA", [])
# Regole tecniche SPID: level 1 (password) suffices for booking and volunteering;
# a Comune wanting a second factor from every citizen sets 2.
SPID_LEVEL = env_int("SPID_LEVEL", 1)
SPID_IPA_CODE = env_str("SPID_IPA_CODE", "")
SPID_CONTACT_EMAIL = env_str("SPID_CONTACT_EMAIL", "")
# Federazione CIE (Ministero dell'Interno): the Comune's code for cie:Municipality,
# as given in the adhesion request (the manual's example is the codice catastale,
# e.g. H223; a 6-digit ISTAT code is accepted), and its province's two letters.
CIE_MUNICIPALITY_CODE = env_str("CIE_MUNICIPALITY_CODE", "").upper()
if CIE_MUNICIPALITY_CODE and not re.fullmatch(r"[A-Z]\d{3}|\d{6}", CIE_MUNICIPALITY_CODE):
    raise ImproperlyConfigured(
        f"CIE_MUNICIPALITY_CODE must be a codice catastale (H223) or an ISTAT code (035033), "
        f"not {CIE_MUNICIPALITY_CODE!r}"
    )
CIE_PROVINCE = env_str("CIE_PROVINCE", "").upper()
if CIE_PROVINCE and not re.fullmatch(r"[A-Z]{2}", CIE_PROVINCE):
    raise ImproperlyConfigured(f"CIE_PROVINCE must be two letters (RE), not {CIE_PROVINCE!r}")
XMLSEC_BINARY = env_str("XMLSEC_BINARY", "/usr/bin/xmlsec1")
# Local e-mail/password sign-up, for associations and whoever has neither SPID
# nor CIE; existing local accounts (staff) sign in either way.
LOCAL_SIGNUP = env_bool("LOCAL_SIGNUP", True)
# Staff and community managers need a second factor (TOTP or a recovery code, or
# SPID/CIE level 2) for the admin and the management area (portal/mfa.py).
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", True)
# --------------------------------------------------------------------------

if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
    SECRET_KEY = "insecure-only-for-local-development"  # noqa: S105

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "simple_history",
    "portal",
    "quartieri",
    "accordi",
    "volontari",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.cache_pagine.VersioneUtenteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.mfa.SecondoFattoreMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.indirizzo.SiteUrlDallaRichiestaMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# Forms and widgets from Django's Jinja2 templates, with the Django-language ones as fallback.
FORM_RENDERER = "portal.renderer.RendererJinja2"

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a management command writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
# One backend: allauth's (e-mail login, also for the admin), with the role flags
# loaded together with the user (portal/backends.py).
AUTHENTICATION_BACKENDS = ["portal.backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
ACCOUNT_ADAPTER = "portal.adapter.AccountAdapter"
LOGIN_REDIRECT_URL = "portal:home"

# allauth: e-mail is the identity; a username is never asked for. Users may also
# come from an external identity provider (SPID/CIE later), so nothing assumes
# a local password.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming in the browser that signed up signs the person in, and the adapter
# keeps "next" in the link: they land, signed in, on the activity they wanted.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
# Signing up with an address already in use must say so plainly (a citizen who
# forgot they had an account otherwise waits for a mail that explains it).
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth's own rate limits stay on (its defaults); listed here so they are visible.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# Second factor: TOTP apps and recovery codes, required of staff and community
# managers before the admin or the management area (portal/mfa.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "portal.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

if REDIS_URL:
    CACHES = {
        "default": {
            # A Redis error is a cache miss, never a failed page (portal/cache_redis.py).
            "BACKEND": "portal.cache_redis.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cdq",
            # Short: an unreachable Redis must not add seconds to a request. Redis on the
            # same network answers in milliseconds.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The layout's fixed fragments ({% cache %} in templates/includes/): per process,
# never expiring, as they change only with the code, and a deploy restarts the
# processes. With DEBUG a template edit shows at once.
CACHES["template_fragments"] = {
    "BACKEND": (
        "django.core.cache.backends.dummy.DummyCache"
        if DEBUG
        else "django.core.cache.backends.locmem.LocMemCache"
    ),
    "LOCATION": "frammenti",
    "TIMEOUT": None,
}
# The rows and filter forms of the public lists, the tutor's queue rows and a volunteer's
# hours section ({% cache %} in their templates): per process, keyed by every value they
# print, so a changed record is a new key, never a stale row (portal/righe.py).
# The cap bounds the memory (a row is about a kilobyte, an hours section up to about ten);
# the oldest make room. 0 keeps none: every row and form is rendered on every request
# (`make bench`'s true first visits).
CACHE_RIGHE_VOCI = env_int("CACHE_RIGHE_VOCI", 10_000)
CACHES["righe"] = {
    "BACKEND": (
        "django.core.cache.backends.dummy.DummyCache"
        if DEBUG or CACHE_RIGHE_VOCI == 0
        else "django.core.cache.backends.locmem.LocMemCache"
    ),
    "LOCATION": "righe",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": CACHE_RIGHE_VOCI},
}
# What is built from rarely changing data (portal/versioni.py): per process, under
# a key naming the data's version, which lives in the shared cache.
CACHES["derivati"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "derivati",
    "OPTIONS": {"MAX_ENTRIES": 1_000},
}
# Parts of pages rendered once per change (portal/parti_condivise.py): in the shared
# cache, so that one render, usually a worker's, serves every process; compressed in
# Redis. With DEBUG a template edit shows at once.
if DEBUG:
    CACHES["schede"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
elif REDIS_URL:
    CACHES["schede"] = {
        **CACHES["default"],
        "OPTIONS": {
            **CACHES["default"]["OPTIONS"],
            "serializer": "portal.cache_redis.SerializzatoreCompresso",
        },
    }
else:
    CACHES["schede"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "schede",
    }
# Sessions are read on every signed-in request: from the cache, with the database
# as the durable copy (a cache flush logs nobody out; with Redis down they are read
# from the database).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


# --- Celery ---------------------------------------------------------------
# Without Redis the portal still works: tasks run inline (eager), which is what
# the embedded default and `make run` need. With Redis they go to real workers.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only once done, and handed back if its worker dies, so
# reports and e-mails are never silently lost; tasks are written to be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request sending a task must not wait long for a broker that is down.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A message taken by a worker that died comes back after this many seconds: longer
# than any task runs (CELERY_TASK_TIME_LIMIT) or waits for a retry (at most 300 s),
# else a running task would be delivered twice. Reports do not wait for it: their
# heartbeat lets another worker take them over within a minute.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "portal-pulizia-sessioni": {
        "task": "portal.pulisci_sessioni",
        "schedule": crontab(hour=3, minute=30),
    },
    "quartieri-dati-segnalazioni": {
        "task": "quartieri.cancella_dati_personali_segnalazioni",
        "schedule": crontab(hour=3, minute=45),
    },
    # Hourly, so a reminder missed while the worker was down goes out within the hour.
    "quartieri-promemoria-iscrizioni": {
        "task": "quartieri.invia_promemoria_iscrizioni",
        "schedule": crontab(minute=15),
    },
    # Monday morning: each office owner gets the list of their overdue requests, once a week.
    "quartieri-solleciti-richieste": {
        "task": "quartieri.invia_solleciti_richieste",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
    # Reports whose send failed (broker down) or whose worker died are sent again
    # (portal.report.services); the workers run the same check themselves.
    "portal-recupera-report": {
        "task": "portal.recupera_report",
        "schedule": crontab(),
    },
    # E-mails whose task could not be sent (broker down) are sent again once owed for
    # two minutes (portal.celery.ATTESA_RECUPERO); their stamps keep each one single.
    "quartieri-recupera-email": {
        "task": "quartieri.recupera_email",
        "schedule": crontab(),
    },
    "volontari-recupera-email": {
        "task": "volontari.recupera_email",
        "schedule": crontab(),
    },
    "portal-report-mensili-case": {
        "task": "portal.report_mensili_case",
        "schedule": crontab(hour=5, minute=0, day_of_month=1),
    },
    "portal-bilancio-annuale": {
        "task": "portal.bilancio_annuale",
        "schedule": crontab(hour=5, minute=30, day_of_month=10, month_of_year=1),
    },
    "portal-programmi-settimanali": {
        "task": "portal.programmi_settimanali",
        "schedule": crontab(hour=6, minute=0, day_of_week="fri"),
    },
    "portal-promemoria-resoconti": {
        "task": "portal.promemoria_resoconti",
        "schedule": crontab(hour=8, minute=30, day_of_week="mon"),
    },
    # Daily: a notice missed while beat was down goes out the next day (markers keep it single).
    "portal-avvisi-scadenze": {
        "task": "portal.avvisi_scadenze",
        "schedule": crontab(hour=7, minute=0),
    },
    # Every ten minutes, midnight included (what they show follows the date): the
    # agreements' and places' pages that expired, were flushed or whose write found no
    # worker (portal/parti_condivise.py).
    "accordi-prepara-schede": {
        "task": "accordi.prepara_schede",
        "schedule": crontab(minute="*/10"),
    },
    "quartieri-prepara-luoghi": {
        "task": "quartieri.prepara_luoghi",
        "schedule": crontab(minute="*/10"),
    },
    "portal-avvisi-polizze": {
        "task": "portal.avvisi_polizze",
        "schedule": crontab(hour=7, minute=15),
    },
}

# --- Security --------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = (SECURE_PROXY_HEADER, "https") if SECURE_PROXY_HEADER else None
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Scripts and styles only from the portal's own static files: no inline <script>,
# style="" or on...= anywhere (data for scripts travels in json_script blocks and
# data- attributes), so an injected tag cannot run. The map's tiles come from
# OpenStreetMap; Bootstrap Italia's CSS carries some icons and fonts as data: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "https://tile.openstreetmap.org"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Powerful browser features off, except geolocation for "near me" on the portal itself.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "geolocation": ["self"],
    **{
        funzione: []
        for funzione in (
            "accelerometer",
            "autoplay",
            "bluetooth",
            "camera",
            "display-capture",
            "gyroscope",
            "hid",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO: only its problems matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pysaml2's XML schema library announces every schema it loads.
        "xmlschema": {"level": "WARNING"},
    },
}
