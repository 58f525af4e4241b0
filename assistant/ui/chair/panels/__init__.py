"""The panels of the chair's right-hand side, one file each; ``sections`` shows the chosen one."""

from assistant.ui.chair.panels.base import ChairView, Panel
from assistant.ui.chair.panels.decisions import DecisionsPanel
from assistant.ui.chair.panels.individual import IndividualPanel
from assistant.ui.chair.panels.phase import PhasePanel
from assistant.ui.chair.panels.sections import Sections
from assistant.ui.chair.panels.stakeholders import StakeholdersPanel

__all__ = [
    "ChairView",
    "DecisionsPanel",
    "IndividualPanel",
    "Panel",
    "PhasePanel",
    "Sections",
    "StakeholdersPanel",
]
