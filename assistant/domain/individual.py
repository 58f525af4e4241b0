"""The chair's individual log and the stakeholder list (card tasks 9, 10 and 11)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from assistant.domain.entries import Priority
from assistant.domain.errors import InvalidInput, InvalidTransition

INDIVIDUAL_KINDS = ("task", "contact", "decision")


@dataclass(frozen=True)
class IndividualItem:
    """One line of the chair's own log: "Besluit/opdracht/actie voor mij | Prioriteit | Check".

    Decisions taken outside a meeting must be brought back into the team log: ``brought_to_log``
    holds the team-log number once that happened.
    """

    item_id: str
    crisis_id: str
    kind: str
    text: str
    created_at: str
    priority: Priority = Priority.MEDIUM
    checked_at: str | None = None
    brought_to_log: str | None = None

    def validate(self) -> None:
        if self.kind not in INDIVIDUAL_KINDS:
            raise InvalidInput(f"unknown kind {self.kind!r}", field="kind")
        if not self.text.strip():
            raise InvalidInput("text is empty", field="text")

    def check(self, at: str) -> IndividualItem:
        if self.checked_at:
            raise InvalidTransition("already checked")
        return replace(self, checked_at=at)

    def uncheck(self) -> IndividualItem:
        return replace(self, checked_at=None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "crisis_id": self.crisis_id,
            "kind": self.kind,
            "text": self.text,
            "created_at": self.created_at,
            "priority": self.priority.value,
            "checked_at": self.checked_at,
            "brought_to_log": self.brought_to_log,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IndividualItem:
        return cls(
            data["item_id"],
            data["crisis_id"],
            data["kind"],
            data["text"],
            data["created_at"],
            Priority(data.get("priority") or "middel"),
            data.get("checked_at"),
            data.get("brought_to_log"),
        )


@dataclass(frozen=True)
class Stakeholder:
    """Who must be informed (board, mayor, chain partners), and when they last were, by whom."""

    stakeholder_id: str
    crisis_id: str
    name: str
    group: str = ""  # "bestuur", "ketenpartner", "toezichthouder", "intern" ...
    informed_by_role: str | None = None  # who normally informs them
    last_informed_at: str | None = None
    last_informed_by: str | None = None
    note: str = ""

    def informed(self, at: str, by: str) -> Stakeholder:
        return replace(self, last_informed_at=at, last_informed_by=by)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stakeholder_id": self.stakeholder_id,
            "crisis_id": self.crisis_id,
            "name": self.name,
            "group": self.group,
            "informed_by_role": self.informed_by_role,
            "last_informed_at": self.last_informed_at,
            "last_informed_by": self.last_informed_by,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Stakeholder:
        return cls(
            data["stakeholder_id"],
            data["crisis_id"],
            data["name"],
            data.get("group", ""),
            data.get("informed_by_role"),
            data.get("last_informed_at"),
            data.get("last_informed_by"),
            data.get("note", ""),
        )


DEFAULT_STAKEHOLDERS: tuple[tuple[str, str], ...] = (
    ("College van bestuur / directie", "bestuur"),
    ("Gemeente (burgemeester)", "ketenpartner"),
    ("Veiligheidsregio", "ketenpartner"),
    ("Medezeggenschap / ondernemingsraad", "intern"),
    ("Toezichthouder", "toezichthouder"),
)
