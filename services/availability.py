"""Which vehicles are free: asked of the one occupancy rule (services/occupancy.py); these names
stay importable for the code that already uses them."""

from services.occupancy import free_vehicles, period_of

__all__ = ["free_vehicles", "period_of"]
