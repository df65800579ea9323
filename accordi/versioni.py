"""Groups of agreement data whose derived parts are kept in the cache (portal/versioni.py)."""

# What an agreement's page shows besides its numbers: its places, story, meetings,
# signatories, projects with their indicators and updates, renewals.
SCHEDE_ACCORDI = "schede-accordi"
# Who is in the public registry of organisations (/enti/), and what its filters narrow by.
REGISTRO_ENTI = "registro-enti"
