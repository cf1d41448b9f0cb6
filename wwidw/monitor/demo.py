"""Demo monitoring: one intervention of Woonstichting De Maasoever monitored for three years, so
a new user finds goals of all three kinds (one read from the Heusden resident survey), monthly
activities, costs against two funders' budgets, conclusions and a resident summary.

The numbers are invented but plausible and deterministic; safe to load twice (an intervention
that already has goals is left alone)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.accounts.models import Organisation, User
from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer
from wwidw.monitor import report, services

ORGANISATION = "Woonstichting De Maasoever"
TITLE = "Achter-de-voordeuraanpak Vijfhoeven"
WORKER = "fatima.elamrani@maasoever.example.nl"
MANAGER = "pieter.jansen@maasoever.example.nl"
START = date(2023, 9, 1)
LAST_MONTH = date(2026, 10, 1)


def _months(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def load_demo_monitoring(session: Session) -> int:
    """Adds the demo's monitoring; returns the number of goals added."""
    organisation = session.scalar(select(Organisation).where(Organisation.name == ORGANISATION))
    intervention = session.scalar(select(Intervention).where(
        Intervention.title == TITLE, Intervention.organisation_id == getattr(
            organisation, "id", None)))
    worker = session.scalar(select(User).where(User.email == WORKER))
    manager = session.scalar(select(User).where(User.email == MANAGER))
    if None in (organisation, intervention, worker, manager) or services.goals_of(
            session, intervention.id):
        return 0
    recorder = Viewer.of(worker)
    if intervention.start_date is None:
        intervention.start_date = START
    visits = services.save_goal(session, recorder, intervention, {
        "result_type": "activity", "description": "Alle huishoudens in de galerijflats van "
        "Vijfhoeven krijgen binnen drie jaar een huisbezoek van de woonconsulent",
        "indicator_name": "Huishoudens met een huisbezoek (totaal)", "unit_label": "huishoudens",
        "measure": "number", "direction": "increase", "cumulative": True,
        "target_frequency": "yearly", "data_source": "Registratie woonconsulenten",
        "baseline_na": True, "baseline_na_reason": "Nieuwe aanpak, er waren nog geen bezoeken",
        "public": True, "targets": [
            (date(2023, 9, 1), date(2024, 8, 31), 120.0, ""),
            (date(2024, 9, 1), date(2025, 8, 31), 240.0, ""),
            (date(2025, 9, 1), date(2026, 8, 31), 360.0, "alle 360 huishoudens")]})
    arrears = services.save_goal(session, recorder, intervention, {
        "result_type": "economic", "description": "Minder huishoudens in Vijfhoeven met een "
        "huurachterstand van meer dan twee maanden", "effect_key": "less_poverty",
        "indicator_name": "Huishoudens met huurachterstand > 2 maanden",
        "unit_label": "huishoudens", "measure": "number", "direction": "decrease",
        "cumulative": True, "target_frequency": "yearly", "data_source": "Huuradministratie",
        "baseline_value": 38.0, "baseline_date": date(2023, 8, 31),
        "baseline_source": "Huuradministratie augustus 2023", "public": False, "targets": [
            (date(2023, 9, 1), date(2024, 12, 31), 30.0, ""),
            (date(2025, 1, 1), date(2026, 12, 31), 20.0, "")]})
    grade = services.save_goal(session, recorder, intervention, {
        "result_type": "effect", "description": "Bewoners van Vijfhoeven waarderen hun buurt "
        "hoger dan bij de start", "effect_key": "more_attractive_place_to_live",
        "indicator_name": "Rapportcijfer buurt (bewonersenquête)", "measure": "score",
        "direction": "increase", "cumulative": True, "target_frequency": "once",
        "data_source": "Bewonersenquête gemeente Heusden", "area_code": "BU07970501",
        "indicator_key": "neighbourhood_grade", "public": True, "targets": [
            (date(2023, 9, 1), date(2026, 12, 31), 7.2, "")]})
    for index, month in enumerate(_months(START, LAST_MONTH)):
        end = _month_end(month)
        services.record_measurement(session, recorder, visits, intervention, {
            "measured_on": end, "value": float(min(360, 9 * (index + 1) + index % 3)),
            "source": "Registratie woonconsulenten"})
        if month.month in (3, 6, 9, 12):
            services.record_measurement(session, recorder, arrears, intervention, {
                "measured_on": end, "value": float(max(21, 38 - index // 3 * 1.5 - index % 2)),
                "source": "Huuradministratie"})
        services.save_activity(session, recorder, intervention, {
            "activity": "Huisbezoeken", "period_start": month, "period_end": end,
            "sessions": 10 + index % 4, "participants": 9 + index % 3,
            "new_participants": 9 + index % 3 - (1 if index % 5 == 0 else 0),
            "volunteers": 0, "volunteer_hours": 0.0, "professional_hours": 36.0 + index % 5})
        if month.month % 2 == 0:
            services.save_activity(session, recorder, intervention, {
                "activity": "Koffieochtend in de galerij", "period_start": month,
                "period_end": end, "sessions": 2, "participants": 14 + index % 6,
                "new_participants": 1 + index % 2, "volunteers": 3, "volunteer_hours": 9.0,
                "professional_hours": 4.0})
        services.add_cost(session, recorder, intervention, {
            "category": "personnel", "amount_cents": 3_960_00 + (index % 5) * 110_00,
            "hours": 36.0 + index % 5, "funder": "Woonstichting De Maasoever",
            "period_start": month, "period_end": end, "description": "Woonconsulent"})
        if month.month in (1, 4, 7, 10):
            services.add_cost(session, recorder, intervention, {
                "category": "material", "amount_cents": 375_50, "funder": "Gemeente Heusden",
                "period_start": month, "period_end": end,
                "description": "Koffie, drukwerk en kleine reparaties"})
    services.set_budget(session, recorder, intervention, "Woonstichting De Maasoever",
                        165_000_00)
    services.set_budget(session, recorder, intervention, "Gemeente Heusden", 6_000_00)
    head = Viewer.of(manager)
    report.save_conclusions(session, head, intervention, (
        "De huisbezoeken lopen op schema: bijna alle huishoudens zijn bereikt. De "
        "huurachterstanden dalen, maar minder snel dan gehoopt; we zetten in 2026 extra in op "
        "vroegsignalering samen met de gemeente. Het rapportcijfer van de buurt volgen we via "
        "de bewonersenquête."))
    report.save_summary(session, head, intervention, (
        "Sinds september 2023 komt onze woonconsulent bij iedereen in de galerijflats langs. "
        "Bijna alle huishoudens hebben nu een bezoek gehad. Samen lossen we kleine problemen "
        "op, en wie geldzorgen heeft krijgt eerder hulp."), [visits.id, grade.id], publish=False)
    session.flush()
    return 3


PLAYGROUND = "Zelfbeheer speeltuin De Klimop in Braken-Oost"


def load_demo_public_summary(session: Session) -> int:
    """A public intervention with a published summary, so the public site has something to show
    in the demo. Returns the number of goals added."""
    organisation = session.scalar(select(Organisation).where(Organisation.name == ORGANISATION))
    intervention = session.scalar(select(Intervention).where(
        Intervention.title == PLAYGROUND,
        Intervention.organisation_id == getattr(organisation, "id", None)))
    worker = session.scalar(select(User).where(User.email == WORKER))
    manager = session.scalar(select(User).where(User.email == MANAGER))
    if None in (organisation, intervention, worker, manager) or services.goals_of(
            session, intervention.id):
        return 0
    recorder = Viewer.of(worker)
    days = services.save_goal(session, recorder, intervention, {
        "result_type": "activity", "description": "Bewoners openen de speeltuin zelf op vaste "
        "middagen, zodat kinderen uit Braken-Oost een veilige plek hebben om te spelen",
        "indicator_name": "Middagen dat de speeltuin open was", "unit_label": "middagen",
        "measure": "number", "direction": "increase", "cumulative": False,
        "target_frequency": "yearly", "data_source": "Rooster van de speeltuinvrijwilligers",
        "baseline_value": 60.0, "baseline_date": date(2024, 12, 31),
        "baseline_source": "Rooster 2024", "public": True, "targets": [
            (date(2025, 1, 1), date(2025, 12, 31), 90.0, ""),
            (date(2026, 1, 1), date(2026, 12, 31), 110.0, "")]})
    for index, month in enumerate(_months(date(2025, 1, 1), LAST_MONTH)):
        summer = month.month in (4, 5, 6, 7, 8, 9)
        services.record_measurement(session, recorder, days, intervention, {
            "measured_on": _month_end(month), "value": float((12 if summer else 5) + index % 3),
            "source": "Rooster"})
        services.save_activity(session, recorder, intervention, {
            "activity": "Open speelmiddag", "period_start": month, "period_end": _month_end(month),
            "sessions": (12 if summer else 5) + index % 3,
            "participants": (160 if summer else 60) + 7 * (index % 4),
            "new_participants": 6 + index % 4, "volunteers": 9 + index % 3,
            "volunteer_hours": 40.0 + 4 * (index % 3)})
    report.save_summary(session, Viewer.of(manager), intervention, (
        "Bewoners van Braken-Oost beheren samen de speeltuin De Klimop. Vrijwilligers doen de "
        "poort open, houden een oogje in het zeil en ruimen op. Kinderen kunnen nu veel vaker "
        "buiten spelen dan in 2024.\n\nWil je meehelpen? Kom langs op een woensdagmiddag of "
        "mail de speeltuincommissie."), [days.id], publish=True)
    session.flush()
    return 1
