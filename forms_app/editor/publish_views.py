"""The editor's way to the site: preview, difference, publish, the stale-edit conflict, build progress.

- Preview (`editor.preview`): the draft's page built by the site's own templates and MkDocs
  (layanan/preview.py), served under …/pratinjau/<key>/… to the draft's owner only.
- Difference (`editor.difference`): what the draft changes from the version in force, in the
  words of the site's version pages (layanan/perbedaan.py).
- Publish (`editor.publish`): the effective date, then standard_drafts.publish; the new version's
  site build is followed on `editor.build`. A draft whose standard moved on meanwhile is refused
  with the conflict page (409): who changed it, what they changed, what the editor had changed,
  and a button to start again from the newest version (`editor.restart`).
- Builds are site-wide: any editor may follow one, and ask for a new build after a failure
  (`editor.rebuild`).

Someone else's draft, or a draft of a unit the editor no longer works for, answers 404.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.security import safe_join

from forms_app import audit, site_builds, standard_drafts
from forms_app.desk.access import address, staff
from forms_app.editor import blueprint
from forms_app.editor.forms.publish import PublishForm
from forms_app.editor_models import BuildStatus, DraftKind, StandardDraft
from forms_app.extensions import db
from forms_app.models import utcnow
from forms_app.security import SITE_POLICY
from layanan import preview as previews
from layanan.model import Layanan, Unit
from layanan.perbedaan import JUDUL_LAYANAN, Perubahan, bandingkan_layanan, bandingkan_unit
from layanan.problems import Problem
from layanan.render import GENERATED_DIR, PROFILE_DIR
from layanan.site import Project
from layanan.version_writer import typed

log = logging.getLogger(__name__)
LARGEST_ID = 2**31 - 1  # PostgreSQL's integer

IDENTITY_SECTION = "identitas"
"""The section of the editor's forms that holds a version's label, summary of changes and SK."""
LARGE_SITE_NOTE = ("Situs besar perlu beberapa menit; halaman lama tetap tayang sampai yang baru selesai. "
                   "Anda boleh meninggalkan halaman ini: pembangunan berjalan terus.")


def _project() -> Project:
    return Project(current_app.config["LAYANAN_PROJECT"])


def _own_draft(draft_id: int) -> StandardDraft:
    """The signed-in editor's draft with this id, of a unit they work for; else 404."""
    me = staff()
    if not 0 < draft_id <= LARGEST_ID:
        abort(404)  # beyond the database's integers: no such draft (the query itself would fail)
    draft = db.session.scalar(select(StandardDraft).where(StandardDraft.id == draft_id,
                                                          StandardDraft.staf_id == me.id))
    if draft is None or not me.works_for(draft.unit_id):
        abort(404)
    return draft


def _overview_url(draft: StandardDraft) -> str:
    """The draft's overview (helper A's page), or its difference page while that does not exist."""
    if "editor.draft" in current_app.view_functions:
        return url_for("editor.draft", draft_id=draft.id)
    return url_for("editor.difference", draft_id=draft.id)


def _identity_url(draft: StandardDraft) -> str:
    """Where the version's label, summary and SK are changed: the draft's first section (helper A's
    "identitas"), or its overview."""
    if "editor.section" in current_app.view_functions:
        return url_for("editor.section", draft_id=draft.id, section=IDENTITY_SECTION)
    return _overview_url(draft)


def _title(draft: StandardDraft, checked: standard_drafts.Checked | None = None) -> str:
    """The standard's name as the draft has it."""
    name = standard_drafts.document(draft).get("nama")
    if isinstance(name, str) and name.strip():
        return name.strip()
    if checked is not None and checked.candidate is not None:
        return checked.candidate.model.nama
    return draft.alamat


def _model_of(draft: StandardDraft, data: dict[str, Any] | None) -> Unit | Layanan | None:
    model = Unit if draft.jenis is DraftKind.unit else Layanan
    try:
        return model.model_validate(typed(data or {}, model))
    except (ValidationError, ValueError, TypeError):
        return None


def _compare(draft: StandardDraft, old: Any, new: Any) -> list[Perubahan]:
    return bandingkan_unit(old, new) if draft.jenis is DraftKind.unit else bandingkan_layanan(old, new)


def _new_service_parts(checked: standard_drafts.Checked) -> list[tuple[str, str]]:
    """For a new service: each component's title, and what the draft gives of it ("diisi", "sebagian
    belum dipublikasikan", "belum dipublikasikan"), from the check's warnings about unknown values."""
    layanan = checked.candidate.model
    fields = [p.field for p in checked.warnings if p.field]
    found = []
    for name, title in JUDUL_LAYANAN.items():
        if name in ("nama", "unit") or getattr(layanan, name, None) is None:
            continue
        if name in fields:
            state = "belum dipublikasikan"
        elif any(field.startswith((name + ".", name + "[")) for field in fields):
            state = "sebagian belum dipublikasikan"
        else:
            state = "diisi"
        found.append((title, state))
    return found


