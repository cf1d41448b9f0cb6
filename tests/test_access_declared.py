"""Every URL rule declares who may use it (the access layer, wwidw/access.py)."""

from wwidw import create_app
from wwidw.access import AccessRule


def test_every_route_declares_its_access_rule(tmp_path, monkeypatch):
    monkeypatch.setenv("WWIDW_INSTANCE_PATH", str(tmp_path))
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    undeclared = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if not isinstance(getattr(view, "access_rule", None), AccessRule):
            undeclared.append(f"{rule.rule} ({rule.endpoint})")
    assert undeclared == [], "routes without an access rule: " + ", ".join(undeclared)
    # The walk saw the real application, not an empty map.
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {"accounts.login", "accounts.members", "main.home", "static"} <= endpoints


def test_a_view_without_declaration_is_detected(tmp_path, monkeypatch):
    monkeypatch.setenv("WWIDW_INSTANCE_PATH", str(tmp_path))
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app.add_url_rule("/forgotten", "forgotten", lambda: "oops")
    undeclared = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if not hasattr(app.view_functions[rule.endpoint], "access_rule")
    ]
    assert undeclared == ["forgotten"]
