"""The demo accounts (one per role, one password) and the login screen's hint on a demo store.

Apart from zvh_core.demo.fill so that the login screen can give its hint without loading the demo
generator (tests/test_startup.py checks what the app loads before its login screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zvh_core.config.regio import Regio
    from zvh_core.store import Store

DEMO_PASSWORD = "alleen-voor-demo"
"""The password of every demo account (README): demo data only, never a real store."""
DEMO_ACCOUNTS = (
    ("demo-beheerder", "beheerder", None),
    ("demo-voorzitter", "voorzitter", None),
    ("demo-regisseur", "procesregisseur", None),
    ("demo-vt", "partner", "vt"),
)


def demo_login_hint(store: Store) -> str | None:
    """How to log in, when this store holds the demo accounts (a demo store only); else None."""
    from zvh_core.access.accounts import user_exists

    if not user_exists(store, "demo-voorzitter"):
        return None
    return f"Demodatabase: meld je aan als demo-voorzitter, wachtwoord {DEMO_PASSWORD}."


def create_demo_accounts(store: Store, regio: Regio) -> list[str]:
    """One account per role (a Veilig Thuis partner account), all with DEMO_PASSWORD; skips existing names."""
    from zvh_core.access.accounts import AccountError, add_user

    made = []
    # The beheerder last: on a fresh store, the installation binding ends once a beheerder exists.
    for naam, rol, organisatie in sorted(DEMO_ACCOUNTS, key=lambda a: a[1] == "beheerder"):
        try:
            add_user(store, regio, naam, rol, DEMO_PASSWORD, organisatie)
        except AccountError:
            continue
        made.append(naam)
    return made
