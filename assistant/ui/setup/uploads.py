"""Browser uploads to the host (a model zip from a USB stick), through Flet's own upload endpoint.

Why: in web mode Flet's ``FilePicker`` cannot hand the server a path; the browser PUTs the chosen
file to a URL the server signed (``page.get_upload_url``). Flet's ``export_asgi_app`` shortcut builds
its app without an upload endpoint or a signing key, so the shell builds the same ASGI app itself
with both: the key is random per process (a URL signed before a restart is worthless), the files
land in a private temporary folder, and every upload is limited to the largest plausible model.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the shell imports this module; its context is a type here only
    from assistant.ui.app import AppContext

UPLOAD_DIR_KEY = "upload_dir"
UPLOAD_ENDPOINT = "upload"


def upload_dir(ctx: AppContext) -> Path:
    """The process's upload folder (made once, private to this user; removed by ``remove_upload_dir``)."""
    folder = ctx.extras.get(UPLOAD_DIR_KEY)
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="cmt-upload-"))
        ctx.extras[UPLOAD_DIR_KEY] = folder
    return Path(folder)


def remove_upload_dir(ctx: AppContext) -> None:
    folder = ctx.extras.pop(UPLOAD_DIR_KEY, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def guarded_flet_app(ft: Any, ctx: AppContext, main: Any) -> Any:
    """Flet's web app (as ``ft.run(main, export_asgi_app=True, no_cdn=True)``) plus signed uploads."""
    import flet_web.fastapi as flet_fastapi

    from speech.models import MAX_DOWNLOAD_BYTES

    return flet_fastapi.app(
        main,
        upload_dir=str(upload_dir(ctx)),
        upload_endpoint_path=UPLOAD_ENDPOINT,
        max_upload_size=MAX_DOWNLOAD_BYTES,
        secret_key=secrets.token_urlsafe(32),
        no_cdn=True,
    )
