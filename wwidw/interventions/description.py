"""The shared description format: the wizard's steps and the *Goed beschreven* check.

A description is "well described" (DESIGN §9, DOMAIN §2.2) when problem, target group, goals,
approach, preconditions and transferability are described. A few words are not a description,
so each text needs a minimum number of words; the panel says what is still missing and links to
the step that fixes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from wwidw.interventions.models import Intervention
from wwidw.markdown import plain_text


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    intro: str
    fields: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step("basics", _l("Basics"),
         _l("Name the intervention, say in a few sentences what it is, where and when it runs."),
         ("title", "kind", "archetype_id", "summary", "themes", "areas", "status", "start_date",
          "end_date", "contact_name", "contact_email")),
    Step("problem", _l("Problem"),
         _l("What is the occasion (aanleiding)? Which problem, for whom, and how do you know? "
            "Name the neighbourhood figures that show it."),
         ("problem", "problem_figures")),
    Step("target_group", _l("Target group"),
         _l("Who do you want to reach, and how do you reach them?"),
         ("target_groups", "target_group_description")),
    Step("goals", _l("Goals"),
         _l("What should have changed, for whom, by when? Pick the effects from the effect list."),
         ("goals", "effects")),
    Step("approach", _l("Approach"),
         _l("What do you do, in which phases, with whom?"),
         ("approach", "activities", "partners")),
    Step("reasoning", _l("Reasoning"),
         _l("Why should this work? What does it need, and could another neighbourhood copy it?"),
         ("active_ingredients", "assumptions", "preconditions", "transferability")),
    Step("costs", _l("Costs and funding"),
         _l("What does it cost, on what, and who pays?"),
         ("budget", "costs_description", "funding")),
)
FINISH_STEP = "finish"


def step(key: str, steps: tuple[Step, ...] = STEPS) -> Step | None:
    return next((s for s in steps if s.key == key), None)


def next_step(key: str, steps: tuple[Step, ...] = STEPS) -> str:
    keys = [s.key for s in steps]
    index = keys.index(key)
    return keys[index + 1] if index + 1 < len(keys) else FINISH_STEP


def previous_step(key: str, steps: tuple[Step, ...] = STEPS) -> str | None:
    keys = [s.key for s in steps]
    if key == FINISH_STEP:
        return keys[-1]
    index = keys.index(key)
    return keys[index - 1] if index > 0 else None


@dataclass(frozen=True)
class CheckItem:
    key: str
    label: str
    hint: str
    step: str
    done: bool


def _words(text: str) -> int:
    return len(plain_text(text).split())


MIN_WORDS = 15


def completeness(intervention: Intervention) -> list[CheckItem]:
    """The Goed-beschreven items, each with whether it is done and where to fix it."""
    i = intervention

    def text_item(key: str, label, hint, step_key: str, text: str) -> CheckItem:
        return CheckItem(key, str(label), str(hint), step_key, _words(text) >= MIN_WORDS)

    return [
        text_item("problem", _l("Problem (aanleiding)"),
                  _l("Describe the problem in at least %(n)d words.", n=MIN_WORDS),
                  "problem", i.problem),
        CheckItem("target_group", str(_l("Target group")),
                  str(_l("Pick at least one target group and describe it in a few words.")),
                  "target_group",
                  bool(i.target_groups) and _words(i.target_group_description) >= 5),
        text_item("goals", _l("Goals"),
                  _l("Describe the goals in at least %(n)d words.", n=MIN_WORDS),
                  "goals", i.goals),
        text_item("approach", _l("Approach"),
                  _l("Describe the approach in at least %(n)d words.", n=MIN_WORDS),
                  "approach", i.approach),
        text_item("preconditions", _l("Preconditions"),
                  _l("Describe what the approach needs in at least %(n)d words.", n=MIN_WORDS),
                  "reasoning", i.preconditions),
        text_item("transferability", _l("Transferability"),
                  _l("Describe what another neighbourhood needs to copy it, in at least "
                     "%(n)d words.", n=MIN_WORDS),
                  "reasoning", i.transferability),
    ]
