"""The service bouquet of an antenna (DOMAIN.md): shared by referrals, diagnostics and uses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    EBIKE_TRAINING = "ebike_training", _("Formation au vélo à assistance électrique")
    EBIKE_RENTAL = "ebike_rental", _("Location de vélo à assistance électrique")
    CAR_SHARING = "car_sharing", _("Autopartage solidaire")
    SCOOTER_RENTAL = "scooter_rental", _("Location de deux-roues motorisé")
    CARPOOLING = "carpooling", _("Covoiturage organisé")
    TUS = "tus", _("Transport d'utilité sociale")
    WORKSHOP = "workshop", _("Atelier mobilité")


class Mode(models.TextChoices):
    """Ways of travelling, with an emission factor each (indicators.EmissionFactor)."""

    CAR_THERMAL = "car_thermal", _("Voiture thermique (conducteur seul)")
    CAR_ELECTRIC = "car_electric", _("Voiture électrique")
    CARPOOL = "carpool", _("Covoiturage (voiture thermique partagée)")
    EBIKE = "ebike", _("Vélo à assistance électrique")
    SCOOTER = "scooter", _("Deux-roues motorisé thermique")
    COACH = "coach", _("Car interurbain")
    BUS = "bus", _("Bus urbain thermique")
    TRAIN = "train", _("TER")
    BIKE = "bike", _("Vélo")
    WALK = "walk", _("Marche")
    NONE = "none", _("Pas de déplacement (n'y serait pas allé·e)")
    # Asked, never assumed: an unknown reference counts in km but not in emissions avoided.
    UNKNOWN = "unknown", _("Inconnu")
