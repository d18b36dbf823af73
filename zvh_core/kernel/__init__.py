"""What every capability shares and nothing else: the tables, the read models, the error base, the clock and
dates, names, the person fields, bulk reads and ORM-to-view converters. Imports no other capability."""
