"""Importing contract CSV files (domain.md §4): meldingen now, casussen later.

``csvfile`` reads and checks any contract file, ``persons`` recognises persons, ``meldingen`` stores meldingen.
"""