def _invalid(draft: StandardDraft, checked: standard_drafts.Checked, doing: str):  # noqa: ANN202
    """The page for a draft that cannot be previewed, compared or published yet: its errors."""
    return render_template("editor/draft_errors.html", draft=draft, title=_title(draft, checked),
                           errors=checked.errors, doing=doing, overview=_overview_url(draft))


# --- preview --------------------------------------------------------------------------------


@blueprint.get("/draf/<int:draft_id>/pratinjau/")
def preview(draft_id: int):  # noqa: ANN201
    draft = _own_draft(draft_id)
    project = _project()
    me = staff()
    checked = standard_drafts.check(draft, me, project)
    if not checked.text or (checked.errors and not _only_date_missing(checked)):
        return _invalid(draft, checked, "pratinjau")
    today = standard_drafts.earliest_date(draft, checked.result)
    try:
        built = previews.build(project, str(draft.id), checked.path, checked.text, today, _overview_url(draft),
                               loaded=checked.result)
    except previews.PreviewInvalid as exc:
        return render_template("editor/draft_errors.html", draft=draft, title=_title(draft, checked),
                               errors=exc.problems, doing="pratinjau", overview=_overview_url(draft))
    except previews.PreviewFailed as exc:
        log.warning("pratinjau draf %s gagal: %s", draft.id, exc)
        return render_template("editor/preview_failed.html", draft=draft, title=_title(draft, checked),
                               message=str(exc), overview=_overview_url(draft)), 503
    return redirect(url_for("editor.preview_file", draft_id=draft.id, name=f"{built.key}/{built.page}"), code=303)


def _only_date_missing(checked: standard_drafts.Checked) -> bool:
    """The preview puts today's date into its copy: a missing effective date does not stop it."""
    return all(p.field == "berlaku_sejak" for p in checked.errors)


@blueprint.get("/draf/<int:draft_id>/pratinjau/<path:name>")
def preview_file(draft_id: int, name: str):  # noqa: ANN201
    """A page or an asset of the draft's preview; a folder is served as its index.html."""
    draft = _own_draft(draft_id)
    key, _, inside = name.partition("/")
    folder = previews.folder_of(_project(), str(draft.id), key)
    if folder is None:
        if not inside or inside.endswith(("/", ".html")):
            # an older preview, replaced since: build the draft's preview as it is now
            return redirect(url_for("editor.preview", draft_id=draft.id), code=303)
        abort(404)
    joined = safe_join(str(folder), inside) if inside else str(folder)
    if joined is None:
        abort(404)
    target = Path(joined)
    try:
        if target.is_dir():
            if not request.path.endswith("/"):  # relative links of the page need its folder's address
                return redirect(request.path + "/", code=308)
            target = target / "index.html"
        if not target.is_file() or not target.resolve().is_relative_to(folder.resolve()):
            abort(404)  # nothing outside the preview, also by a symbolic link planted inside it
        response = send_file(target, max_age=0)
    except OSError:
        abort(404)
    # the site's pages carry small inline scripts (MkDocs Material): the site's policy, not the desk's
    response.headers["Content-Security-Policy"] = SITE_POLICY
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- difference -----------------------------------------------------------------------------


@blueprint.get("/draf/<int:draft_id>/perbedaan/")
def difference(draft_id: int):  # noqa: ANN201
    draft = _own_draft(draft_id)
    checked = standard_drafts.check(draft, staff(), _project())
    if checked.errors or checked.candidate is None:
        return _invalid(draft, checked, "perbedaan")
    return render_template("editor/difference.html", **_summary(draft, checked))


def _summary(draft: StandardDraft, checked: standard_drafts.Checked) -> dict[str, Any]:
    """What the difference and publish pages show about a valid draft."""
    new_service = draft.jenis is DraftKind.layanan_baru
    origin = standard_drafts.starting_model(draft)
    from_origin = (_compare(draft, origin, checked.candidate.model)
                   if new_service and origin is not None else [])
    return {
        "draft": draft, "title": _title(draft, checked), "checked": checked, "version": checked.candidate,
        "new_service": new_service, "origin_name": getattr(origin, "nama", draft.alamat),
        "changes": [] if new_service else standard_drafts.changes(checked, draft),
        "from_origin": from_origin, "parts": _new_service_parts(checked) if new_service else [],
        "warnings": checked.warnings, "overview": _overview_url(draft), "identity": _identity_url(draft),
        "in_force": _in_force_number(checked),
    }


