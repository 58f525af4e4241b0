"""The first hour in a crisis room: speech set-up (``/spraak``), the speech banner, the level meter
and the readiness panel ("Klaar voor het overleg").

Registered here (found by the shell's discovery of ``assistant.ui`` packages):

* the view ``/spraak`` (host only: the page checks ``SPEECH_SETTINGS`` on the server);
* the service ``"speech_setup"``: one ``ModelSetup`` over the process's listening service. It needs
  ``"listening"`` (registered by ``assistant.ui.logger``); services start in registration order and
  this package may be imported first (``/apparaten`` shows the readiness panel), so the factory
  starts the listening service itself when it is not running yet (``start_services`` then skips it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.ui.setup.page import build
from assistant.ui.setup.speech_banner import SETUP_ROUTE
from assistant.ui.setup.uploads import upload_dir
from assistant.ui.views import register_service, register_view, services

if TYPE_CHECKING:  # the shell imports this module; its context is a type here only
    from assistant.ui.app import AppContext


def start_speech_setup(ctx: AppContext) -> Any:
    """Service factory: the installer for the listening service (None without speech)."""
    from assistant.app.listening.installer import ModelSetup

    listening = ctx.extras.get("listening")
    if listening is None:
        import assistant.ui.logger  # noqa: F401 - registers the "listening" service

        spec = next((s for s in services() if s.name == "listening"), None)
        if spec is None:
            return None
        listening = ctx.extras["listening"] = spec.factory(ctx)
    setup = ModelSetup(listening)
    setup.upload_dir = upload_dir(ctx)
    return setup


def stop_speech_setup(setup: Any) -> None:
    """At exit: stop an install (its staging folder goes) and remove the upload folder."""
    import shutil

    setup.cancel()
    if setup.upload_dir is not None:
        shutil.rmtree(setup.upload_dir, ignore_errors=True)


register_service("speech_setup", start_speech_setup, close=stop_speech_setup)
register_view(SETUP_ROUTE, build, title=("Spraak instellen", "Speech set-up"))

__all__ = ["SETUP_ROUTE"]
