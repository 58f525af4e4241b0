"""Export menu for the chair's and the logger's screens: documents and backup as browser downloads.

The documents are built by ``assistant.export.service.export_document`` (the same code as the
``assistant export`` command) in a worker thread; the bytes go to the browser through Flet's
``FilePicker.save_file``, which in web mode starts a download and on the desktop asks where to save.
"""

from __future__ import annotations

import logging
from typing import Any

import flet as ft

from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button

log = logging.getLogger(__name__)

DOCUMENTS = ("handover", "decisions", "actions", "meeting", "log", "individual", "backup")
BACKUP_FORMATS = ("zip",)


def formats_for(what: str) -> tuple[str, ...]:
    """Formats offered for a document (the export service's matrix; backup is always a zip)."""
    if what == "backup":
        return BACKUP_FORMATS
    from assistant.export.service import FORMATS

    return FORMATS[what]


def build_download(
    room: Any, crisis_id: str | None, what: str, fmt: str, meeting: int | None, lang: str
) -> Any:
    """Blocking: the ``ExportResult`` for a request (call it in a worker thread).

    ``room`` is the tab's gateway (``assistant.app.permissions.room_gateway``): export and backup are
    capabilities checked there (the backup is for the host only), not here."""
    if what == "backup":
        return room.backup_download()
    return room.export_document(crisis_id, what, fmt, meeting, lang)


def export_button(tab: Tab) -> ft.Control:
    """The app-bar button that opens the export dialog."""
    return action_button(
        tab.t("export.button"),
        tab.handler(lambda _e: open_export_dialog(tab)),
        kind="text",
        icon=ft.Icons.DOWNLOAD,
        tooltip=tab.t("export.title"),
    )


async def open_export_dialog(tab: Tab) -> None:
    room = tab.room
    crisis_id = await tab.call(room.setup.active_id)
    meetings = await tab.call(room.meetings.all, crisis_id) if crisis_id else []
    current = meetings[-1].number if meetings else None

    # radio groups, not dropdowns: large touch targets, and each choice has an accessible name
    what = ft.RadioGroup(
        value="handover",
        content=ft.Column(
            [ft.Radio(value=w, label=tab.t(f"export.what.{w}")) for w in DOCUMENTS], spacing=0, tight=True
        ),
    )
    fmt = ft.RadioGroup(content=ft.Row([], wrap=True))
    meeting = ft.RadioGroup(
        value="all",
        content=ft.Row(
            [ft.Radio(value="all", label=tab.t("export.all_meetings"))]
            + [ft.Radio(value=str(m.number), label=tab.t("export.meeting_n", n=m.number)) for m in meetings],
            wrap=True,
        ),
    )
    language = ft.RadioGroup(
        value=tab.lang,
        content=ft.Row([ft.Radio(value="nl", label="Nederlands"), ft.Radio(value="en", label="English")]),
    )
    meeting_block = ft.Column(
        [ft.Text(tab.t("export.meeting"), weight=ft.FontWeight.W_600), meeting], tight=True
    )
    status = ft.Text("", size=14)

    def refresh_formats() -> None:
        offered = formats_for(what.value or "handover")
        fmt.content.controls = [ft.Radio(value=f, label=f.upper()) for f in offered]
        if fmt.value not in offered:
            fmt.value = offered[0]
        meeting_block.visible = what.value not in ("handover", "log", "individual", "backup")
        if what.value == "meeting" and meeting.value == "all" and current is not None:
            meeting.value = str(current)

    def changed(_e: Any) -> None:
        refresh_formats()
        dialog.update()

    what.on_change = changed
    refresh_formats()

    async def download(_e: Any) -> None:
        if crisis_id is None and what.value != "backup":
            status.value = tab.t("export.no_crisis")
            dialog.update()
            return
        number = None if meeting.value in (None, "all") or not meeting_block.visible else int(meeting.value)
        if what.value == "meeting" and number is None:
            status.value = tab.t("export.needs_meeting")
            dialog.update()
            return
        label = tab.t(f"export.what.{what.value}")
        status.value = tab.t("export.busy", name=label)
        dialog.update()
        result = await tab.call(
            build_download, room, crisis_id, what.value, fmt.value, number, language.value or tab.lang
        )
        await ft.FilePicker().save_file(file_name=result.filename, src_bytes=result.data)
        status.value = tab.t("export.done", name=result.filename)
        dialog.update()

    dialog = ft.AlertDialog(
        modal=False,
        title=ft.Text(tab.t("export.title")),
        content=ft.Column(
            [
                ft.Text(tab.t("export.document"), weight=ft.FontWeight.W_600),
                what,
                ft.Text(tab.t("export.format"), weight=ft.FontWeight.W_600),
                fmt,
                meeting_block,
                ft.Text(tab.t("export.language"), weight=ft.FontWeight.W_600),
                language,
                status,
            ],
            tight=True,
            spacing=8,
            width=560,
            scroll=ft.ScrollMode.AUTO,
        ),
        actions=[
            action_button(tab.t("export.cancel"), lambda _e: tab.close_dialog(dialog), kind="text"),
            action_button(
                tab.t("export.download"), tab.handler(download), kind="filled", icon=ft.Icons.DOWNLOAD
            ),
        ],
    )
    tab.page.show_dialog(dialog)
