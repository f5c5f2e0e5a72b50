"""The editor's list of standards and its forms: start or resume a draft, the draft's overview,
each section's form (with the list buttons that work without JavaScript), discarding a draft.

Every value typed is kept in the draft, even a wrong one; what is wrong is said by
`standard_drafts.check` alone, in the words of `layanan check`, in an error summary and beside
each field. Nothing here writes into the project's `standard/` folder: only publishing does.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from forms_app import site_builds, standard_drafts
from forms_app.desk.access import staff
from forms_app.editor import blueprint
from forms_app.editor.forms import actions, section_named, sections_for
from forms_app.editor.forms.problems import per_section, place
from forms_app.editor.forms.widgets import Binding, Text
from forms_app.editor_models import DraftKind, StandardDraft
from forms_app.extensions import db
from layanan.model import ZonaWaktu
from layanan.problems import Problem
from layanan.site import Project

KINDS = {kind.value: kind for kind in DraftKind}
LARGEST_ID = 2**31 - 1  # PostgreSQL's integer
FOLDER = Text("folder_baru", "Nama folder layanan baru",
              "Huruf kecil, angka, dan tanda hubung, misalnya 'rekomendasi-statistik'; menjadi alamat "
              "halamannya di situs dan tidak dapat diubah setelah terbit.", required=True, width="sedang")


def project() -> Project:
    return Project(current_app.config["LAYANAN_PROJECT"])


def shown_path(path: Path, current: Project) -> str:
    """A file's path as staff know it: under standard/."""
    try:
        return path.relative_to(current.root).as_posix()
    except ValueError:
        return str(path)


@dataclass
class Row:
    """A standard on the index: its versions, problems, and the signed-in editor's drafts of it."""

    standard: standard_drafts.Standard
    problems: list[Problem]
    draft: StandardDraft | None = None
    new_service_draft: StandardDraft | None = None


@dataclass
class Index:
    rows: list[Row] = field(default_factory=list)
    unreadable: list[Problem] = field(default_factory=list)   # files of the editor's units no one can read
    other_drafts: list[StandardDraft] = field(default_factory=list)
    zones: dict[str, ZonaWaktu] = field(default_factory=dict)   # each unit's time zone, for showing times

    def zone(self, unit_id: str | None = None) -> ZonaWaktu | None:
        return self.zones.get(unit_id) if unit_id else next(iter(self.zones.values()), None)


def _index(current: Project) -> Index:
    me = staff()
    result = standard_drafts.working_standards(current, me.unit_ids)
    drafts = {(draft.jenis, draft.alamat): draft for draft in standard_drafts.drafts_of(me)}
    index = Index()
    units = {**result.catalog.units, **result.catalog.announced_units}
    index.zones = {unit_id: units[unit_id].unit.zona_waktu for unit_id in me.unit_ids if unit_id in units}
    placed: set[Problem] = set()
    for standard in standard_drafts.editable(result, me.unit_ids):
        problems = standard_drafts.problems_of(result, standard.unit_id, standard.service_id, current.standard)
        placed.update(problems)
        row = Row(standard, problems, drafts.pop((standard.kind, standard.address), None))
        if standard.kind is DraftKind.layanan:
            row.new_service_draft = drafts.pop((DraftKind.layanan_baru, standard.address), None)
        index.rows.append(row)
    folders = [current.standard / "unit" / unit_id for unit_id in me.unit_ids] + [
        current.standard / "layanan" / unit_id for unit_id in me.unit_ids]
    index.unreadable = [p for p in result.errors if p not in placed
                        and any(folder == p.path or folder in p.path.parents for folder in folders)]
    index.other_drafts = [draft for draft in drafts.values() if me.works_for(draft.unit_id)]
    return index


@blueprint.route("/")
def index():  # noqa: ANN201
    current = project()
    builds = site_builds.recent(5) if "editor.build" in current_app.view_functions else []
    return render_template("editor/index.html", index=_index(current), builds=builds,
                           shown_path=lambda path: shown_path(path, current))


@blueprint.route("/mulai", methods=["POST"])
def start():  # noqa: ANN201
    current = project()
    kind = KINDS.get(request.form.get("jenis", ""))
    address = request.form.get("alamat", "")
    result = standard_drafts.working_standards(current, staff().unit_ids)
    standard = standard_drafts.find(result, staff().unit_ids, address)
    if standard is None:
        abort(404)
    allowed = {DraftKind.unit} if standard.kind is DraftKind.unit else {DraftKind.layanan, DraftKind.layanan_baru}
    if kind not in allowed:
        flash("Pilihan ini tidak dikenal. Pilih tombol Ubah atau Buat layanan baru pada daftar standar.", "galat")
        return redirect(url_for("editor.index"), 303)
    if standard_drafts.problems_of(result, standard.unit_id, standard.service_id, current.standard):
        flash(f"{standard.name} belum dapat diubah: file standarnya punya galat (lihat daftar di bawah namanya). "
              "Perbaiki file itu dulu, lalu jalankan layanan check.", "galat")
        return redirect(url_for("editor.index"), 303)
    try:
        draft = standard_drafts.start(staff(), standard, current, new_service=kind is DraftKind.layanan_baru)
        db.session.commit()
    except standard_drafts.EditorError as exc:
        db.session.rollback()
        flash(str(exc), "galat")
        return redirect(url_for("editor.index"), 303)
    except IntegrityError:  # the same draft started at the same moment (two tabs): resume that one
        db.session.rollback()
        draft = standard_drafts.draft_of(staff(), kind, standard.address)
        if draft is None:
            abort(409)
    return redirect(url_for("editor.draft", draft_id=draft.id), 303)


