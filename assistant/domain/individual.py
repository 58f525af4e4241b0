"""The chair's individual log and the stakeholder list (card tasks 9, 10 and 11)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.domain.entries import Priority
from assistant.domain.errors import InvalidInput, InvalidTransition
from assistant.domain.records import Record

INDIVIDUAL_KINDS = ("task", "contact", "decision")


@dataclass(frozen=True)
class IndividualItem(Record):
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


@dataclass(frozen=True)
class Stakeholder(Record):
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


DEFAULT_STAKEHOLDERS: tuple[tuple[str, str], ...] = (
    ("College van bestuur / directie", "bestuur"),
    ("Gemeente (burgemeester)", "ketenpartner"),
    ("Veiligheidsregio", "ketenpartner"),
    ("Medezeggenschap / ondernemingsraad", "intern"),
    ("Toezichthouder", "toezichthouder"),
)
