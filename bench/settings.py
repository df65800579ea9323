"""The portal's settings with the benchmark's URLconf (which adds the ceiling view)."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
