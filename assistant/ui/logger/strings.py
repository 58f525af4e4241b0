"""Shim: the logger's, wall screen's and join page's strings now live in ``assistant/i18n/*.toml``.

``STRINGS`` is kept (read-only, built from the catalogue) for code that still imports it.
"""

from __future__ import annotations

from assistant.i18n import catalogue, keys

STRINGS: dict[str, tuple[str, str]] = {
    key: (catalogue("nl")[key], catalogue("en")[key])
    for prefix in ("logger.", "wand.", "join.", "devices.")
    for key in keys(prefix)
}
