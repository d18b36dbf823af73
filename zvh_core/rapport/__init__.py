"""Reports (domain.md §5): measures in SQL, presets as data, tables and their exports.

Modules: ``definitie`` (presets.toml and a regio's own ``[rapporten.*]``), ``periode`` (periods and
quarters), ``maten`` (the four measures as SQL aggregates), ``tabel`` (a preset over a period as a
table), ``export`` (csv and xlsx). Nothing is imported here, so ``zvh_core.regio`` can use ``definitie``.
"""