def _in_force_number(checked: standard_drafts.Checked) -> int | None:
    """The number of the version in force that the draft is compared with."""
    for entry in [*checked.result.catalog.units.values(), *checked.result.catalog.announced_units.values(),
                  *checked.result.catalog.services, *checked.result.catalog.announced_services]:
        if any(version.path == checked.path for version in entry.versions):
            others = [v for v in entry.versions if v.path != checked.path]
            if entry.in_force is not None and entry.in_force.path != checked.path:
                return entry.in_force.number
            return others[-1].number if others else None
    return None


# --- publish --------------------------------------------------------------------------------


@blueprint.route("/draf/<int:draft_id>/terbitkan/", methods=["GET", "POST"])
def publish(draft_id: int):  # noqa: ANN201
    if request.method == "POST":
        done = _published_already(draft_id)
        if done is not None:
            return done
    draft = _own_draft(draft_id)
    project = _project()
    me = staff()
    stale = standard_drafts.stale(draft, project)
    if stale is not None:
        return _conflict(draft, stale)
    checked = _checked_for_publishing(draft, me, project)
    if checked.errors or checked.candidate is None:
        return _back_to_overview(draft, checked.errors)
    form = PublishForm().offer(standard_drafts.earliest_date(draft, checked.result), checked.candidate.effective)
    if form.validate_on_submit():
        try:
            published = standard_drafts.publish(draft, me, project, form.berlaku_sejak.data, address=address())
        except standard_drafts.StaleDraft as exc:
            db.session.rollback()
            return _published_already(draft_id) or _conflict(_own_draft(draft_id), exc.stale)
        except standard_drafts.DraftInvalid as exc:
            db.session.rollback()
            return _back_to_overview(_own_draft(draft_id), exc.problems)
        except standard_drafts.EditorError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            build_id = published.build.id
            try:
                db.session.commit()
            except SQLAlchemyError:
                db.session.rollback()
                standard_drafts.withdraw(published.path)
                log.exception("penerbitan draf %s tidak dapat dicatat; %s dihapus lagi", draft_id, published.path)
                form.form_errors.append("Versi baru tidak dapat dicatat di basis data, jadi tidak diterbitkan (file "
                                        "yang sempat ditulis sudah dihapus lagi). Draf Anda tetap tersimpan; coba "
                                        "terbitkan lagi sebentar lagi.")
            else:
                site_builds.wake(current_app._get_current_object())  # noqa: SLF001 - the app, not its proxy
                flash(f"Versi {published.number} diterbitkan: {published.path.name} sudah ditulis. Situs sedang "
                      "dibangun ulang.", "berhasil")
                return redirect(url_for("editor.build", build_id=build_id), code=303)
        draft = _own_draft(draft_id)  # as stored: publishing's changes were rolled back
        checked = _checked_for_publishing(draft, me, project)
        if checked.errors or checked.candidate is None:
            return _back_to_overview(draft, checked.errors)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("editor/publish.html", form=form, earliest=form.earliest,
                           **_summary(draft, checked)), status


def _published_already(draft_id: int):  # noqa: ANN202
    """A second press of Terbitkan (a double click, a second tab): the draft was published and is
    gone; say so and show its build, instead of 'not found' or a conflict with oneself."""
    if db.session.get(StandardDraft, draft_id) is not None if 0 < draft_id <= LARGEST_ID else False:
        return None
    entry = standard_drafts.published_from(staff(), draft_id) if 0 < draft_id <= LARGEST_ID else None
    if entry is None:
        return None
    flash(f"Draf ini sudah diterbitkan sebagai versi {entry.rincian['versi']}; tidak diterbitkan dua kali.",
          "berhasil")
    return redirect(url_for("editor.build", build_id=entry.rincian["bangun"]), code=303)


def _checked_for_publishing(draft: StandardDraft, me: Any, project: Project) -> standard_drafts.Checked:
    """The draft checked as publishing will: a missing or wrong effective date does not count, the
    publish form gives it (checked then with the earliest date allowed, the draft left as it is)."""
    checked = standard_drafts.check(draft, me, project)
    if not checked.errors or not _only_date_missing(checked):
        return checked
    document = standard_drafts.document(draft)
    before = document.get("berlaku_sejak", _ABSENT)
    document["berlaku_sejak"] = standard_drafts.earliest_date(draft, checked.result).isoformat()
    try:
        return standard_drafts.check(draft, me, project)
    finally:
        if before is _ABSENT:
            document.pop("berlaku_sejak", None)
        else:
            document["berlaku_sejak"] = before


_ABSENT = object()


