"""Groups of rarely changing data whose derived parts are kept in the cache (portal/versioni.py).

Each app's ready() names the models of a group it owns or that a group depends on.
"""

# The options of the public filters: places, territories, categories, themes.
SCELTE_DEI_FILTRI = "scelte-dei-filtri"
# What the place and service lists count: how many rows a list has, services per category;
# and a place's page: the place, its gestore, hours, exceptions and services.
LUOGHI_E_SERVIZI = "luoghi-e-servizi"
# The coming public dates as a place's page and the calendar's first page list them: the
# activities, their dates and registrations, the closures that mark a date, the places
# and the territory the calendar's filters name.
PROSSIME_ATTIVITA = "prossime-attivita"
