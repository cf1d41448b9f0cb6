"""Demo data: organisations in Heusden and Den Haag, their colleagues, and the CBS areas.

Loading is idempotent: what exists is left as it is, what is missing is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.accounts import services as accounts
from wwidw.accounts.models import Membership, Organisation
from wwidw.demo_extras import load_demo_extras
from wwidw.interventions.demo import load_demo_interventions
from wwidw.neighbourhoods.services import read_statline_areas, upsert_areas

DEMO_PASSWORD = "wijkwerk-demo-2026"
DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    memberships: tuple[tuple[str, str], ...]  # (organisation name, role)
    platform_admin: bool = False


DEMO_ORGANISATIONS = (
    ("Woonstichting De Maasoever", "housing", "GM0797"),
    ("Gemeente Heusden", "municipality", "GM0797"),
    ("Stichting Welzijn Langstraat", "welfare", "GM0797"),
    ("Hofstad Wonen", "housing", "GM0518"),
    ("Stichting Wijkwelzijn Haaglanden", "welfare", "GM0518"),
)
DEMO_AREA_FILES = ("kwb_2024_heusden.csv", "kwb_2024_den_haag.csv")

DEMO_USERS = (
    DemoUser("platform@wwidw.example.nl", "Ruud Platform", (), platform_admin=True),
    DemoUser("anja.devries@maasoever.example.nl", "Anja de Vries",
             (("Woonstichting De Maasoever", "admin"),)),
    DemoUser("pieter.jansen@maasoever.example.nl", "Pieter Jansen",
             (("Woonstichting De Maasoever", "manager"),)),
    DemoUser("fatima.elamrani@maasoever.example.nl", "Fatima El Amrani",
             (("Woonstichting De Maasoever", "worker"),
              ("Stichting Welzijn Langstraat", "worker"))),
    DemoUser("kees.bakker@maasoever.example.nl", "Kees Bakker",
             (("Woonstichting De Maasoever", "viewer"),)),
    DemoUser("marloes.vandijk@heusden.example.nl", "Marloes van Dijk",
             (("Gemeente Heusden", "admin"),)),
    DemoUser("joost.smits@heusden.example.nl", "Joost Smits",
             (("Gemeente Heusden", "worker"),)),
    DemoUser("sanne.willems@welzijnlangstraat.example.nl", "Sanne Willems",
             (("Stichting Welzijn Langstraat", "admin"),)),
    DemoUser("yusuf.demir@welzijnlangstraat.example.nl", "Yusuf Demir",
             (("Stichting Welzijn Langstraat", "worker"),)),
    DemoUser("ingrid.verhoeven@hofstadwonen.example.nl", "Ingrid Verhoeven",
             (("Hofstad Wonen", "admin"),)),
    DemoUser("mohamed.ouali@hofstadwonen.example.nl", "Mohamed Ouali",
             (("Hofstad Wonen", "worker"),)),
    DemoUser("esther.degraaf@wijkwelzijn.example.nl", "Esther de Graaf",
             (("Stichting Wijkwelzijn Haaglanden", "admin"),)),
    DemoUser("daan.visser@wijkwelzijn.example.nl", "Daan Visser",
             (("Stichting Wijkwelzijn Haaglanden", "worker"),)),
)


def load_demo(session: Session, policy: accounts.LoginPolicy) -> dict[str, int]:
    """Add whatever of the demo is missing. Returns counts of what was added."""
    added = {"areas": 0, "organisations": 0, "users": 0, "memberships": 0, "interventions": 0}
    for file_name in DEMO_AREA_FILES:
        added["areas"] += upsert_areas(
            session, read_statline_areas(DATA_DIR / "cbs" / file_name), year=2024
        )
    organisations: dict[str, Organisation] = {}
    for name, kind, codes in DEMO_ORGANISATIONS:
        organisation = session.scalar(select(Organisation).where(Organisation.name == name))
        if organisation is None:
            organisation = accounts.create_organisation(session, name, kind, codes)
            added["organisations"] += 1
        organisations[name] = organisation
    for demo in DEMO_USERS:
        user = accounts.find_user(session, demo.email)
        if user is None:
            user = accounts.create_user(
                session, demo.email, demo.name, DEMO_PASSWORD, policy,
                is_platform_admin=demo.platform_admin,
            )
            added["users"] += 1
        for org_name, role in demo.memberships:
            organisation = organisations[org_name]
            if user.membership_in(organisation.id) is None:
                session.add(Membership(user=user, organisation=organisation, role=role))
                added["memberships"] += 1
    session.flush()
    added["interventions"] = load_demo_interventions(session)
    added.update(load_demo_extras(session))
    return added
