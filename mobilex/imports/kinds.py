"""The kinds of records an antenna can import, by the key in their URLs and jobs."""

from mobilex.imports.engine import Importer


def importer_for(key: str) -> Importer:
    from beneficiaries.importing import PEOPLE
    from services.importing import DRIVERS, VEHICLES

    return {importer.key: importer for importer in (PEOPLE, VEHICLES, DRIVERS)}[key]
