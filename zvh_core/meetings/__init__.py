"""Meetings (overleggen): their life (open, start, close), the agenda, one bespreking at the table, the
review of earlier actions, the besluitenlijst, the pace, and meldingen waiting for a meeting."""
