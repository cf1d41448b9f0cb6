"""Attachments: type checked by content, at most 10 MB, stored outside the web root.

Files live in ``<instance>/attachments/`` under a random name; the original name is only shown
and used as the download name. They are served by a view that checks who may see the
intervention, never as static files.
"""

from __future__ import annotations

import io
import secrets
import unicodedata
import zipfile
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from wwidw.errors import ServiceError
from wwidw.interventions.models import Attachment, Intervention
from wwidw.interventions.services import Viewer

MAX_BYTES = 10 * 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_TYPES = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
_OOXML = {
    "word/": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
_ODF = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}


def detect_type(content: bytes, filename: str) -> str | None:
    """The content type the bytes really are, or None when not an allowed kind of file."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(_OLE):
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        return _OLE_TYPES.get(extension)
    if content.startswith(b"PK\x03\x04"):
        return _zip_office_type(content)
    return None


def _zip_office_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return mimetype if mimetype in _ODF else None
            if "[Content_Types].xml" not in names:
                return None
            for prefix, (_extension, content_type) in _OOXML.items():
                if any(name.startswith(prefix) for name in names):
                    return content_type
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def clean_filename(filename: str) -> str:
    """The name without folders or control characters, for display and download."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name)
                   if unicodedata.category(c)[0] != "C")
    name = name.strip().strip(".") or "bijlage"
    return name[-200:]


def storage_dir(instance_path: str) -> Path:
    return Path(instance_path) / "attachments"


def add_attachment(
    session: Session, viewer: Viewer, intervention: Intervention, upload: FileStorage,
    instance_path: str,
) -> Attachment:
    if not viewer.can_edit(intervention):
        raise ServiceError(_l("Your role does not allow editing this intervention."))
    content = upload.stream.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ServiceError(_l("The file is larger than 10 MB."), "file")
    if not content:
        raise ServiceError(_l("The file is empty."), "file")
    filename = clean_filename(upload.filename or "")
    content_type = detect_type(content, filename)
    if content_type is None:
        raise ServiceError(
            _l("This kind of file is not allowed. Upload a PDF, an Office or OpenDocument "
               "file, or an image (PNG, JPEG, GIF, WebP)."), "file")
    key = secrets.token_hex(16)
    folder = storage_dir(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / key).write_bytes(content)
    attachment = Attachment(
        intervention=intervention, filename=filename, content_type=content_type,
        size=len(content), storage_key=key, uploaded_by_id=viewer.user_id,
    )
    session.add(attachment)
    session.flush()
    return attachment


def remove_files(instance_path: str, storage_keys: list[str]) -> None:
    """Delete stored files once the database no longer refers to them."""
    folder = storage_dir(instance_path)
    for key in storage_keys:
        (folder / key).unlink(missing_ok=True)
