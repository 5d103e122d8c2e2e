"""The people counts a document publishes, and how they add up.

Categories (entry, gender, age, situation, residence, exit outcome, service used) and the
linear "lines" (parts → total) that statistical secrecy (indicators.secrecy) must respect,
within the report's year and across the years of its series. No query: 0."""

from django.utils.translation import gettext_lazy as _

from beneficiaries.models import Gender, Outcome, Situation
from services.catalogue import ServiceKind

TOTAL = "total"
JOB_OUTCOMES = (Outcome.DURABLE_JOB, Outcome.TRANSITION_JOB, Outcome.TRAINING)
AGE_BANDS = [
    ("under_26", _("moins de 26 ans")),
    ("26_49", _("26 à 49 ans")),
    ("50_64", _("50 à 64 ans")),
    ("65_plus", _("65 ans ou plus")),
]
RESIDENCE = [("rural", _("commune rurale")), ("urban", _("commune urbaine"))]
ENTRY = [("new", _("nouvelles")), ("continuing", _("déjà suivies"))]
DIMENSIONS = [
    # key, title, choices
    ("entry", _("Nouvelles personnes et personnes déjà suivies"), ENTRY),
    ("gender", _("Personnes accompagnées par genre"), list(Gender.choices)),
    ("age", _("Personnes accompagnées par âge au 31 décembre"), AGE_BANDS),
    ("situation", _("Personnes accompagnées par situation"), list(Situation.choices)),
    ("residence", _("Personnes accompagnées selon la commune de résidence"), RESIDENCE),
]
# Headline indicator code -> its key among the people counts of the report's year.
PEOPLE_HEADLINES = {
    "followed": ("followed", TOTAL),
    "new": ("entry", "new", TOTAL),
    "continuing": ("entry", "continuing", TOTAL),
    "users": ("users_any", TOTAL),
    "exits": ("exits", TOTAL),
    "exits_job": ("exits_job", TOTAL),
    "rural_beneficiaries": ("rural_people",),
}


def lines(antennas: list) -> list:
    """How the published people counts of the report's year add up."""
    ids = [a.pk for a in antennas]
    result = [([("followed", a) for a in ids], ("followed", TOTAL))]
    result.append(([("followed", a.pk) for a in antennas if a.is_rural], ("rural_people",)))
    groups = [(key, choices, "followed") for key, _title, choices in DIMENSIONS]
    groups += [("exit", list(Outcome.choices), "exits")]
    for key, choices, total in groups:
        codes = [code for code, _label in choices]
        for a in ids:
            result.append(([(key, code, a) for code in codes], (total, a)))
        for code in codes:
            result.append(([(key, code, a) for a in ids], (key, code, TOTAL)))
        result.append(([(key, code, TOTAL) for code in codes], (total, TOTAL)))
    result.append(([("exits", a) for a in ids], ("exits", TOTAL)))
    result.append(([("exit", code, TOTAL) for code in JOB_OUTCOMES], ("exits_job", TOTAL)))
    # A person may use several services: only the antenna sums are additive.
    for service in ServiceKind.values:
        result.append(([("users", service, a) for a in ids], ("users", service, TOTAL)))
    result.append(([("users_any", a) for a in ids], ("users_any", TOTAL)))
    return result


def headline(code: str, y: int, year: int) -> tuple:
    """The key of a headline count: the report year's own cell, or an earlier year's."""
    return PEOPLE_HEADLINES[code] if y == year else ("series", code, y)


def year_lines(years: list[int]) -> list:
    """How the headline counts of the years add up: new + continuing = followed, and the people
    continuing in a year are those followed the year before less its exits."""
    last = years[-1]
    result = []
    for y in years:
        result.append(
            (
                [headline("new", y, last), headline("continuing", y, last)],
                headline("followed", y, last),
            )
        )
        if y + 1 in years:
            result.append(
                (
                    [headline("continuing", y + 1, last), headline("exits", y, last)],
                    headline("followed", y, last),
                )
            )
    return result
