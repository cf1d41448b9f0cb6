"""Demo data: organisations in Heusden, Den Haag and Amsterdam, their colleagues, and the CBS
areas with their figures.

Loading is idempotent: what exists is left as it is, what is missing is added.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.accounts import services as accounts
from wwidw.accounts.models import Membership, Organisation
from wwidw.demo_extras import load_demo_extras
from wwidw.interventions.demo import load_demo_interventions
from wwidw.monitor.demo import load_demo_monitoring, load_demo_public_summary
from wwidw.neighbourhoods.cbs import read_cbs_file
from wwidw.neighbourhoods.imports import import_cbs_table
from wwidw.neighbourhoods.local_figures import KIND_LOCAL, import_local_figures
from wwidw.neighbourhoods.models import CbsImport

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
    ("Buurtwerk Amsterdam-Oost", "welfare", "GM0363"),
)
# The shipped extracts (see data/cbs/README.md). None of them states its year inside, so the
# year is part of the file name.
CBS_FILE_NAME = re.compile(r"kwb_(\d{4})_\w+\.csv")
# (organisation, file in data/local/, shared): fictional survey results, the organisation's own.
DEMO_LOCAL_FILES = (
    ("Woonstichting De Maasoever", "bewonersenquete_2023_heusden.csv", False),
)

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
    DemoUser("noor.elhadi@buurtwerkoost.example.nl", "Noor El Hadi",
             (("Buurtwerk Amsterdam-Oost", "admin"),)),
    DemoUser("bram.kuipers@buurtwerkoost.example.nl", "Bram Kuipers",
             (("Buurtwerk Amsterdam-Oost", "worker"),)),
)


def demo_cbs_files() -> list[tuple[Path, int]]:
    """The shipped KWB extracts with their year, oldest first.

    Oldest first because Amsterdam recoded its wijken and buurten in 2022: the 2017 and 2019
    codes (BU03630000) then exist before the 2024 ones (BU0363AA01) arrive, each area keeps the
    years it was published, and only GM0363 carries one series across the break.
    """
    files = []
    for path in (DATA_DIR / "cbs").glob("kwb_*.csv"):
        match = CBS_FILE_NAME.fullmatch(path.name)
        if match:
            files.append((path, int(match.group(1))))
    return sorted(files, key=lambda item: (item[1], item[0].name))


def load_demo_figures(session: Session) -> dict[str, int]:
    """Import every shipped extract that is not imported yet; returns areas and figures added."""
    added = {"areas": 0, "figures": 0}
    known = set(session.scalars(select(CbsImport.sha256).where(CbsImport.kind == "cbs")))
    for path, year in demo_cbs_files():
        data = path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        # import_cbs_table would change nothing on a second run either, but skipping the
        # file spares reading it and logging an empty import at every demo load.
        if sha256 in known:
            continue
        report = import_cbs_table(session, read_cbs_file(data, year=year), path.name, sha256)
        added["areas"] += report.areas_added
        added["figures"] += report.values_added + report.values_changed
    return added


def load_demo_local_figures(session: Session, organisations: dict[str, Organisation]) -> int:
    """Import the demo's local figures files not imported yet; returns the figures added."""
    added = 0
    for org_name, file_name, shared in DEMO_LOCAL_FILES:
        organisation = organisations[org_name]
        data = (DATA_DIR / "local" / file_name).read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        # The import itself would change nothing the second time, but it would log the file
        # again at every demo load.
        if session.scalar(select(CbsImport.id).where(
                CbsImport.kind == KIND_LOCAL, CbsImport.organisation_id == organisation.id,
                CbsImport.sha256 == sha256)) is not None:
            continue
        # Logged as the organisation admin's upload, as it would be in real use.
        admin = next((m.user for m in organisation.memberships if m.role == "admin"), None)
        report = import_local_figures(session, organisation.id, data, file_name, shared,
                                      admin.id if admin else None)
        added += report.values_added + report.values_changed
    return added


def load_demo(session: Session, policy: accounts.LoginPolicy) -> dict[str, int]:
    """Add whatever of the demo is missing. Returns counts of what was added."""
    added = {"organisations": 0, "users": 0, "memberships": 0, "interventions": 0}
    # Areas first: the demo interventions refer to them by code.
    added.update(load_demo_figures(session))
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
    added["local figures"] = load_demo_local_figures(session, organisations)
    added["interventions"] = load_demo_interventions(session)
    added.update(load_demo_extras(session))
    added["monitoring goals"] = (load_demo_monitoring(session)
                                 + load_demo_public_summary(session))
    return added
