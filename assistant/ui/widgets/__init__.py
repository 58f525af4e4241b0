"""Shared widgets: touch-sized, labelled controls every screen can use."""

from assistant.ui.widgets.buttons import action_button, icon_action, labelled_text

__all__ = ["action_button", "icon_action", "labelled_text"]
