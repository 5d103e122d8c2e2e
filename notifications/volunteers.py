"""Volunteer drivers' weekly availability (weekday × morning / afternoon / evening) and reach,
and the drivers a TUS trip can be offered to: free then, near enough, nearest first.

The distance is computed in SQL with the same formula as services.distance.road_km (great
circle between the driver's commune and the pick-up, times the antenna's road factor), so the
list is filtered and ranked by PostgreSQL."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import DecimalField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import ASin, Cast, Cos, Power, Radians, Sin, Sqrt
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import DriverArea, DriverSlot, PartOfDay, TripOffer
from services.distance import EARTH_RADIUS_KM
from services.models import Driver, Trip
from services.rules import settings_for

# Where each part of the day starts; the evening runs to midnight, the morning from midnight.
PARTS: list[tuple[str, time]] = [
    (PartOfDay.MORNING, time(0)),
    (PartOfDay.AFTERNOON, time(12)),
    (PartOfDay.EVENING, time(18)),
]
BUSY = [Trip.Status.SCHEDULED, Trip.Status.DONE]


def part_of(moment: datetime) -> str:
    local = timezone.localtime(moment).time()
    return [part for part, starts in PARTS if starts <= local][-1]


def parts_of(trip: Trip) -> tuple[int, list[str]]:
    """The weekday of the pick-up and the parts of that day the trip touches (its last
    minute excluded: a trip ending at 12:00 is a morning trip; the day ends at midnight)."""
    start = timezone.localtime(trip.period.lower)
    last = max(start, timezone.localtime(trip.period.upper) - timedelta(minutes=1))
    if last.date() != start.date():
        last = start.replace(hour=23, minute=59)
    names = [part for part, _ in PARTS]
    return start.weekday(), names[names.index(part_of(start)) : names.index(part_of(last)) + 1]


def _road_km_to(commune, road_factor) -> Cast:
    """SQL: road km from the driver's commune to `commune` (haversine × road factor, rounded
    to 0.1 km half up as numeric(6,1) does, like services.distance.road_km)."""
    lat2, lon2 = Radians(Value(float(commune.latitude))), Radians(Value(float(commune.longitude)))
    lat1, lon1 = Radians(F("area__home__latitude")), Radians(F("area__home__longitude"))
    h = Power(Sin((lat2 - lat1) / 2), 2) + Cos(lat1) * Cos(lat2) * Power(Sin((lon2 - lon1) / 2), 2)
    km = Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(h)) * Value(float(road_factor))
    return Cast(km, DecimalField(max_digits=6, decimal_places=1))


def candidates(trip: Trip) -> QuerySet[Driver]:
    """Active drivers of the trip's antenna who declared every part of the day the trip
    touches, have no trip then, and live within their own reach of the pick-up; nearest first,
    each with `km` and the status of an offer already made for this trip (`offer_status`)."""
    weekday, parts = parts_of(trip)
    free = Q()
    for part in parts:
        free &= Exists(DriverSlot.objects.filter(driver=OuterRef("pk"), weekday=weekday, part=part))
    busy = Exists(
        Trip.objects.filter(driver=OuterRef("pk"), status__in=BUSY, period__overlap=trip.period)
    )
    offered = TripOffer.objects.filter(trip=trip, driver=OuterRef("pk")).values("status")[:1]
    factor = settings_for(trip.antenna).tus_road_factor
    return (
        Driver.objects.filter(antenna_id=trip.antenna_id, is_active=True, area__isnull=False)
        .filter(free)
        .exclude(busy)
        .annotate(km=_road_km_to(trip.pickup, factor), offer_status=offered)
        .filter(km__lte=F("area__max_km"))
        .select_related("area__home")
        .order_by("km", "last_name", "first_name")
    )


def _replace_slots(driver: Driver, slots) -> None:
    DriverSlot.objects.filter(driver=driver).delete()
    DriverSlot.objects.bulk_create(
        DriverSlot(driver=driver, weekday=weekday, part=part) for weekday, part in sorted(slots)
    )


@transaction.atomic
def declare(*, driver: Driver, home, max_km: int, email: str, slots) -> DriverArea:
    """Replace the driver's reach and weekly slots ((weekday, part) pairs) with these."""
    area, _created = DriverArea.objects.update_or_create(
        driver=driver, defaults={"home": home, "max_km": max_km, "email": email}
    )
    _replace_slots(driver, slots)
    return area


@transaction.atomic
def declare_week(*, driver: Driver, max_km: int, slots) -> None:
    """What the driver answers from their own link: their reach (once the antenna knows their
    commune) and their weekly slots."""
    DriverArea.objects.filter(driver=driver).update(max_km=max_km)
    _replace_slots(driver, slots)


WEEK_SALT = "notifications.driver-week"
WEEK_LINK_DAYS = 30  # the link a driver keeps to change their week; a new one is sent after


def week_token(driver: Driver) -> str:
    return signing.TimestampSigner(salt=WEEK_SALT).sign(str(driver.pk))


def driver_of(token: str) -> Driver:
    """The driver a week link names, if it is genuine and recent; else LinkError."""
    from notifications.links import LinkError

    try:
        pk = int(
            signing.TimestampSigner(salt=WEEK_SALT).unsign(
                token, max_age=timedelta(days=WEEK_LINK_DAYS)
            )
        )
    except signing.SignatureExpired:
        raise LinkError(_("Ce lien a expiré : demandez-en un nouveau à l'antenne.")) from None
    except (signing.BadSignature, ValueError):
        raise LinkError(_("Ce lien n'est pas valable.")) from None
    driver = Driver.objects.select_related("antenna").filter(pk=pk, is_active=True).first()
    if driver is None:
        raise LinkError(_("Ce lien n'est pas valable."))
    return driver


def send_week_link(*, driver: Driver) -> bool:
    """Send the driver the link where they tick their week themselves, from their phone."""
    from notifications.sending import notify

    url = settings.SITE_URL + reverse("driver_week", kwargs={"token": week_token(driver)})
    sent = notify(
        antenna_id=driver.antenna_id,
        template="driver_week_link",
        subject=_("Vos disponibilités de conducteur·rice TUS"),
        key=f"driver_week_link:{driver.pk}:{timezone.now().timestamp()}",
        context={"antenna": driver.antenna.name, "first_name": driver.first_name, "link": url},
        driver=driver,
    )
    return sent is not None
