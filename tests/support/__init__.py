"""Reusable test helpers (e.g. ``tests.support.pulse``: a private PulseAudio room)."""