def _back_to_overview(draft: StandardDraft, problems: list[Problem]):  # noqa: ANN202
    count = len(problems)
    flash(f"Draf belum dapat diterbitkan: perbaiki {count} galat yang ditandai, lalu terbitkan lagi."
          if count else "Draf belum dapat dibaca sebagai standar: periksa isinya, lalu terbitkan lagi.", "galat")
    return redirect(_overview_url(draft), code=303)


# --- the stale-edit conflict ----------------------------------------------------------------


def _conflict(draft: StandardDraft, stale: standard_drafts.Stale):  # noqa: ANN202
    """409: the standard moved on since the draft started; nothing was written."""
    origin = standard_drafts.starting_model(draft)
    mine: list[Perubahan] | None = None
    own_model = _model_of(draft, standard_drafts.document(draft))
    if origin is not None and own_model is not None:
        mine = _compare(draft, origin, own_model)
    return render_template("editor/conflict.html", draft=draft, title=_title(draft), stale=stale,
                           theirs=stale.changes, mine=mine, overview=_overview_url(draft),
                           zona=_zone(), current_name=stale.current.path.name if stale.current else None), 409


@blueprint.post("/draf/<int:draft_id>/mulai-lagi")
def restart(draft_id: int):  # noqa: ANN201
    """Discard the stale draft and start a new one from the newest version: only on this request."""
    draft = _own_draft(draft_id)
    project = _project()
    me = staff()
    kind, address_of, unit_id = draft.jenis, draft.alamat, draft.unit_id
    standard = standard_drafts.find(standard_drafts.working_standards(project, [unit_id]), [unit_id], address_of)
    if standard is None:
        flash("Standar ini tidak dapat dibuka lagi di editor: filenya bergalat atau sudah tidak ada. Draf Anda "
              "tetap tersimpan.", "galat")
        return redirect(url_for("editor.publish", draft_id=draft.id), code=303)
    standard_drafts.discard(draft)
    db.session.flush()
    try:
        fresh = standard_drafts.start(me, standard, project, new_service=kind is DraftKind.layanan_baru)
    except standard_drafts.EditorError as exc:
        db.session.rollback()
        flash(f"{exc} Draf Anda tetap tersimpan.", "galat")
        return redirect(url_for("editor.publish", draft_id=draft_id), code=303)
    db.session.commit()
    flash("Draf lama dibuang; draf baru dimulai dari versi terbaru. Ulangi perubahan Anda di sini.", "berhasil")
    if "editor.draft" in current_app.view_functions:
        return redirect(url_for("editor.draft", draft_id=fresh.id), code=303)
    return redirect(url_for("editor.difference", draft_id=fresh.id), code=303)


# --- site builds ----------------------------------------------------------------------------


def _zone():  # noqa: ANN202
    """The time zone of the editor's first unit (times are shown in it), read from that unit's own
    files: the published catalog is re-read by the app after a build, which on a site of thousands
    of standards takes long, and the build's page must answer meanwhile."""
    catalog = standard_drafts.working_standards(_project(), staff().unit_ids[:1]).catalog
    for unit_id in staff().unit_ids:
        entry = catalog.units.get(unit_id) or catalog.announced_units.get(unit_id)
        if entry is not None:
            return entry.unit.zona_waktu
    return None


def history_page(page: str) -> str:
    """The history page beside a standard's page: a unit's profile history, or a service's."""
    parts = page.rstrip("/").split("/")
    if GENERATED_DIR in parts and len(parts) - parts.index(GENERATED_DIR) == 2:
        return page.rstrip("/") + f"/{PROFILE_DIR}/riwayat/"
    return page.rstrip("/") + "/riwayat/"


@blueprint.get("/terbit/<int:build_id>/")
def build(build_id: int):  # noqa: ANN201
    found = site_builds.get(build_id)
    if found is None:
        abort(404)
    now = utcnow()
    started = found.mulai
    elapsed = int(((found.selesai or now) - started).total_seconds()) if started else None
    waited = int((now - found.diminta).total_seconds())
    ahead = site_builds.waiting_before(found) if found.status is BuildStatus.menunggu else 0
    return render_template("editor/build.html", build=found, elapsed=elapsed, waited=waited, ahead=ahead,
                           finished=found.status.finished, zona=_zone(),
                           refreshing=not found.status.finished and request.args.get("berhenti") != "1",
                           history=history_page(found.halaman) if found.halaman else None,
                           note=LARGE_SITE_NOTE)


@blueprint.post("/bangun-ulang")
def rebuild():  # noqa: ANN201
    me = staff()
    new = site_builds.retry(me)
    audit.record(me, "situs_dibangun_ulang", target=f"bangun_situs:{new.id}", address=address())
    db.session.commit()
    site_builds.wake(current_app._get_current_object())  # noqa: SLF001
    return redirect(url_for("editor.build", build_id=new.id), code=303)


__all__ = ["blueprint", "history_page"]
