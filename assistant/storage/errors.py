"""Storage errors beyond the domain's base hierarchy, with their Dutch and English messages.

They subclass the domain errors the app already handles (``InvalidInput``, ``CorruptData``), so code
that catches the broad type keeps working; the stable ``code`` lets the UI show a precise banner.
"""

from __future__ import annotations

from assistant.domain.errors import CorruptData, InvalidInput
from assistant.messages import register


class VersionConflict(InvalidInput):
    """An edit was based on a version of the entry that is no longer the newest one.

    params: ``number`` (B-4), ``based_on`` (the version the edit started from), ``current``.
    The caller shows the newest version and lets the user redo the edit: nothing is overwritten.
    """

    code = "version_conflict"


class PartQuarantined(CorruptData):
    """A damaged file took its own part (one crisis, its transcript, its drafts) out of service.

    params: ``crisis_id`` (None for installation files), ``part`` ("crisis" | "log" | "drafts" |
    "transcript" | "settings" | "folder" | a chain name), ``file`` (the damaged file, kept as it is).
    """

    code = "part_quarantined"


register(
    "version_conflict",
    "{number} is intussen gewijzigd (u bewerkte versie {based_on}, nu is het versie {current}). "
    "Niets is overschreven: bekijk de nieuwste versie en voer uw wijziging opnieuw in.",
    "{number} was changed meanwhile (you edited version {based_on}, it is now version {current}). "
    "Nothing was overwritten: look at the newest version and enter your change again.",
)
register(
    "part_quarantined",
    "Een bestand is beschadigd en is apart gezet; alleen dit deel is niet beschikbaar: {detail}. "
    "De rest werkt gewoon door. Het bestand is bewaard zoals het was. Herstel met 'assistant restore "
    "--check' en daarna 'assistant restore' van de laatste back-up, of laat 'assistant verify' zien wat er mis is.",
    "A file is damaged and was set aside; only this part is unavailable: {detail}. Everything else "
    "keeps working. The file was kept as it was. Recover with 'assistant restore --check' and then "
    "'assistant restore' of the latest backup, or run 'assistant verify' to see what is wrong.",
)
register(
    "line_too_long",
    "De regel is te lang ({length} tekens, hoogstens {limit}). Er is niets opgeslagen: splits de tekst "
    "in kortere regels.",
    "The line is too long ({length} characters, at most {limit}). Nothing was saved: split the text into "
    "shorter lines.",
)  # the code of assistant.domain.clean_text.LineTooLong (the domain cannot register messages itself)
