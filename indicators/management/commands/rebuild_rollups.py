from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.rollups.rebuild import drift, rebuild


class Command(BaseCommand):
    help = gettext_lazy(
        "Recalcule les cumuls des indicateurs à partir des utilisations des services."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("Compare seulement, sans rien écrire ; échoue si les cumuls diffèrent."),
        )

    def handle(self, *args, check=False, **options):
        if check:
            differences = drift()
            for table, count in differences.items():
                self.stdout.write(f"{table}: {count}")
            if any(differences.values()):
                raise CommandError(_("Les cumuls diffèrent des utilisations."))
            return
        for table, count in rebuild().items():
            self.stdout.write(f"{table}: {count}")
