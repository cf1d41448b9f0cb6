"""The app factory: settings from the environment, a secret key generated once per instance."""

import stat

from wwidw import create_app


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("WWIDW_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("WWIDW_SECRET_KEY", raising=False)
    first = create_app("development").config["SECRET_KEY"]
    second = create_app("development").config["SECRET_KEY"]
    key_file = tmp_path / "instance" / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("WWIDW_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.setenv("WWIDW_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("WWIDW_DATABASE_URL", "postgresql://u:p@127.0.0.1/wwidw")
    monkeypatch.setenv("WWIDW_SEARCH_INDEX_DIR", str(tmp_path / "idx"))
    app = create_app("production")
    assert app.instance_path == str(tmp_path / "inst")
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@127.0.0.1/wwidw"
    assert app.config["SEARCH_INDEX_DIR"] == str(tmp_path / "idx")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_embedded_default_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("WWIDW_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("WWIDW_DATABASE_URL", raising=False)
    monkeypatch.delenv("WWIDW_SEARCH_INDEX_DIR", raising=False)
    app = create_app("development")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/wwidw.sqlite3"
    assert app.config["SEARCH_INDEX_DIR"] == f"{tmp_path}/index"
    assert app.config["SESSION_COOKIE_SECURE"] is False
