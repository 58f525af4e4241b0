"""The logger screen's panes: each owns its controls and redraws only the items that changed.

* ``listen_bar``: listening button, level, model status, the no-microphone banner, the partial text;
* ``transcript``: what was heard, with "make decision/order/action/info" and replay per line;
* ``drafts``: the draft queue (cards, the inline edit form);
* ``log``: the confirmed log with its views, filters and search.

Item controls are reused while the item's *view* (a frozen dataclass of everything the item draws)
is equal: building Flet controls is the costly part of a redraw, and an identical object costs
nothing to diff. A pane keeps only the items currently shown.
"""
