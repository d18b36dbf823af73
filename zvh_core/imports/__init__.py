"""Importing contract CSV files (domain.md §4): meldingen and casussen.

``csvfile`` reads and checks any contract file, ``common`` is what both imports share (result, grouping,
the all-or-nothing write), ``meldingen`` and ``casussen`` store their records. Persons are recognised by
``zvh_core.persons.matching``.
"""
