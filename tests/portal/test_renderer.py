"""Forms render from Django's Jinja2 widget templates; the admin's own widgets still render."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, Jinja2
from django.urls import reverse


class Modulo(forms.Form):
    nome = forms.CharField()
    scelta = forms.ChoiceField(choices=[("a", "Casa dell'Orologio"), ("b", "Rosta")])


def test_i_moduli_dai_modelli_jinja2_di_django():
    modulo = Modulo({"nome": "l'orto", "scelta": "a"})
    html = str(modulo)
    assert html == str(Modulo({"nome": "l'orto", "scelta": "a"}, renderer=Jinja2()))
    assert html != str(Modulo({"nome": "l'orto", "scelta": "a"}, renderer=DjangoTemplates()))
    # markupsafe's escaping, not the Django language's &#x27;.
    assert 'value="l&#39;orto"' in html


@pytest.mark.django_db
def test_i_widget_dell_admin_dai_modelli_del_linguaggio_di_django(client, staff):
    """The admin's widgets exist only as Django-language templates (related_widget_wrapper)."""
    client.force_login(staff)
    risposta = client.get(reverse("admin:accordi_accordo_add"))
    assert risposta.status_code == 200
    assert "related-widget-wrapper" in risposta.content.decode()
