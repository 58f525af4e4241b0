"""The chair's own notes: the individual log (contacts, decisions outside the meeting, tasks) and
the stakeholders to inform. Not part of the team log: the chair keeps them for the handover."""

from __future__ import annotations

from assistant.app.room.core import RoomCore, new_id, stamp
from assistant.app.room.events import ChairNotesDetail, RoomChange, Topic
from assistant.domain.entries import Priority
from assistant.domain.errors import InvalidInput, NotFound
from assistant.domain.individual import IndividualItem, Stakeholder


class ChairNotes:
    """Individual log items and stakeholders of every crisis."""

    def __init__(self, core: RoomCore) -> None:
        self._core = core

    def individual(self, crisis_id: str) -> list[IndividualItem]:
        return sorted(self._core.repo.list_individual(crisis_id), key=lambda i: i.created_at)

    def add_individual(
        self, crisis_id: str, kind: str, text: str, priority: Priority | str = Priority.MEDIUM
    ) -> IndividualItem:
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            item = IndividualItem(
                new_id(), crisis_id, kind, text.strip(), stamp(core.now(crisis)), Priority(priority)
            )
            item.validate()
            core.repo.save_individual(item)
        core.notify(RoomChange(crisis_id, Topic.INDIVIDUAL, ChairNotesDetail.ADDED))
        return item

    def check_individual(self, crisis_id: str, item_id: str, checked: bool = True) -> IndividualItem:
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            item = next((i for i in core.repo.list_individual(crisis_id) if i.item_id == item_id), None)
            if item is None:
                raise NotFound(f"individual item {item_id}")
            item = item.check(stamp(core.now(crisis))) if checked else item.uncheck()
            core.repo.save_individual(item)
        core.notify(RoomChange(crisis_id, Topic.INDIVIDUAL, ChairNotesDetail.CHECKED))
        return item

    def stakeholders(self, crisis_id: str) -> list[Stakeholder]:
        return self._core.repo.list_stakeholders(crisis_id)

    def add_stakeholder(
        self, crisis_id: str, name: str, group: str = "", informed_by_role: str | None = None
    ) -> Stakeholder:
        if not name.strip():
            raise InvalidInput("a stakeholder needs a name", field="name")
        core = self._core
        with core.lock:
            core.repo.get_crisis(crisis_id)
            stakeholder = Stakeholder(new_id(), crisis_id, name.strip(), group, informed_by_role)
            core.repo.save_stakeholder(stakeholder)
        core.notify(RoomChange(crisis_id, Topic.STAKEHOLDERS, ChairNotesDetail.ADDED))
        return stakeholder

    def mark_informed(self, crisis_id: str, stakeholder_id: str, by: str = "voorzitter") -> Stakeholder:
        """One tap: "geïnformeerd" now, by whom; also a contact line in the chair's individual log."""
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            stakeholder = next(
                (s for s in core.repo.list_stakeholders(crisis_id) if s.stakeholder_id == stakeholder_id),
                None,
            )
            if stakeholder is None:
                raise NotFound(f"stakeholder {stakeholder_id}")
            now = core.now(crisis)
            stakeholder = stakeholder.informed(stamp(now), by)
            core.repo.save_stakeholder(stakeholder)
            contact = IndividualItem(
                new_id(),
                crisis_id,
                "contact",
                f"{stakeholder.name} geïnformeerd {now:%H:%M}",
                stamp(now),
                checked_at=stamp(now),
            )
            core.repo.save_individual(contact)
        core.notify(
            RoomChange(crisis_id, Topic.STAKEHOLDERS, ChairNotesDetail.INFORMED),
            RoomChange(crisis_id, Topic.INDIVIDUAL, ChairNotesDetail.CONTACT),
        )
        return stakeholder
