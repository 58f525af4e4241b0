"""Suite-wide ordering.

Playwright's sync API keeps an asyncio loop running in the main thread while the session's browser
lives; tests that call ``asyncio.run`` afterwards would fail. End-to-end tests therefore run last.
"""

from __future__ import annotations

import pytest

from assistant.i18n import set_strict

# An unknown string key or an unfilled placeholder fails a test instead of showing the key on screen.
set_strict(True)


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    def is_e2e(item: pytest.Item) -> bool:
        return item.get_closest_marker("e2e") is not None or "/e2e/" in str(item.fspath)

    items.sort(key=is_e2e)  # stable: keeps the order within each group
