"""One linked team's status as the chips show it: connected now, or since when not and how much waits.

Pure (no network): ``TeamsService.link_status()`` builds it from the last contact and the leaf
connection state (the mirror's reported lag reads 0 while it is behind during a cut, so it is not used).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from assistant.i18n import t


@dataclass(frozen=True)
class LinkStatus:
    """Per linked team: connected now, or since when not and how many of our versions wait."""

    team: str
    connected: bool
    last_contact: datetime | None
    pending: int  # our versions published since last contact (not yet seen by them)
    problem: str | None = None  # e.g. a refused mirrored record (chain broken)

    def text(self, lang: str = "nl", zone: tzinfo | None = None) -> str:
        """The chip's text, Dutch first: "verbonden" or
        "geen verbinding sinds 14:32, 3 regels nog te versturen" (the time in ``zone``, the crisis's)."""
        if self.problem:
            return t("teams.chain_broken", lang, problem=self.problem)
        if self.connected:
            return t("teams.connected", lang)
        if self.last_contact is None:
            head = t("teams.never_linked", lang)
        else:
            head = t("teams.no_link_since", lang, since=self.last_contact.astimezone(zone).strftime("%H:%M"))
        return head + (t("teams.pending", lang, n=self.pending) if self.pending else "")
