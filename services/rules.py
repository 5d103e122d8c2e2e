"""An antenna's service settings, created with defaults the first time they are needed."""

from services.models import ServiceSettings


def settings_for(antenna) -> ServiceSettings:
    """`antenna` may be an Antenna or its id (saves loading the antenna)."""
    settings, _ = ServiceSettings.objects.get_or_create(antenna_id=getattr(antenna, "pk", antenna))
    return settings
