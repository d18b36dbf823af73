"""The terminal user interface (Textual) and the `zvh` command line."""
