"""The form renderer: Django's own Jinja2 copies of its form and widget templates."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property


class RendererJinja2(Jinja2):
    """Forms and widgets rendered from the Jinja2 templates Django ships beside its
    Django-language ones, the same markup but for whitespace: they render in less than
    half the time, and a management page renders dozens of widgets.

    A template Django ships only in its own language (the admin's widgets) is rendered
    by Django's default renderer, which `Jinja2` alone would not find.
    """

    def get_template(self, template_name: str):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._django.get_template(template_name)

    @cached_property
    def _django(self) -> DjangoTemplates:
        return DjangoTemplates()
