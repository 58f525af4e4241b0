"""``/spraak``, host only: "Spraak instellen": the speech model and the microphone, from the app.

Why in the app: the model usually arrives on a USB stick and nobody in a crisis room opens a
terminal. The page offers what the CLI offers (install from a zip or download, list, switch,
remove) with the same checks (``assistant.app.listening.installer``), and a microphone check
(device, live level, "zeg iets" and what was recognised) before the meeting starts.

Threads: the zip travels from the browser to the host through Flet's signed upload (progress events
arrive on the loop); unpacking and verifying run in the installer's worker thread, which announces
each step through the room (``Topic.LIVE``); this page hears it through its bridge (``page.run_task``)
and re-reads the installer's and the listening service's in-memory state. Disk reads (the model list,
the device list) go through ``tab.call`` (a worker thread).
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

import flet as ft

from assistant.app import permissions as perm
from assistant.app.listening.installer import InstallProgress, InstallStage, InstalledModel
from assistant.ui import theme
from assistant.ui.setup.level_meter import LevelMeter, level_percent
from assistant.ui.tab import Tab
from assistant.ui.views import ViewResult
from assistant.ui.widgets.buttons import action_button

UPLOAD_URL_SECONDS = 3600


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


class SpeechSetupScreen:
    """Three cards: the models (install, switch, remove), the install progress, the microphone."""

    def __init__(self, tab: Tab) -> None:
        self.tab = tab
        self.listening: Any = tab.ctx.extras.get("listening")
        self.setup: Any = tab.ctx.extras.get("speech_setup")
        self.mode = tab.theme
        t = tab.t
        self.model_line = ft.Text("", size=17, weight=ft.FontWeight.W_600)
        self.model_rows = ft.Column(spacing=8)
        self.stage = ft.Text("", size=16)
        self.bar = ft.ProgressBar(value=0.0, width=520, bar_height=12, border_radius=6, semantics_label=t("setup.progress"))
        self.cancel = action_button(t("setup.cancel"), tab.handler(self._cancel), icon=ft.Icons.CANCEL, kind="outlined")
        self.progress_box = ft.Column([self.stage, self.bar, self.cancel], spacing=8, visible=False)
        self.source = ft.TextField(label=t("setup.download_source"), value="nl", width=360)
        self.device = ft.Dropdown(label=t("setup.device"), width=420, on_select=tab.handler(self._device_chosen))
        self.meter = LevelMeter(t("setup.level_label"), self.mode, width=260)
        self.level_text = ft.Text("", size=15)
        self.heard = ft.Text("", size=15, color=theme.OK)
        self.check_button = action_button(t("setup.check_start"), tab.handler(self._toggle_check), icon=ft.Icons.MIC, kind="filled")
        self.recognised = ft.Text("", size=18, weight=ft.FontWeight.W_500)
        self.picker: Any = None
        self._upload: tuple[str, str] | None = None  # (picked file name, stored name)
        self._models_version = -1

    # --- building ------------------------------------------------------------------------------

    async def build(self) -> ViewResult:
        t = self.tab.t
        actor = getattr(self.tab, "actor", None)
        if actor is None or perm.SPEECH_SETTINGS not in actor.capabilities:
            return ViewResult(ft.Text(t("setup.host_only"), size=18), title=t("setup.title"))
        if self.listening is None or self.setup is None:
            return ViewResult(ft.Text(t("setup.unavailable"), size=18), title=t("setup.title"))
        self.picker = ft.FilePicker(on_upload=self.tab.handler(self._on_upload))
        await self._load_models()
        await self._load_devices()
        self.draw_live()
        self.tab.bridge.on_change(self._live_changed, ("live",))
        cards = [self._models_card(), self._microphone_card()]
        back = action_button(t("setup.back"), self.tab.handler(lambda e: self.tab.go("/")), icon=ft.Icons.ARROW_BACK, kind="text")
        return ViewResult(
            ft.Container(ft.Column(cards, spacing=16, width=900), padding=ft.Padding.only(bottom=40), alignment=ft.Alignment.TOP_CENTER),
            title=t("setup.title"),
            actions=[back],
            scroll=True,
            on_dispose=self._dispose,
        )

    def _card(self, title: str, icon: Any, body: list[ft.Control]) -> ft.Control:
        head = ft.Row([ft.Icon(icon), ft.Text(title, size=22, weight=ft.FontWeight.BOLD)], spacing=10)
        return ft.Container(
            ft.Column([head, *body], spacing=12),
            padding=20,
            border_radius=16,
            bgcolor=theme.surface(self.mode),
        )

    def _models_card(self) -> ft.Control:
        t, handler = self.tab.t, self.tab.handler
        pick = action_button(t("setup.pick_zip"), handler(self._pick_zip), icon=ft.Icons.USB, kind="filled")
        download = action_button(t("setup.download"), handler(self._download), icon=ft.Icons.DOWNLOAD, kind="outlined")
        return self._card(
            t("setup.models"),
            ft.Icons.RECORD_VOICE_OVER,
            [
                self.model_line,
                self.model_rows,
                ft.Text(t("setup.install_hint"), size=15, color=theme.muted(self.mode)),
                ft.Row([pick], wrap=True),
                ft.Row([self.source, download], wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER),
                self.progress_box,
            ],
        )

    def _microphone_card(self) -> ft.Control:
        t = self.tab.t
        return self._card(
            t("setup.microphone"),
            ft.Icons.MIC,
            [
                ft.Text(t("setup.microphone_hint"), size=15, color=theme.muted(self.mode)),
                self.device,
                ft.Row([self.check_button, self.meter.control, self.level_text], spacing=14, wrap=True,
                       vertical_alignment=ft.CrossAxisAlignment.CENTER),
                self.heard,
                self.recognised,
            ],
        )  # fmt: skip

    # --- reading -------------------------------------------------------------------------------

    async def _load_models(self) -> None:
        models: list[InstalledModel] = await self.tab.call(self.setup.models)
        self.model_rows.controls = [self._model_row(m) for m in models] or [
            ft.Text(self.tab.t("setup.no_models"), size=15, color=theme.muted(self.mode))
        ]

    async def _load_devices(self) -> None:
        names: list[str] = await self.tab.call(self.listening.devices)
        current = self.listening.device
        self.device.options = [ft.DropdownOption(key=n, text=n) for n in names]
        self.device.value = current if current in names else None
        self.device.hint_text = self.tab.t("setup.device_default") if names else self.tab.t("setup.no_devices")

    def _model_row(self, model: InstalledModel) -> ft.Control:
        t, handler = self.tab.t, self.tab.handler
        marks = [t("setup.default")] if model.is_default else []
        if model.in_use:
            marks.append(t("setup.in_use"))
        if not model.valid:
            marks.append(t("setup.broken"))
        text = t("setup.model_row", name=model.name, language=model.lang or "?", size=megabytes(model.size_bytes))
        if marks:
            text += " · " + ", ".join(marks)
        buttons: list[ft.Control] = []
        if not model.in_use and model.valid:
            buttons.append(action_button(t("setup.use"), handler(lambda e, n=model.name: self._use(n)),
                                         kind="outlined", semantics=t("setup.use_named", name=model.name)))  # fmt: skip
        if not model.in_use:
            buttons.append(action_button(t("setup.remove"), handler(lambda e, n=model.name: self._remove(n)),
                                         kind="text", semantics=t("setup.remove_named", name=model.name)))  # fmt: skip
        return ft.Row([ft.Text(text, size=16, expand=True), *buttons], spacing=8)

    # --- drawing the live parts ----------------------------------------------------------------

    def draw_live(self) -> None:
        """Installer progress and microphone state: memory reads only, safe on the loop."""
        t = self.tab.t
        state = self.listening.state()
        if str(state.model_status) == "ready":
            self.model_line.value = t("setup.model_ready", name=state.model_name)
        elif str(state.model_status) == "loading":
            self.model_line.value = t("setup.model_loading", pct=level_percent(state.model_progress or 0.0))
        else:
            self.model_line.value = t("setup.model_none")
        self._draw_progress(self.setup.progress())
        self.meter.show(state.level, state.peak)
        self.level_text.value = t("setup.level", pct=level_percent(state.level)) if state.listening else ""
        self.heard.value = t("setup.heard") if state.heard else ""
        self.check_button.content = t("setup.check_stop") if state.checking else t("setup.check_start")
        self.check_button.disabled = state.listening and not state.checking
        if state.checking:
            self.recognised.value = t("setup.recognised", text=state.check_text) if state.check_text else t("setup.say_something")
        elif state.check_text:
            self.recognised.value = t("setup.recognised", text=state.check_text)
        else:
            self.recognised.value = t("setup.meeting_listening") if state.listening else ""

    def _draw_progress(self, progress: InstallProgress) -> None:
        t = self.tab.t
        self.progress_box.visible = progress.stage is not InstallStage.IDLE
        self.cancel.visible = progress.busy
        self.bar.value = progress.fraction if progress.busy else (1.0 if progress.stage is InstallStage.DONE else 0.0)
        pct = level_percent(progress.fraction or 0.0)
        if progress.stage is InstallStage.DONE:
            self.stage.value = t("setup.stage.done", name=progress.model)
            self.stage.color = theme.OK
        elif progress.stage in (InstallStage.FAILED, InstallStage.CANCELLED):
            from assistant.i18n import error_text

            self.stage.value = error_text(progress.error_code or "install_failed", self.tab.lang, progress.detail)
            self.stage.color = theme.OVERRUN
        else:
            self.stage.value = t(f"setup.stage.{progress.stage.value}", source=progress.source, pct=pct)
            self.stage.color = None

    async def _live_changed(self, _changes: list[Any]) -> None:
        progress = self.setup.progress()
        if progress.stage in (InstallStage.DONE, InstallStage.FAILED) and progress.version != self._models_version:
            self._models_version = progress.version
            await self._load_models()
        self.draw_live()
        with contextlib.suppress(RuntimeError, AttributeError):  # the tab may be closing
            self.tab.page.update()

    # --- models --------------------------------------------------------------------------------

    async def _pick_zip(self, _e: object = None) -> None:
        files = await self.picker.pick_files(
            dialog_title=self.tab.t("setup.pick_zip"),
            file_type=ft.FilePickerFileType.CUSTOM,
            allowed_extensions=["zip"],
            cancel_upload_on_window_blur=False,
        )
        if not files:
            return
        chosen = files[0]
        stored = f"model-{uuid.uuid4().hex}.zip"  # never the browser's name: nothing to escape or collide
        await self.tab.call(self.setup.begin_upload, chosen.name)
        self._upload = (chosen.name, stored)
        url = self.tab.page.get_upload_url(stored, UPLOAD_URL_SECONDS)
        self.draw_live()
        self.tab.page.update()
        await self.picker.upload([ft.FilePickerUploadFile(upload_url=url, method="PUT", id=chosen.id)])

    async def _on_upload(self, e: ft.FilePickerUploadEvent) -> None:
        """Flet's upload progress (on the loop): 0.0, every 10 % of a large file, 1.0, or an error."""
        if self._upload is None:
            return
        _picked, stored = self._upload
        if e.error:
            self._upload = None
            await self.tab.call(self.setup.upload_failed, e.error)
        elif e.progress is not None and e.progress >= 1.0:
            self._upload = None
            await self.tab.call(self.setup.install_upload, stored)
        elif e.progress is not None:
            self.setup.upload_progress(e.progress)

    async def _download(self, _e: object = None) -> None:
        await self.tab.call(self.setup.download, self.source.value or "")

    async def _cancel(self, _e: object = None) -> None:
        await self.tab.call(self.setup.cancel)

    async def _use(self, name: str) -> None:
        await self.tab.call(self.setup.use, name)

    async def _remove(self, name: str) -> None:
        await self.tab.call(self.setup.remove, name)
        await self._load_models()
        self.tab.toast(self.tab.t("setup.removed", name=name))
        self.tab.page.update()

    # --- microphone ----------------------------------------------------------------------------

    async def _device_chosen(self, e: Any) -> None:
        name = str(getattr(e, "data", None) or self.device.value or "")
        await self.tab.call(self.listening.set_device, name or None)
        from assistant.app.listening import SETTING_DEVICE

        await self.tab.call(self.tab.room.setup.update_settings, **{SETTING_DEVICE: name})
        self.tab.toast(self.tab.t("setup.device_saved", name=name))

    async def _toggle_check(self, _e: object = None) -> None:
        state = self.listening.state()
        if state.checking:
            await self.tab.call(self.listening.stop_check)
        else:
            await self.tab.call(self.listening.start_check)

    def _dispose(self) -> None:
        """Leaving the page ends a microphone check (never a meeting's listening)."""
        with contextlib.suppress(perm.PermissionDenied):  # the session ended: nothing to stop for it
            self.listening.stop_check()


async def build(tab: Tab) -> ViewResult:
    return await SpeechSetupScreen(tab).build()
