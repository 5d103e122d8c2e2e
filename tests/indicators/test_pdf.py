"""The yearly PDF: its text carries the figures (pdftotext), its pages are saved as PNG under
tests/browser/screenshots/ to be looked at (pdftoppm)."""

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from django.core.management import call_command

from indicators.figures import compute
from indicators.models import Report, Target
from indicators.reports import compile_report_file
from indicators.templatetags.indicators_format import fr_number

YEAR = 2025
OUT = Path(__file__).resolve().parent.parent / "browser" / "screenshots"


def pdf_text(path):
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.replace("\u202f", " ").replace("\xa0", " ")


def pdf_objects(path):
    """The PDF's objects, object streams inflated (the catalogue sits in one)."""
    data = path.read_bytes()
    inflated = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            inflated.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"".join(inflated)


def flat(value, decimals=0):
    return fr_number(value, decimals).replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def compiled(dataset, world):
    Target.objects.create(territory=world.territory, year=YEAR, indicator="followed", value=50)
    report = Report.objects.create(territory=world.territory, year=YEAR)
    compile_report_file(report_id=report.pk)
    report.refresh_from_db()
    return report


def test_the_pdf_text_carries_the_figures_with_secrecy(compiled, world, tmp_path):
    assert compiled.status == Report.Status.DONE
    path = Path(compiled.file.path)
    OUT.mkdir(exist_ok=True)
    shutil.copy(path, OUT / "indicators-report.pdf")
    text = pdf_text(path)
    figures = compute(year=YEAR, territory=world.territory)
    current = figures.current
    assert "Rapport annuel 2025" in text and "PETR de test" in text
    assert flat(current["followed"].value) in text
    assert flat(current["km"].value) in text
    assert flat(current["co2e_avoided"].value, 2) in text
    assert "< 11" in text and " s " in text  # primary and secondary secrecy
    assert "Base Empreinte, mise à jour du" in text and "16/10/2025" in text
    assert "0,2176" in text
    assert "Page 2 sur" in text
    assert "Secret statistique" in text
    # Antenna D's 4 people are never printed as such.
    d_rows = [line for line in text.splitlines() if line.strip().startswith("Antenne D")]
    assert sum("< 11" in row for row in d_rows) >= 3
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Title:" in info and "Rapport annuel 2025" in info
    assert b"/Lang (fr)" in pdf_objects(path)


def test_the_cover_has_key_figures_and_the_trend_starts_with_the_activity(compiled, world):
    cover, *pages = pdf_text(Path(compiled.file.path)).split("\f")
    current = compute(year=YEAR, territory=world.territory).current
    assert "L'année 2025 en chiffres" in cover
    assert f"{flat(current['km'].value)} km" in cover
    assert f"{flat(current['co2e_avoided'].value, 2)} tCO2e" in cover
    # The dataset's people enter from 2023 on: no columns of zeros for 2021 and 2022.
    trend = next(page for page in pages if "Évolution depuis" in page)
    assert "Évolution depuis 2023" in trend
    assert "2022" not in trend and "2023" in trend and "2025" in trend


def test_pages_render_to_png(compiled, tmp_path):
    OUT.mkdir(exist_ok=True)
    for page in (1, 2, 6):
        prefix = OUT / f"indicators-report-page{page}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
             compiled.file.path, str(prefix)],
            check=True,
        )  # fmt: skip
        png = prefix.with_suffix(".png")
        assert png.stat().st_size > 5_000


def test_a_year_without_data_says_so(world, tmp_path):
    output = tmp_path / "empty.pdf"
    call_command("compile_report", territory="petr-test", year=2022, output=str(output))
    text = pdf_text(output)
    assert "Aucune donnée n'a été enregistrée pour l'année 2022" in text
    assert "Aucune activité n'a été enregistrée en 2022." in text.split("\f")[0]


def test_the_command_stores_a_new_version(world, dataset):
    call_command("compile_report", territory="petr-test", year=YEAR)
    call_command("compile_report", territory="petr-test", year=YEAR)
    reports = Report.objects.filter(territory=world.territory, year=YEAR)
    assert reports.count() == 2
    assert all(r.status == Report.Status.DONE and len(r.checksum) == 64 for r in reports)


def test_long_chart_labels_are_wrapped_not_cut():
    import re

    from indicators import charts

    label = "Covoiturage (voiture thermique partagée) entre collègues"
    svg = str(charts.bars([(label, 5)], title="km par mode", unit="km"))
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert lines == ["Covoiturage (voiture thermique", "partagée) entre collègues"]
    assert "…" not in svg
    assert f"<desc>{label} : 5</desc>" in svg


def test_dates_are_written_the_french_way():
    from datetime import date

    from django.utils import translation

    from indicators.templatetags.indicators_format import fr_date

    with translation.override("fr"):
        assert fr_date(date(2025, 12, 1)) == "1er décembre 2025"
        assert fr_date(date(2025, 3, 28)) == "28 mars 2025"
