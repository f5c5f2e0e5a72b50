"""The desk's menu: each entry shown to the roles that may open it, once its page exists."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from flask_login import current_user

from forms_app.staff_models import Role

ALL = frozenset(role for role in Role if role.handles_cases)
ADMIN = frozenset({Role.admin})
MANAGERS = frozenset({Role.admin, Role.pengelola_pengaduan})
EDITORS = frozenset(role for role in Role if role.edits_standards)


@dataclass(frozen=True)
class Entry:
    endpoint: str
    label: str
    roles: frozenset[Role] = ALL


MENU = (
    Entry("desk.inbox", "Kotak masuk"),
    Entry("desk.queue", "Antrean"),
    Entry("desk.new_entry", "Catat pengajuan"),
    Entry("desk.reports", "Laporan"),
    Entry("desk.survey", "Survei kepuasan", MANAGERS),
    Entry("editor.index", "Standar pelayanan", EDITORS),
)
ADMIN_MENU = (
    Entry("desk.staff_list", "Staf", ADMIN),
    Entry("desk.canned_replies", "Balasan siap", ADMIN),
    Entry("desk.settings", "Pengaturan", ADMIN),
    Entry("desk.personal_data", "Data pribadi", ADMIN),
    Entry("desk.audit_log", "Jejak audit", ADMIN),
)


def visible(entries: tuple[Entry, ...]) -> list[Entry]:
    if not current_user.is_authenticated:
        return []
    return [entry for entry in entries
            if current_user.peran in entry.roles and entry.endpoint in current_app.view_functions]


def register(app: Flask) -> None:
    app.jinja_env.globals.update(desk_menu=lambda: visible(MENU), desk_admin_menu=lambda: visible(ADMIN_MENU),
                                 desk_has=lambda endpoint: endpoint in current_app.view_functions)
