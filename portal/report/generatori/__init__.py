"""The generators of every kind of report; importing the package registers them."""

from portal.report.generatori import bilancio, casa, enti, volontari  # noqa: F401
