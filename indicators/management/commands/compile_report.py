from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from antennas.models import Territory
from indicators.catalogue import FIRST_YEAR
from indicators.figures import compute
from indicators.models import Report
from indicators.pdf import render_report
from indicators.reports import compile_report_file


class Command(BaseCommand):
    help = (
        "Compile a territory's yearly report: into --output if given, else as a new Report "
        "version (as the Celery task does), listed on the territory's page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--territory", required=True, help="slug of the territory")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", help="write the PDF to this file instead")

    def handle(self, *args, territory, year, output=None, **options):
        try:
            territory = Territory.objects.get(slug=territory)
        except Territory.DoesNotExist:
            raise CommandError(f"No territory with slug {territory!r}.") from None
        if year < FIRST_YEAR or year > 2100:
            raise CommandError(f"The year must be between {FIRST_YEAR} and 2100.")
        if output:
            pdf = render_report(compute(year=year, territory=territory))
            Path(output).write_bytes(pdf)
            self.stdout.write(self.style.SUCCESS(f"{output}: {len(pdf)} bytes"))
            return
        report = Report.objects.create(territory=territory, year=year)
        compile_report_file(report_id=report.pk)
        report.refresh_from_db()
        self.stdout.write(
            self.style.SUCCESS(f"Report {report.pk}: {report.file.name} sha256={report.checksum}")
        )
