"""Configuration as data: the typed settings (environment, prefix ZVH_) and the regio file (gemeenten, partners,
codes, routes, meeting types, report definitions and presets)."""
