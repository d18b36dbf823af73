"""What a partner account may see, as SQL conditions used inside the queries themselves.

A partner sees a bespreking whose besluit routes the melding to its organisation, or on which it owns
an action; a melding when one of its besprekingen is such. Other partners' notes are never shown to it.
"""

from __future__ import annotations

from sqlalchemy import exists, or_
from sqlalchemy.orm import aliased
from sqlmodel import col

from zvh_core.config.regio import Regio
from zvh_core.kernel.models import Actie, Besluit, Bespreking, Melding


def bespreking_clause(regio: Regio, partner: str, bespreking=Bespreking):
    """Condition on ``bespreking``: routed to ``partner`` or with an action it owns."""
    besluit, actie = aliased(Besluit), aliased(Actie)  # the outer query may select these tables itself
    return or_(
        exists()
        .where(col(besluit.bespreking_id) == bespreking.id, col(besluit.route).in_(regio.partner_routes(partner)))
        .correlate(bespreking),
        exists().where(col(actie.bespreking_id) == bespreking.id, col(actie.eigenaar) == partner).correlate(bespreking),
    )


def melding_clause(regio: Regio, partner: str, melding=Melding):
    """Condition on ``melding``: one of its besprekingen is visible to ``partner``."""
    b = aliased(Bespreking)
    return (
        exists()
        .where(col(b.melding_id) == melding.id, col(b.afgevoerd).is_(False), bespreking_clause(regio, partner, b))
        .correlate(melding)
    )
