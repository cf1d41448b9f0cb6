"""The monitor's arithmetic, as pure functions over plain values (DESIGN §7, EXAMPLES §10).

Nothing here touches the database or the clock: callers pass "today", so every rule is
unit-tested on its edge cases and reports computed at night say the same as the page at noon.

Rules, in words:

- progress = (actual − baseline) / (target − baseline). The sign of (target − baseline) carries the
  direction, so a goal to *decrease* works without special cases. When target equals baseline
  there is nothing to progress towards: progress is undefined (and the SMART check's "A" fails).
- A baseline marked "not applicable" counts as 0 for goals that count upwards from nothing
  (participants, sessions); for other goals progress is undefined and the status compares the
  latest value with the target itself.
- expected progress = the share of the target period elapsed.
- status: *achieved* when the target is reached; *overdue* when the period is over and it is not;
  *no data* without a measurement; *on track* when progress is at least the expected progress
  minus the margin (15 points by default, after TolaData); else *behind*. "Maintain" goals are
  achieved (or on track) while the value stays within the margin of the target.
- aggregation: cumulative goals take the latest value; per-period goals add up the values of the
  period, except percentages and scores, which are never summed (their latest value counts).
- money is integer cents; costs per participant and per unit of effect are rounded to cents, and
  undefined (None, with the reason) when there is nothing to divide by or nothing improved.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

MARGIN = 0.15
NOT_SUMMED = frozenset({"percentage", "score"})

ACHIEVED, ON_TRACK, BEHIND = "achieved", "on_track", "behind"
NO_DATA, OVERDUE = "no_data", "overdue"
STATUSES = (ACHIEVED, ON_TRACK, BEHIND, NO_DATA, OVERDUE)


@dataclass(frozen=True)
class Observation:
    on: date
    value: float


@dataclass(frozen=True)
class Status:
    code: str
    progress: float | None
    expected: float | None
    actual: float | None


def adds_up(cumulative: bool, measure: str) -> bool:
    """Whether a goal's measurements are added up per period (counts and amounts per period),
    rather than read as a level (cumulative totals, percentages, scores)."""
    return not cumulative and measure not in NOT_SUMMED


def aggregate(observations: Iterable[Observation], cumulative: bool, measure: str,
              start: date | None = None, end: date | None = None) -> float | None:
    """One value for a goal over [start, end]: the latest for cumulative goals and for
    percentages and scores, the sum for per-period counts and amounts."""
    chosen = sorted((o for o in observations
                     if (start is None or o.on >= start) and (end is None or o.on <= end)),
                    key=lambda o: o.on)
    if not chosen:
        return None
    if not adds_up(cumulative, measure):
        return chosen[-1].value
    return sum(o.value for o in chosen)


def effective_baseline(baseline: float | None, baseline_na: bool, direction: str) -> float | None:
    """The baseline progress is measured from; "not applicable" means 0 for counting up."""
    if baseline_na or baseline is None:
        return 0.0 if direction == "increase" else None
    return baseline


def progress(baseline: float | None, target: float, actual: float | None) -> float | None:
    if baseline is None or actual is None or target == baseline:
        return None
    return (actual - baseline) / (target - baseline)


def expected_progress(start: date, end: date, today: date) -> float:
    if today <= start:
        return 0.0
    if today >= end or end <= start:
        return 1.0
    return (today - start).days / (end - start).days


def _reached(direction: str, actual: float, target: float, margin: float) -> bool:
    if direction == "increase":
        return actual >= target
    if direction == "decrease":
        return actual <= target
    return abs(actual - target) <= margin * max(abs(target), 1e-9)


def status(*, direction: str, baseline: float | None, baseline_na: bool, target: float,
           start: date, end: date, actual: float | None, today: date,
           margin: float = MARGIN) -> Status:
    """Where a goal stands on ``today`` against one target period."""
    expected = expected_progress(start, end, today)
    if actual is None:
        code = OVERDUE if today > end else NO_DATA
        return Status(code, None, expected, None)
    base = effective_baseline(baseline, baseline_na, direction)
    done = progress(base, target, actual) if direction != "maintain" else None
    if _reached(direction, actual, target, margin):
        code = ACHIEVED if direction != "maintain" or today >= end else ON_TRACK
    elif today > end:
        code = OVERDUE
    elif direction == "maintain":
        code = BEHIND
    elif done is None:
        # No baseline to measure from: only reached or not, which it is not yet.
        code = BEHIND
    else:
        code = ON_TRACK if done >= expected - margin else BEHIND
    return Status(code, done, expected, actual)


@dataclass(frozen=True)
class FunderSpend:
    funder: str
    spent_cents: int
    budget_cents: int | None

    @property
    def share(self) -> float | None:
        if not self.budget_cents:
            return None
        return self.spent_cents / self.budget_cents

    @property
    def remaining_cents(self) -> int | None:
        return None if self.budget_cents is None else self.budget_cents - self.spent_cents


def spent_by_funder(costs: Iterable[tuple[str, int]],
                    budgets: dict[str, int]) -> list[FunderSpend]:
    """Spending per funder beside its budget, funders with a budget first; costs without a
    funder are grouped under ''."""
    spent: dict[str, int] = {}
    for funder, cents in costs:
        spent[funder] = spent.get(funder, 0) + int(cents)
    names = list(budgets) + sorted(name for name in spent if name not in budgets)
    return [FunderSpend(name, spent.get(name, 0), budgets.get(name)) for name in names]


def cumulative_cents(costs: Sequence[tuple[date, int]]) -> list[tuple[date, int]]:
    """Running total per date, for the "spent against budget" chart."""
    total, points = 0, []
    for day, cents in sorted(costs):
        total += int(cents)
        if points and points[-1][0] == day:
            points[-1] = (day, total)
        else:
            points.append((day, total))
    return points


def _cents(value: Decimal) -> int:
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def cost_per_participant(total_cents: int, participants: int) -> int | None:
    if participants <= 0:
        return None
    return _cents(Decimal(total_cents) / Decimal(participants))


def reach(new_participants: Iterable[int | None], participants: Iterable[int | None]) -> int:
    """How many different people took part: the new participants added up when they are
    recorded; otherwise the busiest period's count (adding up visits would count people twice)."""
    new = [n for n in new_participants if n is not None]
    if new:
        return sum(new)
    counts = [n for n in participants if n is not None]
    return max(counts) if counts else 0


