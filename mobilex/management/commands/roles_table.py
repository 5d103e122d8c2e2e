"""Write docs/roles.md: every route and the roles its view declares (mobilex/access.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from mobilex.access import roles_table

DOC = Path(settings.BASE_DIR) / "docs" / "roles.md"


class Command(BaseCommand):
    help = "Regenerate docs/roles.md, the table of who may open which view."

    def handle(self, *args, **options):
        DOC.write_text(roles_table(), encoding="utf-8")
        self.stdout.write(f"{DOC} written.")