def draft_or_404(draft_id: int) -> StandardDraft:
    """The signed-in editor's own draft, of a unit they work for; anything else does not exist
    (also an id beyond the database's integers, which the query itself would refuse)."""
    if not 0 < draft_id <= LARGEST_ID:
        abort(404)
    draft = db.session.get(StandardDraft, draft_id)
    if draft is None or draft.staf_id != staff().id or not staff().works_for(draft.unit_id):
        abort(404)
    return draft


def draft_name(draft: StandardDraft) -> str:
    name = standard_drafts.document(draft).get("nama")
    if isinstance(name, str) and name.strip():
        return name.strip()
    return "Layanan baru" if draft.jenis is DraftKind.layanan_baru else draft.alamat


@blueprint.route("/draf/<int:draft_id>/")
def draft(draft_id: int):  # noqa: ANN201
    found = draft_or_404(draft_id)
    checked = standard_drafts.check(found, staff(), project())
    sections = sections_for(found.jenis)
    document = standard_drafts.document(found)
    return render_template("editor/draft.html", draft=found, name=draft_name(found), sections=sections,
                           summaries={s.slug: s.summary(document) for s in sections},
                           overview=per_section(sections, checked.problems), checked=checked,
                           folder=standard_drafts.new_folder(found),
                           shown_path=lambda path: shown_path(path, project()))


@blueprint.route("/draf/<int:draft_id>/<section>/", methods=["GET", "POST"])
def section(draft_id: int, section: str):  # noqa: ANN201
    found = draft_or_404(draft_id)
    part = section_named(found.jenis, section)
    if part is None:
        abort(404)
    asks_folder = part.slug == "identitas" and found.jenis is DraftKind.layanan_baru
    here = url_for("editor.section", draft_id=found.id, section=part.slug)
    if request.method == "POST":
        form = request.form
        document = part.parse(form, copy.deepcopy(standard_drafts.document(found)))
        action = form.get("aksi", "simpan")
        applied = None
        if action != "simpan":
            try:
                applied = actions.apply(part, document, action, form)
            except actions.UnknownAction:
                flash("Tombol itu tidak dikenal di bagian ini; isian Anda tetap disimpan.", "galat")
        folder = form.get(FOLDER.key) if asks_folder else None
        standard_drafts.save(found, document, folder=" ".join(folder.split()) if folder is not None else None)
        db.session.commit()
        if applied is not None:
            target = url_for("editor.section", draft_id=found.id, section=part.slug,
                             **({"tampilkan": applied.reveal} if applied.reveal else {}))
            return redirect(f"{target}#{applied.fragment}", 303)
        if action != "simpan":
            return redirect(here, 303)
        checked = standard_drafts.check(found, staff(), project())
        if any(part.owns(problem.field) for problem in checked.errors):
            flash("Isian disimpan dalam draf, tetapi masih ada yang perlu diperbaiki: lihat daftar di bawah.",
                  "galat")
            return redirect(f"{here}#ringkasan-galat", 303)
        flash(f"{part.title}: isian disimpan dalam draf.", "info")
        return redirect(url_for("editor.draft", draft_id=found.id), 303)
    checked = standard_drafts.check(found, staff(), project())
    binding = Binding(revealed=frozenset(request.args.getlist("tampilkan")))
    extra = [FOLDER.bind(standard_drafts.new_folder(found), ("folder_baru",), binding, "")] if asks_folder else []
    nodes = extra + part.bind(standard_drafts.document(found), binding)
    placed = place(part, binding.nodes, checked.problems)
    return render_template("editor/section.html", draft=found, name=draft_name(found), section=part,
                           nodes=nodes, placed=placed, sections=sections_for(found.jenis))


@blueprint.route("/draf/<int:draft_id>/buang", methods=["POST"])
def discard(draft_id: int):  # noqa: ANN201
    found = draft_or_404(draft_id)
    name = draft_name(found)
    standard_drafts.discard(found)
    db.session.commit()
    flash(f"Draf {name} dibuang. Standar yang berlaku tidak berubah.", "info")
    return redirect(url_for("editor.index"), 303)

