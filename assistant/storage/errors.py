"""Storage errors beyond the domain's base hierarchy, with their Dutch and English messages.

They subclass the domain errors the app already handles (``InvalidInput``, ``CorruptData``), so code
that catches the broad type keeps working; the stable ``code`` lets the UI show a precise banner.
"""

from __future__ import annotations

from assistant.domain.errors import CorruptData, InvalidInput


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


