"""A narrow work-around for Flet 1.0.x: the text of a protocol message, formatted for nothing.

``flet_web``'s ``FletApp.send_message`` starts with ``transport_log.debug(f"send_message: {message}")``.
The f-string is built before the logger decides to drop it, so with debug logging off every message
sent to every device is still turned into text: the dataclass ``repr`` of the whole patch, including
every control it adds. Measured here (``bench`` notes in the README, issue 15): 125 µs for a patch
that adds one wall row, 6 ms for a screen of 30 rows; as much as encoding the message itself, paid
per device. Raising the logger's level does not help (the f-string is evaluated first).

The work-around gives ``Message`` a short ``repr`` (its action only) while the ``flet_transport``
logger is not enabled for debug when the UI starts. Nothing else changes: the encoding sends the
action and the body, never the text. With ``flet_transport`` debug logging on (to look at the
protocol) the full text stays. Re-check on a Flet upgrade (``tests/ui/test_transport.py``).
"""

from __future__ import annotations

import logging

from flet.messaging.protocol import Message

TRANSPORT_LOGGER = "flet_transport"  # the logger flet_web's FletApp uses for every message


def _short_repr(message: Message) -> str:
    return f"Message({getattr(message.action, 'name', message.action)})"


def quiet_message_text() -> bool:
    """Make a message's text cheap unless protocol debugging is on; True when it was applied."""
    if logging.getLogger(TRANSPORT_LOGGER).isEnabledFor(logging.DEBUG):
        return False
    Message.__repr__ = _short_repr  # type: ignore[method-assign]
    return True


__all__ = ["quiet_message_text", "TRANSPORT_LOGGER"]
