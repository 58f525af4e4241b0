"""Exports: meeting report, besluitenlijst, actielijst, handover, full log, individual log; backup/restore.

Layers: ``model`` (pure report data from domain objects) → ``document`` (localised, format-neutral
document of headings, key/value blocks and tables) → ``pdf`` / ``markdown`` / ``csv_json`` renderers.
``service.export_document`` is the one entry point for the CLI and the app.
"""
