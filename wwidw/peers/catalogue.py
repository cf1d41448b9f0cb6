"""What comparing with peers adds to the intervention page: a "Compare with…" link for everyone
who sees it, and for members of the owning organisation a benchmark against peers."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import get_locale, ngettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.orm import Session

from wwidw.interventions.hooks import hooks, register_once
from wwidw.interventions.models import Intervention
from wwidw.interventions.services import Viewer
from wwidw.monitor.money import format_cents
from wwidw.peers import benchmark

SHARING_RULE = _l("Peers are other organisations' community and public interventions with the "
                  "same effect or theme that share results: at least one public goal. For them "
                  "only public goals count; for this intervention all its goals.")


def _locale() -> str:
    return str(get_locale() or "nl")


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def _measure_text(measure: benchmark.Measure, show) -> str:
    if measure.own is None and not measure.values:
        return str(_l("no figures"))
    parts = [str(_l("this intervention: %(value)s",
                    value=show(measure.own) if measure.own is not None else "–"))]
    if not measure.values:
        parts.append(str(_l("no peer figures")))
    elif not measure.enough:
        parts.append(ngettext("figures of only %(num)d peer", "figures of only %(num)d peers",
                              measure.count))
    else:
        parts.append(str(_l("peers (%(count)d): lowest %(low)s, median %(middle)s, highest "
                            "%(high)s", count=measure.count, low=show(measure.low),
                            middle=show(measure.middle), high=show(measure.high))))
        below = measure.below_own()
        if below is not None:
            parts.append(str(_l("%(below)d of %(count)d peers have a lower value",
                                below=below, count=measure.count)))
    return "; ".join(parts)


def _benchmark_items(session: Session, viewer: Viewer, intervention: Intervention) -> list:
    result = benchmark.build(session, viewer, intervention, date.today())
    locale = _locale()
    items: list = [(str(_l("Compared with")), ngettext(
        "%(num)d comparable intervention of other organisations",
        "%(num)d comparable interventions of other organisations", result.count), "")]
    if result.too_few:
        items.append((str(_l("Note")), str(_l(
            "Too few comparable interventions to compare (fewer than 3).")), ""))
    items.append((str(_l("Cost per participant")), _measure_text(
        result.cost, lambda cents: format_cents(round(cents), locale)), ""))
    items.append((str(_l("Goals achieved or on track")),
                  _measure_text(result.achievement, _percent), ""))
    chart = Markup('<img class="img-fluid" src="{}" alt="{}" width="720" height="420">').format(
        url_for("peers.benchmark_chart", intervention_id=intervention.id),
        _l("Chart: this intervention's cost per participant and goal achievement among its "
           "peers; the figures are in the text beside it."))
    items.append((str(_l("Chart")), chart, ""))
    items.append((str(_l("Who counts as a peer")), str(SHARING_RULE), ""))
    return items


def detail_section(session: Session, viewer: Viewer, intervention: Intervention):
    link = Markup('<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>').format(
        url_for("peers.compare_page", ids=[intervention.id]), _l("Compare with…"))
    sections = [(str(_l("Compare")), [(str(_l("Side by side with other interventions")),
                                        link, "")])]
    # The benchmark uses the own monitoring data in full: members of the owner only.
    if intervention.organisation_id in viewer.org_ids:
        sections.append((str(_l("Benchmark against peers")),
                         _benchmark_items(session, viewer, intervention)))
    return sections


def init_app(app) -> None:
    register_once(hooks.detail_sections, detail_section)
