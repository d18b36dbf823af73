"""Answers prepared for an overleg the chair has not opened yet, carried over when it is opened.

A partner may prepare the coming overleg of its type on its regular day before the chair opens it
(zvh_core.meetings.voorbereiden); its answers wait in ``gepland_antwoord``, per type, date, melding and partner.
When the chair opens that overleg (or later puts one of those meldingen on its agenda) each waiting answer
becomes the partner's Bekendheid row on the new bespreking, with the same fields, who prepared it and when,
and the same version, so a partner's screen that still shows the planned agenda answers on without a refusal.
An answer whose melding is not on the opened agenda keeps waiting (it is carried over if the chair adds it).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, col, select

from zvh_core.kernel.models import Bekendheid, GeplandAntwoord, Overleg


def carry_over(session: Session, overleg: Overleg, besprekingen: Mapping[int, int]) -> int:
    """Turn the answers prepared for ``overleg``'s type and date on these meldingen (melding id → bespreking
    id) into Bekendheid rows; how many. An answer already given on the bespreking itself is kept as it is."""
    if not besprekingen:
        return 0
    waiting = session.exec(
        select(GeplandAntwoord).where(
            col(GeplandAntwoord.overleg_type) == overleg.type,
            col(GeplandAntwoord.datum) == overleg.datum,
            col(GeplandAntwoord.melding_id).in_(list(besprekingen)),
        )
    ).all()
    if not waiting:
        return 0
    given = set(
        session.exec(
            select(col(Bekendheid.bespreking_id), col(Bekendheid.partner)).where(
                col(Bekendheid.bespreking_id).in_(list(besprekingen.values()))
            )
        ).all()
    )
    carried = 0
    for row in waiting:
        bespreking_id = besprekingen[row.melding_id]
        if (bespreking_id, row.partner) not in given:
            session.add(
                Bekendheid(
                    bespreking_id=bespreking_id,
                    partner=row.partner,
                    code=row.code,
                    notitie=row.notitie,
                    oordeel=row.oordeel,
                    reden_niet_delen=row.reden_niet_delen,
                    gewijzigd_op=row.gewijzigd_op,
                    versie=row.versie,
                    voorbereid_door=row.voorbereid_door,
                    voorbereid_op=row.voorbereid_op,
                )
            )
            carried += 1
        session.delete(row)
    return carried
