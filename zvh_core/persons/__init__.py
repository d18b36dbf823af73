"""Persons: the lookup ("have we seen this person before?"), matching one person to one Persoon, Eerder
bekend (history), the dossier, merging duplicates, and short person names for lists."""
