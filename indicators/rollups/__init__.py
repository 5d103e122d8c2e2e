"""Rollups: the compact facts the published figures read instead of the raw uses.

Tables (`tables`) kept true by PostgreSQL statement-level triggers on `services_serviceuse`
and `services_professionalevent` (migrations indicators 0004–0007), in the same transaction as
any write, from any code path or raw SQL:
  - `UseRollup`: uses, km and first day of use per antenna × month × service × mode ×
    reference mode × occupants (the inputs of every emission factor);
  - `UseYearRollup`: the same by year, for the yearly series;
  - `UserRollup`: uses and km per antenna × year × service × person, and `PersonRollup` per
    antenna × year × person: a person is counted in `Headcount` (antenna × year × service, and
    "" for any service) when their row appears and uncounted when it goes, so distinct people
    are read from a few thousand rows, not counted over a million;
  - `EventRollup`: professional events and participants per antenna × month × kind.
`rebuild` recomputes them (`manage.py rebuild_rollups`, `--check` to measure a drift only).

`queries` holds the aggregates, each in a fixed number of queries. How indicators.figures
(`compute`) reads them, in figures/collect.py (`ids` = the antennas, `fs` = factors_for(year)):

  figures/collect.py                  rollups.queries
  _uses_by_year: n, users, km_sum,    uses_by_year(antenna_ids=ids, first_year=FIRST_YEAR,
    kinds, avoided_<quantity>           last_year=year, factor_set=fs)[y]: uses, users, km,
                                        kinds, avoided_<quantity> (same units: /1000 as today)
  service_rows (antenna × service:    services(antenna_ids=ids, year=year): uses, km, users,
    n, users, km_sum, since)            since (groups used only before the year included)
  service_users, antenna_users,       people(antenna_ids=ids, year=year): by_service,
    raw[year]["users"]                  by_antenna, total
  modes, months, service_months,      breakdown(antenna_ids=ids, year=year, factor_set=fs,
    by_antenna (n, km_sum, co2e)        by=("mode",) | ("month",) | ("service", "month") |
                                        ("antenna",)): uses, km, co2e (kg, None without factor;
                                        `modes` is then sorted by km in Python as today)
  km_by_modes, unfactored_km          breakdown(…, by=("mode", "reference_mode")); the km
                                        without a factor summed from it in Python (the bench
                                        checks it against unfactored_km(…), one query)
  _events_by_year: n, participants    events_by_year(antenna_ids=ids, first_year=FIRST_YEAR,
                                        last_year=year)[y]: events, participants
  events_by_antenna, kinds            events_breakdown(antenna_ids=ids, year=year,
                                        by="antenna" | "kind")
  _events_by_year: distinct           not rolled up: thousands of events at most, read from
    structures and EPCIs                their own tables (M2M and array) as today

The people counts of `compute` that come from beneficiaries (followed, new, exits, dimensions)
are not uses and stay where they are.

Why triggers, not Python: the services, the merge of people, anonymisation, erasure and imports
all write uses; a trigger sees every one of them (and raw SQL) and cannot be forgotten by a new
write path. Statement-level with transition tables, so a bulk statement costs one grouped pass.
Uses are not partitioned by year: the figures no longer read them, so it would not move their
floor (see bench/large.py for the numbers).
"""