NO_IMPROVEMENT = "no_improvement"
NO_BASELINE = "no_baseline"
NO_COST = "no_cost"


def cost_per_unit_of_effect(total_cents: int, baseline: float | None, actual: float | None,
                            direction: str) -> tuple[int | None, str | None]:
    """Cents per unit of improvement, or None and why: no baseline or measurement to compare,
    no improvement (dividing by zero or a worsening would give nonsense), or no cost."""
    if baseline is None or actual is None:
        return None, NO_BASELINE
    if direction not in ("increase", "decrease"):
        return None, NO_IMPROVEMENT
    change = actual - baseline if direction == "increase" else baseline - actual
    if change <= 0:
        return None, NO_IMPROVEMENT
    if total_cents <= 0:
        return None, NO_COST
    return _cents(Decimal(total_cents) / Decimal(str(change))), None


def running_totals(points: Sequence[tuple[date, float]],
                   periods: Sequence[tuple[date, date]]) -> list[tuple[date, float]]:
    """For goals whose measurements add up per period: each point becomes the total so far
    within its target period, so a chart sets like against like (a month's 8 sessions against a
    year's target of 110 would look hopeless). Points outside every period stay as they are."""
    ordered = sorted(points)
    result = []
    totals: dict[tuple[date, date], float] = {}
    for day, value in ordered:
        period = next((p for p in periods if p[0] <= day <= p[1]), None)
        if period is None:
            result.append((day, value))
            continue
        totals[period] = totals.get(period, 0.0) + value
        result.append((day, totals[period]))
    return result
