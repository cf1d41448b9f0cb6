"""The SMART check of a goal (DESIGN §7): for each letter, whether the goal meets it, and a
concrete hint for what is missing — so the check teaches rather than scolds."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from wwidw.interventions.models import Intervention
from wwidw.monitor.models import Goal

LETTERS = ("S", "M", "A", "R", "T")
LETTER_NAMES = {
    "S": _l("Specific"), "M": _l("Measurable"), "A": _l("Acceptable"), "R": _l("Realistic"),
    "T": _l("Time-bound"),
}
MIN_DESCRIPTION_WORDS = 5


@dataclass
class LetterCheck:
    letter: str
    hints: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.hints

    @property
    def name(self) -> str:
        return str(LETTER_NAMES[self.letter])


def check(goal: Goal, intervention: Intervention, has_budget: bool) -> list[LetterCheck]:
    result = {letter: LetterCheck(letter) for letter in LETTERS}
    s, m, a, r, t = (result[letter].hints for letter in LETTERS)
    if len((goal.description or "").split()) < MIN_DESCRIPTION_WORDS:
        s.append(_l("Describe in a sentence what should change, for whom and where."))
    if not intervention.target_groups:
        s.append(_l("Name the target group of the intervention (step 'Target group')."))
    if goal.area_id is None and not intervention.areas:
        s.append(_l("Name the area: link the goal to a neighbourhood or give the intervention "
                    "its areas."))
    if not (goal.indicator_name or "").strip():
        m.append(_l("Name the indicator that shows the change, e.g. 'number of participants'."))
    if not goal.unit_label and goal.measure == "number":
        m.append(_l("Say what is counted (the unit, e.g. 'households' or 'meetings')."))
    if goal.baseline_value is None and not goal.baseline_na and not goal.linked:
        m.append(_l("Give the baseline (nulmeting): the value before the intervention, or mark "
                    "it 'not applicable' with a reason."))
    if goal.baseline_na and not goal.baseline_na_reason.strip():
        m.append(_l("Say why a baseline is not applicable."))
    targets = list(goal.targets)
    if not targets:
        t.append(_l("Add a target with the date by which it should be reached."))
    baseline = goal.baseline_value
    for target in targets:
        if baseline is None:
            break
        wrong = ((goal.direction == "increase" and target.value <= baseline)
                 or (goal.direction == "decrease" and target.value >= baseline))
        if wrong:
            a.append(_l("The target %(target)s does not %(direction)s the baseline %(baseline)s: "
                        "change the target or the direction.", target=_number(target.value),
                        baseline=_number(baseline),
                        direction=_l("rise above") if goal.direction == "increase"
                        else _l("fall below")))
            break
    start, end = intervention.start_date, intervention.end_date
    for target in targets:
        if (start and target.period_start < start) or (end and target.period_end > end):
            r.append(_l("The target period %(start)s – %(end)s falls outside the intervention's "
                        "period: adjust one of them.", start=target.period_start.isoformat(),
                        end=target.period_end.isoformat()))
            break
    if not has_budget:
        r.append(_l("Give the intervention a budget, so that the goal can be weighed against "
                    "what it may cost."))
    return [result[letter] for letter in LETTERS]


def _number(value: float) -> str:
    return f"{value:g}"
