"""Groups of volunteering data whose derived parts are kept in the cache (portal/versioni.py)."""

# The enrolments in force: how many places each opportunity has left (/volontariato/).
INCARICHI = "incarichi"
