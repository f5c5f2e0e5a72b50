"""Admin: one person's data — find it, download it (JSON), erase it (keeping the anonymous cases).

The address searched for travels only in POST bodies (the search form, then a hidden field of
the result's two buttons): never in the URL, so never in the server's or a proxy's logs. Each
action searches again, within the admin's own units, and is audited without the address.
"""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, url_for

from forms_app import personal_data, standards
from forms_app.desk import blueprint
from forms_app.desk.access import address, requires_role, staff
from forms_app.desk.forms.personal_data import CONFIRM_WORD, ActionForm, SearchForm
from forms_app.models import utcnow
from forms_app.staff_models import Role


@blueprint.route("/admin/data-pribadi/", methods=["GET", "POST"], endpoint="personal_data")
@requires_role(Role.admin)
def personal_data_search():  # noqa: ANN201
    form = SearchForm()
    if not form.validate_on_submit():
        return _page(form, None), 400 if form.is_submitted() else 200
    found = personal_data.find(form.key, staff().unit_ids)
    personal_data.audit_search(form.key, found, staff(), address=address())
    action = ActionForm(data={"cari": form.cari.data})
    return _page(form, found, action)


@blueprint.route("/admin/data-pribadi/unduh", methods=["POST"])
@requires_role(Role.admin)
def personal_data_export():  # noqa: ANN201
    form = ActionForm()
    if not form.validate_on_submit():
        return _search_again()
    data = personal_data.export(form.key, staff().unit_ids, staff(), address=address())
    name = f"data-pribadi-{utcnow():%Y%m%d-%H%M%S}.json"
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blueprint.route("/admin/data-pribadi/hapus", methods=["POST"])
@requires_role(Role.admin)
def personal_data_erase():  # noqa: ANN201
    form = ActionForm()
    if not form.validate_on_submit():
        return _search_again()
    if not form.confirmed():
        form.konfirmasi.errors = [f"Ketik {CONFIRM_WORD} (huruf besar atau kecil) untuk memastikan penghapusan"]
        found = personal_data.find(form.key, staff().unit_ids)
        return _page(SearchForm(data={"cari": form.cari.data}), found, form), 400
    codes = personal_data.erase(form.key, staff().unit_ids, staff(), address=address())
    if codes:
        flash(f"Data pribadi pada {len(codes)} pengajuan sudah dihapus: {', '.join(codes)}. Pengajuannya tetap "
              "tersimpan tanpa identitas.", "info")
    else:
        flash("Tidak ada data pribadi yang perlu dihapus: orang ini tidak ditemukan lagi.", "info")
    return redirect(url_for(".personal_data"), 303)


def _search_again():  # noqa: ANN202
    flash("Cari orangnya lagi, lalu ulangi.", "galat")
    return redirect(url_for(".personal_data"), 303)


def _page(form: SearchForm, found, action: ActionForm | None = None) -> str:  # noqa: ANN001
    units = standards.catalog().units
    return render_template("desk/personal_data.html", form=form, found=found, action=action,
                           unit_names={unit_id: entry.unit.singkatan or entry.unit.nama
                                       for unit_id, entry in units.items()})
