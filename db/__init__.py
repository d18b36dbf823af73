"""Store plumbing: engine, sessions, pragmas, migrations. Knows nothing of the domain."""
