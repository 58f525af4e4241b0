"""Shim: the chair's strings now live in ``assistant/i18n/*.toml`` (section ``[chair]``)."""

from __future__ import annotations

from assistant.i18n import catalogue, keys

STRINGS: dict[str, tuple[str, str]] = {
    key: (catalogue("nl")[key], catalogue("en")[key]) for key in keys("chair.")
}


def register_strings() -> None:
    """Legacy no-op: the catalogue is always loaded."""
