"""The rollup tables: compact facts about services.ServiceUse kept true by PostgreSQL triggers
(migration indicators 0003), in the same transaction as every write to the uses, whatever wrote
it (booking, cancellation, correction, merge, erasure, raw SQL). Nothing in Python writes them
but `indicators.rollups.rebuild`. A group whose uses reach zero is deleted by the trigger. No
CHECK on `uses`: PostgreSQL checks the proposed row of `INSERT … ON CONFLICT` before it finds
the conflict, and a removal proposes a negative change."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from antennas.models import Antenna
from services.catalogue import Mode, ServiceKind
from services.models import ProfessionalEvent


class UseRollup(models.Model):
    """Uses and km of one antenna, month, service and travel situation. The columns keep the
    names of ServiceUse's (km, mode, reference_mode, occupants), so the emission-factor
    expressions of indicators.factors apply to a rollup row as to a use: km is a sum, and a sum
    of km × factor is the factor × the sum of km."""

    antenna = models.ForeignKey(Antenna, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField(_("mois"))  # first day of the month
    service = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    reference_mode = models.CharField(
        _("mode sans le service"), max_length=16, choices=Mode.choices
    )
    occupants = models.PositiveSmallIntegerField(_("personnes dans le véhicule"))
    uses = models.BigIntegerField(_("utilisations"))
    km = models.DecimalField(_("km"), max_digits=16, decimal_places=1)
    first_used_on = models.DateField(_("première utilisation"))

    class Meta:
        db_table = "indicators_rollup_uses"
        verbose_name = _("cumul mensuel des utilisations")
        verbose_name_plural = _("cumuls mensuels des utilisations")
        constraints = [
            models.UniqueConstraint(
                fields=["antenna", "month", "service", "mode", "reference_mode", "occupants"],
                name="userollup_one_per_group",
            ),
        ]

    def __str__(self):
        return f"{self.get_service_display()} · {self.month:%m/%Y} · {self.uses}"


class UserRollup(models.Model):
    """Uses and km of one person at one antenna, in one year, for one service: the distinct
    people counts are counts of these rows. The person is a plain number, not a foreign key, so
    that merging people (beneficiaries.duplicates, which moves every relation) leaves this table
    to the trigger."""

    antenna = models.ForeignKey(Antenna, on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField(_("année"))
    service = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices)
    beneficiary_id = models.BigIntegerField(_("bénéficiaire"))
    uses = models.BigIntegerField(_("utilisations"))
    km = models.DecimalField(_("km"), max_digits=16, decimal_places=1)

    class Meta:
        db_table = "indicators_rollup_people"
        verbose_name = _("cumul annuel d'une personne")
        verbose_name_plural = _("cumuls annuels des personnes")
        constraints = [
            models.UniqueConstraint(
                fields=["antenna", "year", "service", "beneficiary_id"],
                name="userrollup_one_per_person",
            ),
        ]
        indexes = [
            models.Index(
                fields=["antenna", "year", "beneficiary_id"], name="userrollup_antenna_person"
            )
        ]

    def __str__(self):
        return f"{self.get_service_display()} · {self.year} · n° {self.beneficiary_id}"


class EventRollup(models.Model):
    """Professional events of one antenna, month and kind, and their participants."""

    antenna = models.ForeignKey(Antenna, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField(_("mois"))
    kind = models.CharField(_("type"), max_length=20, choices=ProfessionalEvent.Kind.choices)
    events = models.BigIntegerField(_("événements"))
    participants = models.BigIntegerField(_("participant·es"))

    class Meta:
        db_table = "indicators_rollup_events"
        verbose_name = _("cumul mensuel des événements")
        verbose_name_plural = _("cumuls mensuels des événements")
        constraints = [
            models.UniqueConstraint(
                fields=["antenna", "month", "kind"], name="eventrollup_one_per_group"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.month:%m/%Y} · {self.events}"


class PersonRollup(models.Model):
    """Uses of one person at one antenna in one year, all services together: the trigger counts
    a person in `Headcount` when their row appears and stops when it goes."""

    antenna = models.ForeignKey(Antenna, on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField(_("année"))
    beneficiary_id = models.BigIntegerField(_("bénéficiaire"))
    uses = models.BigIntegerField(_("utilisations"))

    class Meta:
        db_table = "indicators_rollup_persons"
        verbose_name = _("cumul annuel d'une personne, tous services")
        verbose_name_plural = _("cumuls annuels des personnes, tous services")
        constraints = [
            models.UniqueConstraint(
                fields=["antenna", "year", "beneficiary_id"], name="personrollup_one_per_person"
            )
        ]

    def __str__(self):
        return f"{self.year} · n° {self.beneficiary_id} · {self.uses}"


class Headcount(models.Model):
    """Distinct people who used a service (`service`) or any (`service` = "") at one antenna in
    one year: the number of rows of UserRollup (or PersonRollup) of that group, kept by the
    trigger as they appear and go. A person is followed by one antenna, whose uses carry its
    id, so the people of several antennas are the sum of theirs (the figures' secrecy lines
    already add them up this way)."""

    ANY = ""

    antenna = models.ForeignKey(Antenna, on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField(_("année"))
    service = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices, blank=True)
    people = models.BigIntegerField(_("personnes"))

    class Meta:
        db_table = "indicators_rollup_headcounts"
        verbose_name = _("nombre de personnes")
        verbose_name_plural = _("nombres de personnes")
        constraints = [
            models.UniqueConstraint(
                fields=["antenna", "year", "service"], name="headcount_one_per_group"
            )
        ]

    def __str__(self):
        return f"{self.year} · {self.service or '*'} · {self.people}"


class UseYearRollup(models.Model):
    """UseRollup by year rather than month: the yearly series (every quantity of every year
    since the first) reads a twelfth of the rows."""

    antenna = models.ForeignKey(Antenna, on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField(_("année"))
    service = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    reference_mode = models.CharField(
        _("mode sans le service"), max_length=16, choices=Mode.choices
    )
    occupants = models.PositiveSmallIntegerField(_("personnes dans le véhicule"))
    uses = models.BigIntegerField(_("utilisations"))
    km = models.DecimalField(_("km"), max_digits=16, decimal_places=1)

    class Meta:
        db_table = "indicators_rollup_years"
        verbose_name = _("cumul annuel des utilisations")
        verbose_name_plural = _("cumuls annuels des utilisations")
        constraints = [
            models.UniqueConstraint(
                fields=["antenna", "year", "service", "mode", "reference_mode", "occupants"],
                name="useyearrollup_one_per_group",
            )
        ]

    def __str__(self):
        return f"{self.get_service_display()} · {self.year} · {self.uses}"
