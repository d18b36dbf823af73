"""The `zvh` command line (Typer). Imports no Textual: only `zvh` without a subcommand loads the app."""
