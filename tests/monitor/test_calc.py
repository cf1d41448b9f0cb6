"""The monitor's arithmetic on its edge cases (pure functions, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from wwidw.monitor import calc
from wwidw.monitor.calc import Observation

START, END = date(2025, 1, 1), date(2025, 12, 31)
MIDYEAR = date(2025, 7, 2)


def _status(**kwargs):
    values = {"direction": "increase", "baseline": 10.0, "baseline_na": False, "target": 20.0,
              "start": START, "end": END, "actual": 15.0, "today": MIDYEAR}
    values.update(kwargs)
    return calc.status(**values)


def test_progress_runs_from_baseline_to_target():
    assert calc.progress(10, 20, 15) == pytest.approx(0.5)
    assert calc.progress(10, 20, 25) == pytest.approx(1.5)
    assert calc.progress(10, 20, 5) == pytest.approx(-0.5)


def test_decrease_direction_needs_no_special_case():
    # 40% of households in debt, target 30%: 35% is halfway.
    assert calc.progress(40, 30, 35) == pytest.approx(0.5)
    assert _status(direction="decrease", baseline=40.0, target=30.0, actual=35.0).code == "on_track"
    assert _status(direction="decrease", baseline=40.0, target=30.0, actual=29.0).code == "achieved"
    assert _status(direction="decrease", baseline=40.0, target=30.0, actual=41.0).code == "behind"


def test_target_equal_to_baseline_has_no_progress():
    assert calc.progress(10, 10, 12) is None
    status = _status(baseline=20.0, target=20.0, actual=19.0)
    assert status.progress is None and status.code == "behind"


def test_statuses_on_track_behind_achieved():
    assert _status(actual=15.0).code == "on_track"  # 50% done, 50% of the year gone
    assert _status(actual=13.6).code == "on_track"  # 36%: within the 15-point margin
    assert _status(actual=13.0).code == "behind"  # 30%
    assert _status(actual=20.0).code == "achieved"
    assert _status(actual=15.0, margin=0.0).code == "on_track"


def test_no_data_and_overdue():
    assert _status(actual=None).code == "no_data"
    assert _status(actual=None, today=date(2026, 2, 1)).code == "overdue"
    assert _status(actual=18.0, today=date(2026, 2, 1)).code == "overdue"
    assert _status(actual=21.0, today=date(2026, 2, 1)).code == "achieved"


def test_not_applicable_baseline():
    # Counting up from nothing: participants reached, baseline "not applicable" counts as 0.
    assert calc.effective_baseline(None, True, "increase") == 0.0
    status = _status(baseline=None, baseline_na=True, target=100.0, actual=50.0)
    assert status.progress == pytest.approx(0.5) and status.code == "on_track"
    # Decreasing without a baseline: only "reached or not".
    status = _status(direction="decrease", baseline=None, baseline_na=True, target=5.0,
                     actual=7.0)
    assert status.progress is None and status.code == "behind"
    assert _status(direction="decrease", baseline=None, baseline_na=True, target=5.0,
                   actual=4.0).code == "achieved"


def test_maintain_stays_within_the_margin():
    kwargs = {"direction": "maintain", "baseline": 7.0, "target": 7.0}
    assert _status(actual=6.5, **kwargs).code == "on_track"  # within 15% of 7
    assert _status(actual=5.0, **kwargs).code == "behind"
    assert _status(actual=7.2, today=date(2026, 1, 5), **kwargs).code == "achieved"


def test_expected_progress_is_the_share_of_time_elapsed():
    assert calc.expected_progress(START, END, date(2024, 6, 1)) == 0.0
    assert calc.expected_progress(START, END, MIDYEAR) == pytest.approx(0.5, abs=0.01)
    assert calc.expected_progress(START, END, date(2027, 1, 1)) == 1.0
    assert calc.expected_progress(START, START, START) == 0.0


def test_cumulative_against_per_period_and_percentages_never_summed():
    months = [Observation(date(2025, m, 28), v) for m, v in ((1, 10), (2, 15), (3, 5))]
    assert calc.aggregate(months, cumulative=False, measure="number") == 30
    assert calc.aggregate(months, cumulative=True, measure="number") == 5
    assert calc.aggregate(months, cumulative=False, measure="percentage") == 5
    assert calc.aggregate(months, cumulative=False, measure="score") == 5
    assert calc.aggregate(months, cumulative=False, measure="number",
                          start=date(2025, 2, 1), end=date(2025, 3, 31)) == 20
    assert calc.aggregate([], cumulative=False, measure="number") is None


def test_spending_by_funder_and_cumulative_cost():
    spent = calc.spent_by_funder([("Gemeente", 50_00), ("Corporatie", 20_00), ("Gemeente", 25_00),
                                  ("", 5_00)], {"Gemeente": 100_00, "Fonds": 40_00})
    assert [(s.funder, s.spent_cents, s.budget_cents) for s in spent] == [
        ("Gemeente", 75_00, 100_00), ("Fonds", 0, 40_00), ("", 5_00, None),
        ("Corporatie", 20_00, None)]
    assert spent[0].share == pytest.approx(0.75) and spent[0].remaining_cents == 25_00
    assert spent[2].share is None
    assert calc.cumulative_cents([(date(2025, 2, 1), 10), (date(2025, 1, 1), 5),
                                  (date(2025, 2, 1), 1)]) == [(date(2025, 1, 1), 5),
                                                              (date(2025, 2, 1), 16)]


def test_cost_per_participant_in_cents():
    assert calc.cost_per_participant(100_00, 3) == 3333
    assert calc.cost_per_participant(100_00, 0) is None
    assert calc.reach([5, 3, None], [20, 25, 30]) == 8
    assert calc.reach([None], [20, 25, 30]) == 30  # the busiest period


def test_cost_per_unit_of_effect_is_undefined_without_improvement():
    assert calc.cost_per_unit_of_effect(10_000_00, 40.0, 35.0, "decrease") == (2_000_00, None)
    assert calc.cost_per_unit_of_effect(10_000_00, 40.0, 40.0, "decrease") == (
        None, calc.NO_IMPROVEMENT)
    assert calc.cost_per_unit_of_effect(10_000_00, 40.0, 45.0, "decrease") == (
        None, calc.NO_IMPROVEMENT)
    assert calc.cost_per_unit_of_effect(10_000_00, None, 45.0, "increase") == (
        None, calc.NO_BASELINE)
    assert calc.cost_per_unit_of_effect(0, 40.0, 50.0, "increase") == (None, calc.NO_COST)
    assert calc.cost_per_unit_of_effect(1_00, 0.0, 3.0, "increase") == (33, None)


def test_running_totals_restart_with_each_target_period():
    year_one, year_two = (date(2025, 1, 1), date(2025, 12, 31)), (date(2026, 1, 1),
                                                                  date(2026, 12, 31))
    points = [(date(2024, 12, 31), 4.0), (date(2025, 1, 31), 8.0), (date(2025, 2, 28), 6.0),
              (date(2026, 1, 31), 5.0)]
    assert calc.running_totals(points, [year_one, year_two]) == [
        (date(2024, 12, 31), 4.0), (date(2025, 1, 31), 8.0), (date(2025, 2, 28), 14.0),
        (date(2026, 1, 31), 5.0)]
    assert calc.adds_up(False, "number") and not calc.adds_up(True, "number")
    assert not calc.adds_up(False, "percentage")
