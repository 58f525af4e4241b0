"""The listening bar: start/stop, level, model and device, the no-microphone banner, partial text.

Live speech state changes ten times a second (the bridge passes about three a second); only these
few controls are touched for it, and of those only the ones whose look changed are sent: mostly the
level meter, whose bar moves in visible steps (``widgets/looks.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from assistant.app.listening.models import MODEL_CODES
from assistant.app.listening.state import LiveState
from assistant.i18n import speech_error_message
from assistant.ui import theme
from assistant.ui.logger.common import safe_update
from assistant.ui.logger.kit import Handler, Kit
from assistant.ui.setup.level_meter import LevelMeter
from assistant.ui.setup.speech_banner import SpeechBanner
from assistant.ui.widgets.buttons import action_button, icon_action
from assistant.ui.widgets.looks import SentLooks, level_step


def problem_text(state: LiveState, lang: str) -> str:
    """The listening problem in ``lang`` (empty when there is none): worded here, from its code."""
    if not state.error_code:
        return ""
    return speech_error_message(state.error_code, lang, state.error_detail, dict(state.error_params))


class ListenBar:
    def __init__(
        self,
        kit: Kit,
        state: Callable[[], LiveState] | None,
        *,
        toggle: Handler,
        retry: Handler,
        settings: Handler,
        speech_banner: SpeechBanner | None = None,
    ) -> None:
        self.kit = kit
        self.speech_banner = speech_banner  # "Spraak is nog niet ingesteld" (no model)
        self._state = state  # None: no listening service in this process
        self._version = -1
        self.looks = SentLooks()  # what each part showed when last sent
        t = kit.t
        self.button: Any = action_button(
            t("logger.listen_start"), kit.act(toggle), icon=ft.Icons.MIC, kind="filled"
        )
        self.meter = LevelMeter(t("logger.level"), kit.mode, width=140)  # the set-up page's meter
        self.level = self.meter.bar
        self.status = ft.Text("", size=14, color=kit.muted)
        self.settings = icon_action(ft.Icons.TUNE, t("logger.speech_settings"), kit.act(settings))
        self.partial = ft.Text("", size=15, italic=True, color=kit.muted)
        self.banner_text = ft.Text("", size=15, color=ft.Colors.BLACK, expand=True)
        self.error_banner = ft.Container(
            ft.Row(
                [
                    ft.Icon(ft.Icons.MIC_OFF, color=ft.Colors.BLACK),
                    self.banner_text,
                    action_button(
                        t("logger.listen_retry"),
                        kit.act(retry),
                        kind="filled",
                        bgcolor="#37474F",
                        color=ft.Colors.WHITE,
                    ),
                ],
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            ),
            bgcolor=theme.WARNING,
            border_radius=8,
            padding=ft.Padding.symmetric(horizontal=12, vertical=6),
            visible=False,
        )
        parts = [self.speech_banner.control] if self.speech_banner is not None else []
        self.banner = ft.Column([*parts, self.error_banner], spacing=4)
        # wraps on a narrow (portrait) screen
        self.row = ft.Row(
            [self.button, self.level, self.status, self.settings],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
            spacing=12,
            wrap=True,
            expand=True,
        )

    def draw(self, *, force: bool = False, update: bool = True) -> None:
        """Show the listening state; unchanged state (same version) costs nothing."""
        if self._state is None:
            self._draw_unavailable(update)
            return
        state = self._state()
        if state.version == self._version and not force:
            return
        self._version = state.version
        t = self.kit.t
        starting = state.listening or state.status == "starting"
        self.button.content = t("logger.listen_stop") if starting else t("logger.listen_start")
        self.button.icon = ft.Icons.MIC_OFF if state.listening else ft.Icons.MIC
        self.button.disabled = state.status == "stopping"
        self.meter.show(level_step(state.level), getattr(state, "peak", 0.0))
        self.status.value = f"{self._status(state)} · {self._model(state)}"
        self.partial.value = t("logger.partial", text=state.partial) if state.partial else ""
        message = problem_text(state, self.kit.lang)
        # a missing model is the speech banner's (one short line); other problems stay here
        self.error_banner.visible = bool(state.error_code) and state.error_code not in MODEL_CODES
        banner_changed = self.speech_banner.refresh() if self.speech_banner is not None else False
        self.banner_text.value = f"{message} {t('logger.typing_ok')}" if message else ""
        looks: list[tuple[ft.Control, object]] = [
            (self.button, (self.button.content, self.button.icon, self.button.disabled)),
            (self.level, (self.level.value, self.level.color)),
            (self.status, self.status.value),
            (self.partial, self.partial.value),
            (self.banner, (self.error_banner.visible, self.banner_text.value)),
        ]
        changed = self.looks.changed(looks, force=force)
        if banner_changed and all(c is not self.banner for c in changed):
            changed.append(self.banner)
        if update:
            safe_update(*changed)

    def _status(self, state: LiveState) -> str:
        t = self.kit.t
        status = t("logger.listening") if state.listening else t("logger.not_listening")
        if state.listening and state.device:
            status += f" ({state.device})"
        return status

    def _model(self, state: LiveState) -> str:
        t = self.kit.t
        if state.model_status == "loading":
            return t("logger.model_loading", pct=f"{int((state.model_progress or 0) * 100)} %")
        if state.model_status == "ready":
            return t("logger.model", name=state.model_name)
        return t("logger.model_none")

    def _draw_unavailable(self, update: bool) -> None:
        self.button.disabled = True
        self.status.value = self.kit.t("logger.speech_unavailable")
        self.settings.visible = False
        if self.speech_banner is not None:
            self.speech_banner.refresh()
        if update:
            safe_update(self.button, self.status, self.settings, self.banner)
