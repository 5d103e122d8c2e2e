from django.core.management.base import BaseCommand

from beneficiaries import retention


class Command(BaseCommand):
    help = "Anonymise the beneficiaries without contact for two years (keeps the statistics)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the records without changing them."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            count = retention.inactive().count()
            self.stdout.write(f"{count} fiche(s) à anonymiser.")
            return
        count = retention.anonymise_inactive()
        self.stdout.write(self.style.SUCCESS(f"{count} fiche(s) anonymisée(s)."))
