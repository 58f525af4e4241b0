"""The errors Flet 1.0 really raises when a tab goes away under us, named once.

Why a module: "the tab may be closing" used to be ``except Exception``, which also hid our own bugs.
These are the exceptions read from Flet's source (``flet/controls/base_control.py``,
``controls/page.py``, ``messaging/session.py``); anything else is a bug and must reach the log.
"""

from __future__ import annotations

#: ``control.update()`` / ``page.show_dialog()`` on a control that is not (or no longer) on a page
#: ("Control must be added to the page first"), or on a page whose session was destroyed ("An attempt
#: to fetch destroyed session."): both ``RuntimeError``. Flet 1.0 raises no ``AssertionError`` there.
CONTROL_GONE: tuple[type[Exception], ...] = (RuntimeError,)

#: A call answered by the browser (``SharedPreferences.get/set``, ``Audio.play/release``): the client
#: reports an error or the session closed while waiting (``RuntimeError``), or it never answered
#: within our ``asyncio.wait_for`` timeout (``TimeoutError``).
CLIENT_CALL_FAILED: tuple[type[Exception], ...] = (RuntimeError, TimeoutError)

#: ``page.run_task`` after the tab closed: the session's connection is ``None`` (``AttributeError``)
#: or the session or its loop is gone (``RuntimeError``).
TAB_GONE: tuple[type[Exception], ...] = (AttributeError, RuntimeError)
