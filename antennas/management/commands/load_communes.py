from django.core.management.base import BaseCommand

from antennas.communes import load_communes
from antennas.models import Commune


class Command(BaseCommand):
    help = "Load or refresh every French commune from antennas/data/ (idempotent)."

    def handle(self, *args, **options):
        count = load_communes(Commune)
        self.stdout.write(self.style.SUCCESS(f"{count} communes loaded."))
