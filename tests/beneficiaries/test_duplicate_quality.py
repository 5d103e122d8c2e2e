"""Near-duplicate detection measured on a generated set with known answers: 60 people already
recorded, then 60 typed identities that are one of them (typos, accents dropped, day and month
swapped, names in the other order, another script, a new surname with the same phone) and 120
that are someone else (a twin, a namesake born another year, a stranger born the same day).
Precision and recall are printed and held above their thresholds."""

import datetime
import random

import pytest

from beneficiaries import duplicates
from beneficiaries.models import Beneficiary
from tests.services.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db

LATIN = [
    ("Kieffer", "Nadia"), ("Müller", "Jean-Pierre"), ("Schneider", "Luc"), ("Weber", "Claire"),
    ("Fischer", "Anna"), ("Meyer", "Louis"), ("Wagner", "Élodie"), ("Becker", "Thomas"),
    ("Schmitt", "Paul"), ("Hoffmann", "Céline"), ("Roth", "Emma"), ("Klein", "Mathieu"),
    ("Wolff", "Sandrine"), ("Zimmermann", "Hugo"), ("Koenig", "Manon"), ("Lehmann", "Nicolas"),
    ("Nguyen", "Thi Lan"), ("Ben Ali", "Karim"), ("Popescu", "Ioana"), ("Da Silva", "João"),
    ("Benhamou", "Yasmina"), ("Kowalski", "Piotr"), ("Yilmaz", "Mehmet"), ("Traoré", "Aminata"),
    ("Lefèvre", "Chloé"), ("Gauthier", "Benoît"), ("Rousseau", "Inès"), ("Mercier", "Théo"),
    ("Bonnet", "Léa"), ("Girard", "Maxime"), ("André", "Juliette"), ("Lambert", "Romain"),
    ("Fontaine", "Océane"), ("Chevalier", "Antoine"), ("Robin", "Lucie"), ("Masson", "Kévin"),
    ("Sanchez", "Carmen"), ("Morel", "Quentin"), ("Haddad", "Samira"), ("Boucher", "Gaëlle"),
    ("Diallo", "Mamadou"), ("Perrin", "Justine"), ("Garnier", "Florian"), ("Faure", "Amandine"),
    ("Caron", "Jérémy"), ("Bertrand", "Laurine"), ("Schaeffer", "Rémi"), ("Ostermann", "Aline"),
    ("Gerber", "Cédric"), ("Huber", "Noémie"), ("Brunner", "Loïc"), ("Vogel", "Pauline"),
]  # fmt: skip
# The same person typed in another script: the record in one, the new line in the other.
SCRIPTS = [
    (("Иванов", "Сергей"), ("Ivanov", "Sergei")),
    (("Петрова", "Анна"), ("Petrova", "Anna")),
    (("Смирнов", "Олег"), ("Smirnov", "Oleg")),
    (("Ковальчук", "Ирина"), ("Kovalchuk", "Irina")),
    (("حداد", "ليلى"), ("حداد", "ليلى")),
    (("Попов", "Дмитрий"), ("Popov", "Dmitrii")),
    (("Соколова", "Мария"), ("Sokolova", "Mariia")),
    (("Морозов", "Игорь"), ("Morozov", "Igor")),
]
OTHER_FIRST = ["Sophie", "Bruno", "Gabriel", "Nora", "Victor", "Agathe", "Bastien", "Zoé"]
STRANGERS = [("Dupuis", "Marcel"), ("Lemoine", "Arthur"), ("Barbier", "Jeanne")]


def _typo(rng: random.Random, name: str) -> str:
    letters = [i for i, c in enumerate(name) if c.isalpha()][1:-1]
    i = rng.choice(letters)
    return name[:i] + name[i + 1 :] if rng.random() < 0.5 else name[:i] + name[i] + name[i:]


def _strip(name: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))


def _born(rng: random.Random) -> datetime.date:
    return datetime.date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))


def _swap(day: datetime.date) -> datetime.date | None:
    return duplicates.swapped(day)


def build(world, rng):
    """The records, then (typed identity, expected record or None) with the variant's name."""
    people, queries = [], []
    identities = [(name, None) for name in LATIN] + SCRIPTS
    for index, (recorded, typed_script) in enumerate(identities):
        last, first = recorded
        born = _born(rng)
        phone = f"06 {index:02d} 11 22 33" if index % 4 == 0 else ""
        record = BeneficiaryFactory(
            antenna=world.antenna, last_name=last, first_name=first, birth_date=born, phone=phone
        )
        people.append(record)
        if typed_script:
            typed, kind = (*typed_script, born, ""), "autre écriture"
        else:
            kind = ["faute", "accents", "jour/mois", "ordre", "téléphone"][index % 5]
            if kind == "jour/mois" and _swap(born) is None:
                kind = "faute"
            if kind == "téléphone" and not phone:
                kind = "accents"
            typed = {
                "faute": (_typo(rng, last), first, born, ""),
                "accents": (_strip(last).upper(), _strip(first).lower(), born, ""),
                "jour/mois": (last, first, _swap(born), ""),
                "ordre": (first, last, born, ""),
                "téléphone": ("Nouveaunom", first, _born(rng), phone),  # married since
            }[kind]
        queries.append((kind, typed, record))
        # Someone else: a twin, a namesake born another year, a stranger born the same day.
        twin = OTHER_FIRST[index % len(OTHER_FIRST)]
        queries.append(("jumeau", (last, twin, born, ""), None))
        queries.append(("homonyme", (last, first, born.replace(year=born.year - 3), ""), None))
        stranger = STRANGERS[index % len(STRANGERS)]
        queries.append(("inconnu", (*stranger, born, ""), None))
    return people, queries


def test_precision_and_recall_on_a_generated_set(world):
    rng = random.Random(14)
    _people, queries = build(world, rng)
    scope = Beneficiary.objects.filter(antenna=world.antenna)
    true_pos = false_pos = positives = 0
    missed, wrong = [], []
    for kind, (last, first, born, phone), expected in queries:
        found = [
            d.beneficiary
            for d in duplicates.find_duplicates(
                scope, last_name=last, first_name=first, birth_date=born, phone=phone
            )
        ]
        positives += expected is not None
        if expected is not None and expected in found:
            true_pos += 1
        elif expected is not None:
            missed.append((kind, last, first))
        extra = [p for p in found if p != expected]
        false_pos += len(extra)
        wrong += [(kind, last, first, str(p)) for p in extra]
    recall = true_pos / positives
    precision = true_pos / (true_pos + false_pos)
    print(
        f"near-duplicates on {len(queries)} identities ({positives} known): "
        f"precision {precision:.3f}, recall {recall:.3f}; missed {missed}; wrong {wrong}"
    )
    assert recall >= 0.95, missed
    assert precision >= 0.95, wrong
