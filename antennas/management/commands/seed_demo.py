import importlib
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from antennas.demo import DEMO_PASSWORD, seed_network

# Each app that has demo data exposes `seed(network, rng)` in its demo module, run in this order.
APP_SEEDERS = (
    "beneficiaries.demo",
    "indicators.demo_history",
    "services.demo",
    "services.demo_offer",
    "indicators.demo",
)


class Command(BaseCommand):
    help = "Create the demo network, people and activity (idempotent) and print the accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (a demonstration server, never production).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            # The demo accounts share a published password: never on a production database.
            raise CommandError(
                "DEBUG is off: seed_demo would create accounts whose password is published. "
                "Use --force on a demonstration server only."
            )
        rng = random.Random(2026)  # noqa: S311 (demo data, reproducible)
        with transaction.atomic():
            network = seed_network()
        for module_name in APP_SEEDERS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                continue
            with transaction.atomic():
                module.seed(network, rng)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Accounts (password: {DEMO_PASSWORD}):")
        )
        for email, what in network.accounts:
            self.stdout.write(f"  {email:<30} {what}")
