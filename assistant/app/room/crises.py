"""Crises and installation settings: which crisis the room works on, and how it is set up."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from assistant.app.room.core import DEFAULT_TIMEZONE, RoomCore, new_id, stamp
from assistant.app.room.events import CrisisDetail, RoomChange, Topic
from assistant.domain.errors import InvalidInput
from assistant.domain.individual import DEFAULT_STAKEHOLDERS, Stakeholder
from assistant.domain.meeting import Crisis
from assistant.domain.roster import Roster
from assistant.storage.repository import DamagedPart

SETTING_ACTIVE_CRISIS = "active_crisis"


class Crises:
    """Create, change and select crises; read and change installation settings."""

    def __init__(self, core: RoomCore) -> None:
        self._core = core

    def all(self) -> list[Crisis]:
        return self._core.repo.list_crises()

    def get(self, crisis_id: str) -> Crisis:
        return self._core.repo.get_crisis(crisis_id)

    def create(
        self,
        name: str,
        organisation: str = "",
        *,
        timezone_name: str = DEFAULT_TIMEZONE,
        roster: Roster | None = None,
        cycle_minutes: int = 120,
        crisis_id: str | None = None,
        stakeholders: tuple[tuple[str, str], ...] = DEFAULT_STAKEHOLDERS,
    ) -> Crisis:
        """A new crisis, made active; the card's standard stakeholders are added unless told otherwise.

        ``crisis_id`` exists for scenario data and tests that need stable ids; the app lets it be made.
        """
        try:
            zone = ZoneInfo(timezone_name)
        except (KeyError, ValueError) as exc:
            raise InvalidInput(f"unknown time zone {timezone_name!r}", field="timezone") from exc
        core = self._core
        with core.lock:
            crisis = Crisis(
                crisis_id or new_id(),
                name.strip(),
                organisation.strip(),
                stamp(core.now().astimezone(zone)),
                timezone_name,
                roster or Roster.default(),
                cycle_minutes,
            )
            crisis.validate()
            core.repo.save_crisis(crisis)
            for stakeholder_name, group in stakeholders:
                core.repo.save_stakeholder(
                    Stakeholder(new_id(), crisis.crisis_id, stakeholder_name, group, "voorzitter")
                )
            self._set_setting(SETTING_ACTIVE_CRISIS, crisis.crisis_id)
        core.notify(RoomChange(crisis.crisis_id, Topic.CRISIS, CrisisDetail.CREATED))
        return crisis

    def update(self, crisis_id: str, **changes: Any) -> Crisis:
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id).with_changes(**changes)
            crisis.validate()
            core.repo.save_crisis(crisis)
        core.notify(RoomChange(crisis_id, Topic.CRISIS, CrisisDetail.UPDATED))
        return crisis

    def update_roster(self, crisis_id: str, roster: Roster) -> Crisis:
        return self.update(crisis_id, roster=roster)

    def active_id(self) -> str | None:
        active = self._core.repo.get_settings().get(SETTING_ACTIVE_CRISIS)
        known = {c.crisis_id for c in self._core.repo.list_crises()}
        return active if active in known else None

    def select(self, crisis_id: str) -> None:
        core = self._core
        core.repo.get_crisis(crisis_id)
        with core.lock:
            self._set_setting(SETTING_ACTIVE_CRISIS, crisis_id)
        core.notify(RoomChange(crisis_id, Topic.CRISIS, CrisisDetail.SELECTED))

    def damaged_parts(self) -> list[DamagedPart]:
        """Parts out of service because a file is damaged (the quarantine banner): each blocks only
        itself; a quarantined crisis is left out of ``all()`` and cannot be opened, the others can."""
        return self._core.repo.damaged_parts()

    # --- installation settings --------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        return dict(self._core.repo.get_settings())

    def update_settings(self, **changes: Any) -> dict[str, Any]:
        core = self._core
        with core.lock:
            settings = dict(core.repo.get_settings())
            settings.update(changes)
            core.repo.save_settings(settings)
        core.notify(RoomChange(None, Topic.SETTINGS))
        return settings

    def _set_setting(self, key: str, value: Any) -> None:
        settings = dict(self._core.repo.get_settings())
        settings[key] = value
        self._core.repo.save_settings(settings)
