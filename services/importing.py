"""The fleet's and the TUS drivers' import declarations (mobilex/imports does the reading,
checking and writing). A vehicle is known by its registration or number; a driver by their
folded name or their phone."""

import re

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antennas.text import digits, normalise
from beneficiaries import audit
from mobilex.imports import cells
from mobilex.imports.engine import Column, Importer, Match, Row
from services.models import Driver, Vehicle

_KINDS = {"vae": Vehicle.Kind.EBIKE, "velo": Vehicle.Kind.EBIKE,
          "velo electrique": Vehicle.Kind.EBIKE, "auto": Vehicle.Kind.CAR,
          "vehicule electrique": Vehicle.Kind.ELECTRIC_CAR,
          "tpmr": Vehicle.Kind.ADAPTED, "vehicule adapte": Vehicle.Kind.ADAPTED}  # fmt: skip
_ENERGIES = {"electricite": Vehicle.Energy.ELECTRIC, "diesel": Vehicle.Energy.DIESEL,
             "sans": Vehicle.Energy.MUSCLE, "aucune": Vehicle.Energy.MUSCLE}  # fmt: skip


def _yes_no(value: bool) -> str:
    return _("oui") if value else _("non")


def _audited_save(obj, *, actor, action) -> None:
    obj.full_clean()  # the model's rules (unique number, 1 to 9 seats) in French, not a 500
    obj.save()
    audit.record(antenna_id=obj.antenna_id, actor=actor, action=action, obj=obj)


class _Importer(Importer):
    """What the two kinds share: their records belong to the antenna, written with its rules."""

    model: type

    def scope(self, membership) -> QuerySet:
        return self.model.objects.visible_to(membership)

    def create(self, *, membership, actor, values):
        obj = self.model(antenna=membership.antenna, **values)
        _audited_save(obj, actor=actor, action=audit.Action.CREATE)
        return obj

    def update(self, *, obj, actor, values):
        for key, value in values.items():
            setattr(obj, key, value)
        _audited_save(obj, actor=actor, action=audit.Action.UPDATE)


def plate(value: str) -> str:
    """A registration as one compares it: "ab-123 cd" is "AB123CD"."""
    return re.sub(r"[^0-9A-Z]", "", normalise(value).upper())


class VehicleImporter(_Importer):
    key = "vehicules"
    url_name = "vehicle"
    title = gettext_lazy("des véhicules")
    list_url = "services_vehicles"
    export_name = "vehicules.csv"
    model = Vehicle
    columns = (
        Column(
            "name", gettext_lazy("Nom"), True, ("nom", "vehicule", "modele", "designation"), 100
        ),
        Column(
            "identifier",
            gettext_lazy("Immatriculation ou numéro"),
            True,
            ("immatriculation ou numero", "immatriculation", "plaque", "numero", "n"),
            30,
        ),
        Column("kind", gettext_lazy("Type"), True, ("type", "categorie", "genre")),
        Column("energy", gettext_lazy("Énergie"), True, ("energie", "carburant", "motorisation")),
        Column("seats", gettext_lazy("Places"), False, ("places", "nombre de places", "sieges")),
        Column("status", gettext_lazy("Statut"), False, ("statut", "etat")),
        Column(
            "odometer_km",
            gettext_lazy("Compteur (km)"),
            False,
            ("compteur km", "compteur", "kilometrage", "km"),
        ),
        Column(
            "is_lent",
            gettext_lazy("Mis à disposition"),
            False,
            ("mis a disposition", "prete", "pret"),
        ),
    )

    def parsers(self, antenna):
        return {
            "name": cells.text,
            "identifier": lambda value: value.strip().upper(),
            "kind": cells.choice(Vehicle.Kind.choices, _KINDS),
            "energy": cells.choice(Vehicle.Energy.choices, _ENERGIES),
            "seats": cells.whole_number(1, 9),
            "status": cells.choice(Vehicle.Status.choices),
            "odometer_km": cells.whole_number(0, 2_000_000),
            "is_lent": cells.parse_yes_no,
        }

    def identity(self, values):
        return plate(values["identifier"])

    def match(self, rows: list[Row], scope: QuerySet) -> None:
        known = {plate(v.identifier): v for v in scope}  # an antenna's fleet is small
        for row in rows:
            found = known.get(self.identity(row.values))
            row.match = Match(found, (_("même immatriculation"),)) if found else None

    def export_row(self, obj):
        return [
            obj.name,
            obj.identifier,
            obj.get_kind_display(),
            obj.get_energy_display(),
            str(obj.seats),
            obj.get_status_display(),
            str(obj.odometer_km),
            _yes_no(obj.is_lent),
        ]

    def detail_url(self, obj, antenna_slug):
        return reverse("services_vehicle", kwargs={"antenna_slug": antenna_slug, "pk": obj.pk})


class DriverImporter(_Importer):
    key = "conducteurs"
    url_name = "driver"
    title = gettext_lazy("des conducteur·rices TUS")
    list_url = "services_tus_drivers"
    export_name = "conducteurs-tus.csv"
    model = Driver
    columns = (
        Column("last_name", gettext_lazy("Nom"), True, ("nom", "nom de famille"), 150),
        Column("first_name", gettext_lazy("Prénom"), True, ("prenom", "prenoms"), 150),
        Column(
            "phone",
            gettext_lazy("Téléphone"),
            False,
            ("telephone", "tel", "portable", "mobile"),
        ),
        Column("is_volunteer", gettext_lazy("Bénévole"), False, ("benevole", "volontaire")),
        Column("is_active", gettext_lazy("Actif·ve"), False, ("actif ve", "actif", "active")),
    )

    def parsers(self, antenna):
        return {
            "phone": cells.parse_phone,
            "is_volunteer": cells.parse_yes_no,
            "is_active": cells.parse_yes_no,
        }

    def identity(self, values):
        return normalise(f"{values['last_name']} {values['first_name']}")

    def match(self, rows: list[Row], scope: QuerySet) -> None:
        drivers = list(scope)  # an antenna's drivers are a few dozen
        by_name = {self.identity(vars(d)): d for d in drivers}
        by_phone = {digits(d.phone): d for d in drivers if d.phone}
        for row in rows:
            reasons = []
            found = by_name.get(self.identity(row.values))
            if found:
                reasons.append(_("même nom"))
            same_phone = by_phone.get(digits(row.values.get("phone", "")))
            if same_phone and found in (None, same_phone):
                found = same_phone
                reasons.append(_("même téléphone"))
            row.match = Match(found, tuple(reasons)) if found else None

    def export_row(self, obj):
        return [
            obj.last_name,
            obj.first_name,
            obj.phone,
            _yes_no(obj.is_volunteer),
            _yes_no(obj.is_active),
        ]

    def export_queryset(self, scope):
        return scope.order_by("last_name", "first_name", "pk")


VEHICLES = VehicleImporter()
DRIVERS = DriverImporter()
