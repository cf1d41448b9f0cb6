"""Attachments: type checked by content, at most 10 MB, served only to who may see them."""

from __future__ import annotations

import io
import zipfile

import pytest

from wwidw.extensions import db
from wwidw.interventions.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def setup(make):
    own, peer = make.org("Eigen Wonen"), make.org("Andere Welzijn")
    worker = make.user(own, "worker")
    shared = make.intervention(own, visibility="community", title="Gedeeld")
    private = make.intervention(own, visibility="organisation", title="Intern")
    return own, peer, worker, shared, private


def _upload(client, intervention_id, content: bytes, name: str):
    return client.post(
        f"/interventions/{intervention_id}/attachments",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_upload_and_download_a_pdf_and_a_docx(client, auth, setup):
    _own, _peer, worker, shared, _private = setup
    auth.login(worker.email)
    page = _upload(client, shared.id, PDF, "../../etc/Verslag 2024.pdf").get_data(as_text=True)
    assert "Verslag 2024.pdf is toegevoegd." in page
    _upload(client, shared.id, _docx(), "plan.docx")
    attachment = db.session.scalar(db.select(Attachment).where(Attachment.filename ==
                                                                "Verslag 2024.pdf"))
    with client.get(f"/interventions/{shared.id}/attachments/{attachment.id}") as response:
        assert response.status_code == 200
        assert response.data == PDF
        assert response.mimetype == "application/pdf"
        assert "attachment" in response.headers["Content-Disposition"]
    docx = db.session.scalar(db.select(Attachment).where(Attachment.filename == "plan.docx"))
    assert docx.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize("content, name", [
    (b"<html><script>alert(1)</script></html>", "verslag.pdf"),   # a name is not a type
    (b"MZ\x90\x00 executable", "tool.docx"),
    (b"PK\x03\x04 not really a zip", "lijst.xlsx"),
])
def test_files_that_are_not_what_they_claim_are_refused(client, auth, setup, content, name):
    _own, _peer, worker, shared, _private = setup
    auth.login(worker.email)
    page = _upload(client, shared.id, content, name).get_data(as_text=True)
    assert "Dit soort bestand is niet toegestaan." in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Attachment)) == 0


def test_files_over_10_mb_are_refused(client, auth, setup):
    _own, _peer, worker, shared, _private = setup
    auth.login(worker.email)
    big = PDF + b"0" * (10 * 1024 * 1024)
    page = _upload(client, shared.id, big, "groot.pdf").get_data(as_text=True)
    assert "groter dan 10 MB" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Attachment)) == 0


def test_attachments_are_served_only_to_who_may_see_the_intervention(app, client, auth, make,
                                                                    setup):
    _own, peer, worker, shared, private = setup
    auth.login(worker.email)
    _upload(client, shared.id, PDF, "gedeeld.pdf")
    _upload(client, private.id, PDF, "intern.pdf")
    shared_file = db.session.scalar(db.select(Attachment).where(Attachment.filename ==
                                                                 "gedeeld.pdf"))
    private_file = db.session.scalar(db.select(Attachment).where(Attachment.filename ==
                                                                  "intern.pdf"))
    outsider = app.test_client()
    outsider.post("/login", data={"email": make.user(peer, "admin").email,
                                  "password": "correct horse battery"})
    with outsider.get(f"/interventions/{shared.id}/attachments/{shared_file.id}") as r:
        assert r.status_code == 200
    assert outsider.get(
        f"/interventions/{private.id}/attachments/{private_file.id}").status_code == 404
    # The private file through the shared intervention's URL: still not found.
    assert outsider.get(
        f"/interventions/{shared.id}/attachments/{private_file.id}").status_code == 404
    # A peer may not remove files of another organisation.
    assert outsider.post(
        f"/interventions/{shared.id}/attachments/{shared_file.id}/delete").status_code == 403
    anonymous = app.test_client()
    assert anonymous.get(
        f"/interventions/{shared.id}/attachments/{shared_file.id}").status_code == 302
