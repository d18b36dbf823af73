"""Reports (domain.md §5): measures in SQL, presets as data, tables and their exports.

Modules: ``periode`` (periods and quarters), ``maten`` (the four measures as SQL aggregates), ``tabel`` (a
preset over a period as a table), ``export`` (csv and xlsx). The definitions themselves (presets.toml and a
regio's own ``[rapporten.*]``) are configuration: ``zvh_core.config.rapport_definitie``.
"""
