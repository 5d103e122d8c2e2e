"""Bringing an antenna's existing spreadsheets in (people, vehicles, TUS drivers): one engine
(reading, checking, matching, writing in one transaction, report, export in the same format) and
a small declaration per kind of record (`beneficiaries/importing.py`, `services/importing.py`)."""
