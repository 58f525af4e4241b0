"""The Flet app: shell (app, views, bridge, i18n, live, theme), start screen, chair's screen.

Importing this package must stay cheap and free of side effects; screens are imported by
``assistant.ui.views.discover()`` when the app starts.
"""
