"""``/teams``: the host's link settings (team name, all teams, incident code, link, certificate).

Host only, checked on the server: the page reads and saves through ``room.teams.settings`` /
``save_settings`` (READ_SETTINGS / SETTINGS in the gateway: only the host has them), and no joined
device may open the route at all. Saved with ``assistant.teams.config.save_config`` (atomic,
owner-only); they take effect at the next start of the assistant (the page says so). Every field is
bounded and validated by the same code as ``assistant run --team ...``; a refusal names the field
in Dutch or English.
"""

from __future__ import annotations

import asyncio
from dataclasses import fields
from typing import Any

import flet as ft

from assistant.app.permissions import PermissionDenied
from assistant.domain.errors import AssistantError
from assistant.teams.area import MAX_SETTING_CHARS, TeamsSettings
from assistant.teams.errors import TeamsConfigInvalid
from assistant.ui import theme
from assistant.ui.tab import Tab
from assistant.ui.views import ViewResult, register_view
from assistant.ui.widgets.buttons import action_button

ROUTE = "/teams"
FIELDS = tuple(f.name for f in fields(TeamsSettings))
#: What each refused setting is called in the catalogue (``TeamsConfigInvalid.params["field"]``).
PROBLEM_KEYS = {
    "team": "teams.settings.invalid_team",
    "teams": "teams.settings.invalid_teams",
    "incident": "teams.settings.invalid_incident",
    "link": "teams.settings.invalid_link",
    "ca_file": "teams.settings.invalid_ca_file",
    "leaf_listen": "teams.settings.invalid_leaf_listen",
    "secret": "teams.settings.invalid_secret",
}


def problem_key(exc: TeamsConfigInvalid) -> str:
    """The catalogue key that says which setting cannot be used."""
    return PROBLEM_KEYS.get(str(exc.params.get("field", "")), "teams.settings.invalid_other")


class TeamsSettingsPage:
    def __init__(self, tab: Tab) -> None:
        self.tab = tab
        self.inputs: dict[str, ft.TextField] = {}
        self.message = ft.Text("", size=16)
        self.commands = ft.Column(spacing=4)

    async def build(self) -> ViewResult:
        t = self.tab.t
        try:
            saved = await asyncio.to_thread(self.tab.room.teams.settings)
        except PermissionDenied:
            return ViewResult(
                ft.Text(t("teams.settings.host_only"), size=18), title=t("teams.settings.title")
            )
        self.inputs = {
            name: ft.TextField(
                label=t(f"teams.settings.{name}"),
                helper=t(f"teams.settings.{name}_hint"),
                value=getattr(saved, name),
                max_length=MAX_SETTING_CHARS,
                width=640,
            )
            for name in FIELDS
        }
        body = ft.Column(
            [
                ft.Text(t("teams.settings.intro"), size=16, color=theme.muted(self.tab.theme)),
                *self.inputs.values(),
                ft.Row(
                    [
                        action_button(
                            t("teams.settings.save"),
                            self.tab.handler(self.save),
                            kind="filled",
                            icon=ft.Icons.SAVE,
                        ),
                        action_button(
                            t("devices.back"), self.tab.handler(lambda e: self.tab.go("/")), kind="text"
                        ),
                    ],
                    spacing=12,
                ),
                self.message,
                self.commands,
            ],
            spacing=14,
        )
        return ViewResult(body, title=t("teams.settings.title"), scroll=True)

    def form(self) -> TeamsSettings:
        return TeamsSettings(**{name: (field.value or "").strip() for name, field in self.inputs.items()})

    async def save(self, _e: Any = None) -> None:
        t = self.tab.t
        try:
            commands = await asyncio.to_thread(self._save, self.form())
        except TeamsConfigInvalid as exc:
            self._say(t(problem_key(exc)), error=True)
            return
        except AssistantError as exc:
            self._say(self.tab.error_text(exc), error=True)
            return
        self._say(t("teams.settings.saved"), error=False)
        self.commands.controls = [ft.Text(t("teams.settings.commands"), size=15)] + [
            ft.Text(line, size=13, selectable=True, font_family="monospace") for line in commands
        ]
        self.commands.update()

    def _save(self, form: TeamsSettings) -> list[str]:
        """Blocking: the active crisis is the one a new link is for."""
        room = self.tab.room
        return room.teams.save_settings(form, room.setup.active_id())

    def _say(self, text: str, *, error: bool) -> None:
        self.message.value = text
        self.message.color = theme.OVERRUN if error else theme.OK
        self.message.update()


async def build(tab: Tab) -> ViewResult:
    return await TeamsSettingsPage(tab).build()


register_view(ROUTE, build, title=("Teamkoppeling", "Team link"))
