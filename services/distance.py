"""Distances between communes: great-circle distance between their coordinates, times a road
factor that the antenna sets (roads are longer than the crow flies; 1.3 is the usual rule of
thumb in rural France)."""

from decimal import ROUND_HALF_UP, Decimal
from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0


def crow_km(origin, destination) -> float:
    lat1, lon1 = radians(float(origin.latitude)), radians(float(origin.longitude))
    lat2, lon2 = radians(float(destination.latitude)), radians(float(destination.longitude))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(h))


def road_km(origin, destination, road_factor) -> Decimal:
    km = Decimal(str(crow_km(origin, destination))) * Decimal(road_factor)
    return km.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
