"""The all-routes isolation test. Each app adds a module `victims_<app>.py` here exposing
`create(world)`, which gives every tenant object of that app the primary key VICTIM_PK in
antenna A, referred by structure S1, carrying MARKER in its personal data."""

VICTIM_PK = 424242
MARKER = "Victimnom"
