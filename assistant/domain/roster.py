"""The team: roles with labels and the people filling them. Configuration, not code."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from assistant.domain.errors import InvalidInput, NotFound
from assistant.domain.records import record_to_dict


@dataclass(frozen=True)
class Role:
    """A seat in the crisis team. ``id`` is stable (used in entries); label and person are editable."""

    id: str
    label: str  # Dutch label shown in the UI ("Crisiscoördinator")
    label_en: str = ""
    person: str = ""  # who fills it now ("Ahmed Yilmaz"); empty when vacant
    delegate_to: str | None = None  # role id that takes over while this seat is empty (card task 4)
    present: bool = True
    synonyms: tuple[str, ...] = ()  # extra spoken names ("p en o", "personeelszaken")

    @property
    def first_name(self) -> str:
        return self.person.split()[0] if self.person.strip() else ""

    def to_dict(self) -> dict[str, Any]:
        return record_to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Role:
        role_id = data.get("id") or data.get("role")
        if not role_id:
            raise InvalidInput("a roster role needs an id", field="role")
        return cls(
            id=str(role_id),
            label=str(data.get("label") or role_id),
            label_en=str(data.get("label_en") or ""),
            person=str(data.get("person") or data.get("name") or ""),
            delegate_to=data.get("delegate_to"),
            present=bool(data.get("present", True)),
            synonyms=tuple(data.get("synonyms") or ()),
        )


DEFAULT_ROLES: tuple[Role, ...] = (
    Role("voorzitter", "Voorzitter", "Chair"),
    Role("crisiscoordinator", "Crisiscoördinator", "Crisis coordinator"),
    Role("logger", "Logger", "Log keeper"),
    Role("berichtenmanager", "Berichtenmanager", "Message manager"),
    Role("communicatie", "Communicatie", "Communications"),
    Role("hr", "HR", "HR"),
    Role("facilitair", "Facilitair", "Facilities"),
    Role("ict", "ICT", "ICT"),
    Role("juridisch", "Juridisch", "Legal"),
    Role("security", "Beveiliging", "Security"),
)


@dataclass(frozen=True)
class Roster:
    roles: tuple[Role, ...] = field(default_factory=lambda: DEFAULT_ROLES)

    @classmethod
    def default(cls) -> Roster:
        return cls(DEFAULT_ROLES)

    def get(self, role_id: str) -> Role:
        for role in self.roles:
            if role.id == role_id:
                return role
        raise NotFound(f"no role {role_id!r} in the roster", role=role_id)

    def find(self, role_id: str | None) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def ids(self) -> list[str]:
        return [r.id for r in self.roles]

    def with_role(self, role: Role) -> Roster:
        """Add or replace a role (by id)."""
        if not role.id.strip():
            raise InvalidInput("a role needs an id", field="id")
        roles = [r for r in self.roles if r.id != role.id]
        existing = self.find(role.id)
        index = self.roles.index(existing) if existing else len(roles)
        roles.insert(index, role)
        return Roster(tuple(roles))

    def update(self, role_id: str, **changes: Any) -> Roster:
        return self.with_role(replace(self.get(role_id), **changes))

    def to_list(self) -> list[dict[str, Any]]:
        return [r.to_dict() for r in self.roles]

    @classmethod
    def from_list(cls, items: list[dict[str, Any]]) -> Roster:
        roles = tuple(Role.from_dict(item) for item in items)
        ids = [r.id for r in roles]
        if len(set(ids)) != len(ids):
            raise InvalidInput("duplicate role ids in the roster", field="roster")
        return cls(roles)
