"""CMT assistant: offline meeting assistant for the chair of a Dutch crisis management team."""

__version__ = "0.1.0"
