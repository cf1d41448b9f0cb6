"""The benchmark on an own intervention's page: which peers count, the "too few" note under
three, the chart as a PNG, and nothing of it for anyone outside the owning organisation."""

from __future__ import annotations

from datetime import date

from tests.peers.conftest import EFFECT, END, START, add_monitoring
from wwidw.extensions import db
from wwidw.interventions.services import Viewer
from wwidw.peers import benchmark

TOO_FEW = ("Too few comparable interventions", "Te weinig vergelijkbare interventies")


def _more_peers(make, world, count: int) -> None:
    for number in range(count):
        peer = make.intervention(world.peer_org, author=world.peer_author,
                                 title=f"Extra peer {number}", start_date=START, end_date=END,
                                 effects=[EFFECT])
        add_monitoring(peer, world.peer_author,
                       goals=[(f"Extra doel {number}", True, 60.0 if number else 5.0)],
                       participants=10 * (number + 1), cost_cents=1_000_00)


def test_only_sharing_peers_with_a_common_effect_or_theme_count(make, world):
    # Not peers: another theme only, a draft, and the own organisation's other work.
    make.intervention(world.peer_org, author=world.peer_author, title="Ander onderwerp",
                      themes=["safety"])
    make.intervention(world.peer_org, author=world.peer_author, title="Concept",
                      effects=[EFFECT], draft=True)
    make.intervention(world.own_org, author=world.member, title="Eigen ander werk",
                      effects=[EFFECT])
    result = benchmark.build(db.session, Viewer.of(world.member), world.own, date.today())
    assert [p.title for p in result.peers] == ["Gedeelde huiskamer"]
    assert result.too_few
    assert result.cost.values == [17284]  # € 3.456,78 over 20 participants
    assert result.cost.own == 10000
    # Peers count public goals only: the shared one is on track (1 of 1); own counts all (1 of 2).
    assert result.achievement.values == [1.0]
    assert result.achievement.own == 0.5


def test_a_theme_in_common_is_enough(make, world):
    themed = make.intervention(world.peer_org, author=world.peer_author, title="Thema-peer",
                               themes=["loneliness"], start_date=START, end_date=END)
    add_monitoring(themed, world.peer_author, goals=[("Thema doel", True, 60.0)])
    world.own.tags  # noqa: B018 - loaded before adding a theme below
    from wwidw.interventions.models import InterventionTag

    db.session.add(InterventionTag(intervention_id=world.own.id, vocabulary="theme",
                                   key="loneliness"))
    db.session.commit()
    db.session.refresh(world.own)
    result = benchmark.build(db.session, Viewer.of(world.member), world.own, date.today())
    assert sorted(p.title for p in result.peers) == ["Gedeelde huiskamer", "Thema-peer"]


def test_the_section_says_too_few_under_three_and_counts_them(client, auth, world):
    auth.login(world.member.email)
    html = client.get(f"/interventions/{world.own.id}").get_data(as_text=True)
    assert any(text in html for text in TOO_FEW)
    assert f"/interventions/{world.own.id}/benchmark.png" in html
    assert "1 comparable intervention" in html or "1 vergelijkbare interventie" in html


def test_with_three_peers_the_distribution_shows(make, client, auth, world):
    _more_peers(make, world, 2)
    result = benchmark.build(db.session, Viewer.of(world.member), world.own, date.today())
    assert result.count == 3 and not result.too_few
    # Costs per participant: 172,84; 100,00 (10 people); 50,00 (20 people); own 100,00.
    assert sorted(result.cost.values) == [5000, 10000, 17284]
    assert result.cost.below_own() == 1
    assert sorted(result.achievement.values) == [0.0, 1.0, 1.0]
    auth.login(world.member.email)
    html = client.get(f"/interventions/{world.own.id}").get_data(as_text=True)
    assert not any(text in html for text in TOO_FEW)
    assert "3 comparable interventions" in html or "3 vergelijkbare interventies" in html


def test_the_chart_is_a_png_for_members(make, client, auth, world):
    _more_peers(make, world, 2)
    auth.login(world.member.email)
    response = client.get(f"/interventions/{world.own.id}/benchmark.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert "private" in response.headers["Cache-Control"]


def test_outsiders_get_404_and_no_benchmark_section(client, auth, world):
    auth.login(world.peer_author.email)
    # The peer sees neither the chart of the own (private) intervention nor of its own
    # shared one from outside: the benchmark belongs to the owner's members.
    assert client.get(f"/interventions/{world.own.id}/benchmark.png").status_code == 404
    auth.logout()
    auth.login(world.member.email)
    assert client.get(f"/interventions/{world.shared.id}/benchmark.png").status_code == 404
    html = client.get(f"/interventions/{world.shared.id}").get_data(as_text=True)
    assert "benchmark.png" not in html
    assert f"/compare?ids={world.shared.id}" in html  # everyone who sees it may compare it
    auth.logout()
    assert client.get(f"/interventions/{world.own.id}/benchmark.png").status_code in (302, 401,
                                                                                        404)
