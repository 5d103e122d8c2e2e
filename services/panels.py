"""Home-page panels of the service bouquet (antennas/home.py): today's work at the desk."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from antennas.home import Panel
from services.calendar import due_on
from services.models import Booking, Session, Trip


def home_panels(membership) -> list[Panel]:
    if not membership.is_antenna_team:
        return []
    slug = {"antenna_slug": membership.antenna.slug}
    now = timezone.localtime()
    departures, returns = due_on(
        Booking.objects.visible_to(membership), membership.antenna, now.date()
    )
    today = {"checkouts": departures.count(), "returns": returns.count()}
    week = Session.objects.visible_to(membership).filter(
        starts_at__gte=now, starts_at__lt=now + timedelta(days=7)
    )
    trips = Trip.objects.visible_to(membership).filter(status=Trip.Status.REQUESTED)
    return [
        Panel(
            _("Sorties et retours du jour"),
            today["checkouts"] + today["returns"],
            reverse("services_today", kwargs=slug),
            ngettext("%(n)s sortie prévue", "%(n)s sorties prévues", today["checkouts"])
            % {"n": today["checkouts"]}
            + " · "
            + ngettext("%(n)s retour attendu", "%(n)s retours attendus", today["returns"])
            % {"n": today["returns"]},
        ),
        Panel(
            _("Ateliers des 7 prochains jours"),
            week.count(),
            reverse("services_sessions", kwargs=slug),
        ),
        Panel(
            _("Demandes de trajet TUS à traiter"),
            trips.count(),
            reverse("services_tus", kwargs=slug),
        ),
    ]
