"""The command-line tools a platform administrator uses."""

from __future__ import annotations

from sqlalchemy import func, select

from wwidw.accounts.models import Membership, Organisation, User
from wwidw.extensions import db
from wwidw.neighbourhoods.models import Area


def test_org_create_and_user_create(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["org", "create", "Woonzorg Oost", "--kind", "welfare"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=["user", "create", "Lid@Example.nl", "--name", "Lid Een", "--org", "Woonzorg Oost",
              "--role", "manager", "--password", "lang genoeg wachtwoord"]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "lid@example.nl"))
    memberships = [(m.organisation.name, m.role) for m in user.memberships]
    assert memberships == [("Woonzorg Oost", "manager")]


def test_cli_refuses_bad_input_with_a_message(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["org", "create", "X", "--kind", "bank"])
    assert result.exit_code != 0
    result = runner.invoke(
        args=["user", "create", "a@example.nl", "--name", "A", "--password", "kort"]
    )
    assert result.exit_code == 1
    assert "minstens 10 tekens" in result.output or "at least 10 characters" in result.output
    result = runner.invoke(
        args=["user", "create", "a@example.nl", "--name", "A", "--org", "Onbekend",
              "--password", "lang genoeg wachtwoord"]
    )
    assert "No organisation named" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_user_set_password(app, make):
    user = make.user()
    old_token = user.session_token
    result = app.test_cli_runner().invoke(
        args=["user", "set-password", user.email, "--password", "een nieuw wachtwoord"]
    )
    assert result.exit_code == 0, result.output
    db.session.refresh(user)
    assert user.session_token != old_token
    client = app.test_client()
    assert client.post(
        "/login", data={"email": user.email, "password": "een nieuw wachtwoord"}
    ).status_code == 302


def test_demo_load_is_idempotent_and_prints_the_logins(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "anja.devries@maasoever.example.nl" in first.output
    counts = [
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Organisation, User, Membership, Area)
    ]
    second = runner.invoke(args=["demo", "load"])
    assert ("0 areas, 0 organisations, 0 users, 0 memberships, 0 interventions, "
            "0 free fields, 0 program lines, 0 selection models, 0 CBS figures, "
            "0 local figures, 0 monitoring goals added") in second.output
    assert counts == [
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Organisation, User, Membership, Area)
    ]
    # Heusden (11 wijken, 17 buurten), Den Haag (44 wijken, 114 buurten, the same codes in
    # 2019 and 2024) and Amsterdam (99 wijken and 479 buurten with the codes of 2017 and 2019,
    # 110 and 517 with those of 2024) from the shipped CBS extracts, linked up, and the land.
    levels = dict(
        db.session.execute(select(Area.level, func.count()).group_by(Area.level)).all()
    )
    assert levels == {"country": 1, "municipality": 3, "district": 11 + 44 + 99 + 110,
                      "neighbourhood": 17 + 114 + 479 + 517}
    assert "1394 areas" in first.output  # the land row is not counted as an area added
    braken = db.session.scalar(select(Area).where(Area.code == "BU07970101"))
    assert [a.code for a in braken.ancestors()] == ["WK079701", "GM0797"]
    assert braken.name == "Braken-West"
    # At least 40 interventions, two archetypes with their practices, free fields answered
    # (with a "show only if" pair) and program lines with interventions under them.
    from wwidw.freefields.models import FreeField, FreeFieldValue
    from wwidw.interventions.models import Intervention
    from wwidw.programlines.models import intervention_program_line

    kinds = dict(db.session.execute(
        select(Intervention.kind, func.count()).group_by(Intervention.kind)).all())
    assert kinds["practice"] >= 40 and kinds["archetype"] == 2
    archetypes = db.session.scalars(select(Intervention).where(Intervention.kind == "archetype"))
    for archetype in archetypes:
        assert db.session.scalar(select(func.count()).select_from(Intervention).where(
            Intervention.archetype_id == archetype.id)) >= 3
    assert db.session.scalar(select(func.count()).select_from(FreeField).where(
        FreeField.show_if_field_id.is_not(None))) >= 1
    assert db.session.scalar(select(func.count()).select_from(FreeFieldValue)) >= 20
    assert db.session.scalar(select(func.count()).select_from(intervention_program_line)) >= 10
