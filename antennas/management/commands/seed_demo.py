import importlib
import random

from django.core.management.base import BaseCommand
from django.db import transaction

from antennas.demo import DEMO_PASSWORD, seed_network

# Each app that has demo data exposes `seed(network, rng)` in its demo module, run in this order.
APP_SEEDERS = ("beneficiaries.demo", "services.demo", "services.demo_offer", "indicators.demo")


class Command(BaseCommand):
    help = "Create the demo network, people and activity (idempotent) and print the accounts."

    def handle(self, *args, **options):
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
