"""The people's import declaration (mobilex/imports does the reading, checking and writing):
their columns, birth dates that are plausible, matches by near-duplicate detection, creation
through `records.create_beneficiary` (referral and audit included)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beneficiaries import audit, duplicates, records
from beneficiaries.models import Beneficiary, Gender, Licence, Situation
from mobilex.imports import cells
from mobilex.imports.engine import Column, Importer, Match, Row

_GENDERS = {"f": Gender.FEMALE, "femme": Gender.FEMALE, "mme": Gender.FEMALE,
            "madame": Gender.FEMALE, "h": Gender.MALE, "m": Gender.MALE, "homme": Gender.MALE,
            "monsieur": Gender.MALE, "x": Gender.OTHER, "autre": Gender.OTHER}  # fmt: skip
DEFAULTS = {"gender": Gender.OTHER, "situation": Situation.OTHER, "licence": Licence.NONE}


def parse_birth_date(value: str) -> date:
    day = cells.parse_date(value)
    if not date(1900, 1, 1) <= day <= date.today():
        raise ValidationError(_("Date de naissance invraisemblable."))
    return day


class PeopleImporter(Importer):
    key = "beneficiaires"
    url_name = "beneficiary"
    title = gettext_lazy("des personnes")
    list_url = "beneficiary_list"
    export_name = "beneficiaires.csv"
    columns = (
        Column("last_name", gettext_lazy("Nom"), True, ("nom", "nom de famille", "nom usage"), 150),
        Column("first_name", gettext_lazy("Prénom"), True, ("prenom", "prenoms"), 150),
        Column(
            "birth_date",
            gettext_lazy("Date de naissance"),
            True,
            ("date de naissance", "naissance", "ne le", "nee le", "ne e le", "date naissance"),
        ),
        Column("gender", gettext_lazy("Genre"), False, ("genre", "sexe", "civilite")),
        Column(
            "phone",
            gettext_lazy("Téléphone"),
            False,
            ("telephone", "tel", "portable", "mobile", "telephone portable"),
        ),
        Column("email", gettext_lazy("E-mail"), False, ("e mail", "email", "courriel", "mail")),
        Column("address", gettext_lazy("Adresse"), False, ("adresse", "rue"), 255),
        Column(
            "commune",
            gettext_lazy("Commune"),
            True,
            ("commune", "ville", "localite", "code insee", "insee", "code postal", "cp"),
        ),
        Column("situation", gettext_lazy("Situation"), False, ("situation", "statut")),
        Column("licence", gettext_lazy("Permis"), False, ("permis", "permis de conduire")),
    )

    def parsers(self, antenna):
        return {
            "birth_date": parse_birth_date,
            "gender": cells.choice(Gender.choices, _GENDERS),
            "phone": cells.parse_phone,
            "email": cells.parse_email,
            "commune": cells.CommuneFinder(antenna),
            "situation": cells.choice(Situation.choices),
            "licence": cells.choice(Licence.choices),
        }

    def scope(self, membership) -> QuerySet:
        return Beneficiary.objects.visible_to(membership).filter(anonymised_at__isnull=True)

    def match(self, rows: list[Row], scope: QuerySet) -> None:
        for row in rows:  # one query a row: the near-duplicates of its identity
            found = duplicates.find_duplicates(
                scope,
                last_name=row.values["last_name"],
                first_name=row.values["first_name"],
                birth_date=row.values.get("birth_date"),
                phone=row.values.get("phone", ""),
                email=row.values.get("email", ""),
                commune_id=getattr(row.values.get("commune"), "pk", None),
            )
            row.match = Match(found[0].beneficiary, found[0].reasons) if found else None

    def create(self, *, membership, actor, values):
        return records.create_beneficiary(
            membership=membership, actor=actor, data={**DEFAULTS, **values}
        )

    def update(self, *, obj, actor, values):
        for key, value in values.items():
            setattr(obj, key, value)
        obj.version += 1
        obj.save()
        audit.record(antenna_id=obj.antenna_id, actor=actor, action=audit.Action.UPDATE, obj=obj)

    def export_row(self, obj):
        return [
            obj.last_name,
            obj.first_name,
            obj.birth_date.strftime("%d/%m/%Y"),
            obj.get_gender_display(),
            obj.phone,
            obj.email,
            obj.address,
            obj.commune.insee_code if obj.commune_id else "",
            obj.get_situation_display(),
            obj.get_licence_display(),
        ]

    def export_queryset(self, scope: QuerySet) -> QuerySet:
        return scope.select_related("commune").order_by("last_name", "first_name", "pk")

    def detail_url(self, obj, antenna_slug):
        return reverse("beneficiary_detail", kwargs={"antenna_slug": antenna_slug, "pk": obj.pk})


PEOPLE = PeopleImporter()
