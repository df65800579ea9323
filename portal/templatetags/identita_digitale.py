from __future__ import annotations

from django import template
from django.utils.http import urlencode

from portal.spid import config

register = template.Library()


@register.inclusion_tag("spid/pulsanti.html", takes_context=True)
def pulsanti_identita_digitale(context) -> dict:
    """The SPID and CIE buttons, each provider linked with where to go after signing in."""
    request = context.get("request")
    prossima = request.GET.get("next", "") if request else ""
    dopo = {"next": prossima} if prossima else {}
    gestori = [
        {"gestore": gestore, "query": urlencode({"idp": gestore.entity_id, **dopo})}
        for gestore in config.gestori_identita()
    ]
    return {
        "gestori_spid": [g for g in gestori if g["gestore"].federazione == config.SPID],
        "gestori_cie": [g for g in gestori if g["gestore"].federazione == config.CIE],
    }
