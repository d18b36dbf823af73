"""`python -m tui.cli`: the `zvh` command without its installed script (tests, a bare checkout)."""

from tui.cli.launch import main

main()
