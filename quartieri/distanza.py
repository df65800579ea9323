"""Distances between points, computed in the database for sorting.

The equirectangular approximation (Pythagoras on latitude and longitude
scaled by the cosine of the origin's latitude) is within a fraction of a
percent of the great-circle distance at neighbourhood scale, and needs only
arithmetic and a square root, which SQLite and PostgreSQL both have.
"""

from __future__ import annotations

import math

from django.db.models import F, FloatField, Value
from django.db.models.functions import Sqrt

KM_PER_GRADO = 6371.0088 * math.pi / 180
VELOCITA_A_PIEDI_KMH = 4.5


def espressione_distanza_km(lat: float, lon: float, *, campo_lat: str, campo_lon: str):
    """A database expression: km from (lat, lon) to the point in the two fields."""
    # cos(lat) is computed here, once: the database only multiplies by a constant.
    fattore = math.cos(math.radians(lat))
    delta_lat = F(campo_lat) - Value(lat)
    delta_lon = (F(campo_lon) - Value(lon)) * Value(fattore)
    quadrati = delta_lat * delta_lat + delta_lon * delta_lon
    return Sqrt(quadrati, output_field=FloatField()) * Value(KM_PER_GRADO)


def minuti_a_piedi(km: float) -> int:
    """Walking time at 4.5 km/h, rounded up to the minute (never 0 for a distinct place)."""
    return max(1, math.ceil(km / VELOCITA_A_PIEDI_KMH * 60)) if km > 0 else 0
