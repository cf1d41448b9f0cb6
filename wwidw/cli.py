"""Command-line tools: ``flask --app wwidw demo|org|user …`` (``db …`` comes from Flask-Migrate)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from wwidw.accounts import services as accounts
from wwidw.accounts.models import ORGANISATION_KINDS, ROLES, Membership, Organisation
from wwidw.errors import ServiceError
from wwidw.extensions import db
from wwidw.http import login_policy

demo_cli = AppGroup("demo", help="Demo data.")
org_cli = AppGroup("org", help="Organisations.")
user_cli = AppGroup("user", help="User accounts.")
search_cli = AppGroup("search", help="The search index.")
cbs_cli = AppGroup("cbs", help="CBS neighbourhood figures.")


def _fail(error: ServiceError) -> None:
    db.session.rollback()
    raise click.ClickException(str(error.message))


@demo_cli.command("load")
def demo_load() -> None:
    """Add the demo organisations, colleagues, areas and CBS figures (safe to run again)."""
    from wwidw.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
    from wwidw.interventions.indexing import drain
    from wwidw.search import get_engine

    added = load_demo(db.session, login_policy())
    db.session.commit()
    drain(db.session, get_engine())
    click.echo(
        "Demo data: {areas} areas, {organisations} organisations, {users} users, "
        "{memberships} memberships, {interventions} interventions, {free fields} free fields, "
        "{program lines} program lines, {selection models} selection models, {figures} CBS "
        "figures, {local figures} local figures, {monitoring goals} monitoring goals "
        "added.".format(**added)
    )
    click.echo(f"\nDemo log-ins (password for all: {DEMO_PASSWORD}):")
    for demo in DEMO_USERS:
        roles = ", ".join(f"{role} at {org}" for org, role in demo.memberships)
        click.echo(f"  {demo.email:<45} {'platform admin' if demo.platform_admin else roles}")


@org_cli.command("create")
@click.argument("name")
@click.option("--kind", type=click.Choice(ORGANISATION_KINDS), required=True)
@click.option("--municipalities", default="", help="CBS codes, e.g. 'GM0797 GM0363'.")
def org_create(name: str, kind: str, municipalities: str) -> None:
    """Create an organisation."""
    try:
        organisation = accounts.create_organisation(db.session, name, kind, municipalities)
    except ServiceError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Created organisation {organisation.name} ({organisation.kind}).")


@user_cli.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--org", "org_name", help="Organisation name; the user becomes a member.")
@click.option("--role", type=click.Choice(ROLES), default="worker", show_default=True)
@click.option("--platform-admin", is_flag=True, help="May add organisations and import data.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def user_create(
    email: str, name: str, org_name: str | None, role: str, platform_admin: bool, password: str
) -> None:
    """Create a user account, optionally as a member of an organisation."""
    organisation = None
    if org_name:
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == org_name))
        if organisation is None:
            raise click.ClickException(f"No organisation named {org_name!r}.")
    try:
        user = accounts.create_user(
            db.session, email, name, password, login_policy(), is_platform_admin=platform_admin
        )
    except ServiceError as error:
        _fail(error)
    if organisation is not None:
        db.session.add(Membership(user=user, organisation=organisation, role=role))
    db.session.commit()
    where = f" as {role} at {organisation.name}" if organisation else ""
    click.echo(f"Created user {user.email}{where}.")


@user_cli.command("set-password")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def user_set_password(email: str, password: str) -> None:
    """Set a user's password (ends the user's sessions)."""
    user = accounts.find_user(db.session, email)
    if user is None:
        raise click.ClickException(f"No user with e-mail address {email!r}.")
    try:
        accounts.set_password(user, password, login_policy())
    except ServiceError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Password set for {user.email}.")


@search_cli.command("sync")
def search_sync() -> None:
    """Apply queued changes to the search index."""
    from wwidw.interventions.indexing import drain
    from wwidw.search import get_engine

    applied = drain(db.session, get_engine())
    click.echo(f"{applied} changes applied to the search index.")


@search_cli.command("rebuild")
@click.option("--procs", default=1, show_default=True, help="Processes for the bulk build.")
def search_rebuild(procs: int) -> None:
    """Recreate the search index from the database."""
    from wwidw.interventions.indexing import rebuild
    from wwidw.search import get_engine

    count = rebuild(db.session, get_engine(), procs=procs)
    click.echo(f"Search index rebuilt: {count} interventions.")


@cbs_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--year", type=int, help="The year, when the file does not say it.")
def cbs_import(path: str, year: int | None) -> None:
    """Import a CBS Kerncijfers wijken en buurten file (all or nothing)."""
    import hashlib
    from pathlib import Path

    from wwidw.neighbourhoods.cbs import CbsFileError, read_cbs_file
    from wwidw.neighbourhoods.imports import import_cbs_table

    data = Path(path).read_bytes()
    try:
        table = read_cbs_file(data, year=year)
    except CbsFileError as error:
        raise click.ClickException(f"Nothing imported: {error}") from None
    total = sum(len(values) for values in table.values.values())
    try:
        with click.progressbar(length=total, label="Importing figures") as bar:
            report = import_cbs_table(db.session, table, Path(path).name,
                                      hashlib.sha256(data).hexdigest(), progress=bar.update)
    except ServiceError as error:
        _fail(error)
    db.session.commit()
    click.echo(
        f"{report.year} ({report.dialect}): {report.areas} areas ({report.areas_added} new), "
        f"{report.values_added} values added, {report.values_changed} changed, "
        f"{report.values_unchanged} unchanged, {report.missing} missing (kept as missing).")
    if report.unmapped_columns:
        click.echo("Columns not mapped to an indicator (not imported): "
                   + "; ".join(report.unmapped_columns))


def init_app(app: Flask) -> None:
    for group in (demo_cli, org_cli, user_cli, search_cli, cbs_cli):
        app.cli.add_command(group)
