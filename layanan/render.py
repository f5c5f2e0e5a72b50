"""Render a catalog of standards into the generated part of the site.

`render_site` is a pure function: standards in, ``{relative path: text}`` out.
Markdown goes through the Jinja2 templates of `templates/`; every value that
comes from a standard file is escaped so that it shows literally.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from layanan import formatting, kinerja
from layanan.catalog import Catalog, ServiceEntry, UnitEntry
from layanan.model import (
    PENGELOLAAN,
    PENYAMPAIAN,
    Layanan,
    Saluran,
    TidakDiketahui,
    Unit,
)
from layanan.navigation import breadcrumb, build_hierarchy, slug
from layanan.perbedaan import bandingkan_layanan, bandingkan_unit
from layanan.posters import MAKLUMAT_PDF, poster_file
from layanan.reference import field_docs

GENERATED_DIR = "standar"
SCHEMA_DIR = "skema"
BANNER = (
    "<!-- Halaman ini dibuat otomatis oleh `layanan build` dari {source}. "
    "Jangan diedit: ubah file sumbernya, lalu jalankan `layanan build`. -->"
)


def front_matter(title: str) -> Markup:
    """The page's real title for MkDocs (its <title>), ahead of the banner."""
    return Markup(f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n")


def unit_page(unit_id: str) -> str:
    """Where a unit's page lives, relative to the generated folder."""
    return f"{unit_id}/index.md"


def service_page(service: ServiceEntry) -> str:
    return f"{service.unit_id}/{service.id}.md"


def make_environment(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        undefined=StrictUndefined,
        autoescape=True,  # with `finalize`, every value is escaped for Markdown
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_escape_for_markdown,
    )
    env.filters.update(
        tanggal=lambda d: Markup(formatting.markdown_text(formatting.tanggal(d))),
        rupiah=lambda v: Markup(formatting.markdown_text(formatting.rupiah(v))),
        durasi=lambda v: Markup(formatting.markdown_text(formatting.durasi(v))),
        link=_link,
        source=_data_source,
        email_link=lambda address: _link(address, "mailto:" + address),
        url=_url,
        join=_join,
        code=_code,
        slug=slug,
    )
    env.tests["unknown"] = lambda value: isinstance(value, TidakDiketahui)
    env.globals.update(
        heading=lambda level: Markup("#" * min(level, 6)),
        spaces=lambda count: Markup(" " * count),
        PENYAMPAIAN=PENYAMPAIAN,
        PENGELOLAAN=PENGELOLAAN,
    )
    return env


Part = tuple[str, str]
"""A piece of the site rendered as one unit of work: ("katalog"|"skema"|"unit"|"layanan", key)."""

PROFILE_DIR = "profil"
"""Where a unit's profile versions live: /standar/<unit>/profil/versi-<n>/ and …/profil/riwayat/."""


def site_parts(catalog: Catalog) -> list[Part]:
    return ([("katalog", ""), ("skema", "")]
            + [("unit", unit_id) for unit_id in [*catalog.units, *catalog.announced_units]]
            + [("layanan", f"{s.unit_id}/{s.id}") for s in [*catalog.services, *catalog.announced_services]]
            + [("kinerja", unit_id) for unit_id in kinerja.units_with_data(catalog)])  # layanan/kinerja.py


def part_key(catalog: Catalog, part: Part) -> str:
    """A hash of everything `part` is rendered from (with the code and templates: see buildcache)."""
    kind, key = part
    digest = hashlib.sha256(f"{kind}:{key}".encode())
    if kind == "katalog":
        for entry in sorted(catalog.units.values(), key=lambda e: e.id):
            digest.update(f"{entry.id}:{entry.shown.content}".encode())
    elif kind == "unit":
        entry = catalog.units.get(key) or catalog.announced_units[key]
        _entry_inputs(digest, entry)
        digest.update(kinerja.link_digest(catalog, key).encode())  # the link to its performance page
        for service in [*catalog.services_of(key), *catalog.announced_services_of(key)]:
            digest.update(f"{service.id}:{service.current}:{service.shown.content}".encode())
    elif kind == "layanan":
        service = _service(catalog, key)
        _entry_inputs(digest, service)
        _entry_inputs(digest, catalog.units.get(service.unit_id) or catalog.announced_units[service.unit_id])
        digest.update(kinerja.link_digest(catalog, service.unit_id).encode())  # the link to its performance page
    elif kind == "kinerja":
        digest.update(kinerja.input_digest(catalog, key).encode())
    return digest.hexdigest()


def _entry_inputs(digest: Any, entry: UnitEntry | ServiceEntry) -> None:
    digest.update(f"{entry.id}:{entry.current}:{entry.path.parent.name}".encode())
    for version in entry.versions:
        digest.update(version.content.encode())


def _service(catalog: Catalog, key: str) -> ServiceEntry:
    unit_id, _, service_id = key.partition("/")
    for service in [*catalog.services_of(unit_id), *catalog.announced_services_of(unit_id)]:
        if service.id == service_id:
            return service
    raise KeyError(key)


def render_site(catalog: Catalog, templates: Path, site_path: str = "/") -> dict[str, str]:
    """Every generated file of the site: relative path → text."""
    return render_parts(catalog, templates, site_parts(catalog), site_path)


def render_parts(catalog: Catalog, templates: Path, parts: list[Part], site_path: str = "/") -> dict[str, str]:
    out: dict[str, str] = {}
    for files in render_each(catalog, templates, parts, site_path).values():
        out.update(files)
    return out


def render_each(catalog: Catalog, templates: Path, parts: list[Part],
                site_path: str = "/") -> dict[Part, dict[str, str]]:
    """Each part's generated files (relative path → text), with one template environment.

    `site_path` is the path of the site's address (mkdocs.yml's site_url): the posters, which are
    not among the generator's sources, are linked from it (MkDocs and Zensical read relative
    links in HTML differently)."""
    env = make_environment(templates)
    env.globals["standar_path"] = site_path.rstrip("/") + f"/{GENERATED_DIR}/"
    env.globals["kinerja_ada"] = lambda unit_id, service_id=None: kinerja.has_data(catalog, unit_id, service_id)
    return {part: _render_part(env, catalog, part) for part in parts}


def _render_part(env: Environment, catalog: Catalog, part: Part) -> dict[str, str]:
    kind, key = part
    source_root = catalog.root.parent
    if kind == "katalog":
        return {"index.md": env.get_template("katalog.md.j2").render(
            banner=Markup(BANNER.format(source=f"{catalog.root.name}/")),
            hierarchy=build_hierarchy(catalog),
            unit_page=unit_page,
        )}
    if kind == "skema":
        return {
            f"{SCHEMA_DIR}/layanan.schema.json": _json(Layanan.model_json_schema()),
            f"{SCHEMA_DIR}/unit.schema.json": _json(Unit.model_json_schema()),
            f"{SCHEMA_DIR}/index.md": env.get_template("skema.md.j2").render(
                front_matter=front_matter("Referensi kolom standar pelayanan"),
                banner=Markup(BANNER.format(source="layanan/model.py")),
                files=(("unit", "unit.schema.json", field_docs(Unit)),
                       ("layanan", "layanan.schema.json", field_docs(Layanan))),
                unknown_field=field_docs(TidakDiketahui)[0],
            ),
        }
    if kind == "unit":
        return _unit_pages(env, catalog, key, source_root)
    if kind == "kinerja":
        return kinerja.render_pages(env, catalog, key)
    return _service_pages(env, catalog, _service(catalog, key), source_root)


def _unit_pages(env: Environment, catalog: Catalog, unit_id: str, source_root: Path) -> dict[str, str]:
    entry = catalog.units.get(unit_id) or catalog.announced_units[unit_id]
    out = {}
    context = _unit_context(entry, catalog.services_of(unit_id), source_root)
    context["announced"] = catalog.announced_services_of(unit_id)
    out[unit_page(unit_id)] = env.get_template("unit.md.j2").render(**context)
    out[f"{unit_id}/unit.json"] = _json(entry.unit.model_dump(mode="json"))
    common = {"entry": entry, "breadcrumb": breadcrumb(entry), "unit_id": unit_id}
    out[f"{unit_id}/{PROFILE_DIR}/riwayat.md"] = env.get_template("unit_riwayat.md.j2").render(
        front_matter=front_matter(f"Riwayat versi profil: {entry.unit.nama}"),
        banner=Markup(BANNER.format(source=_source(entry.folder, source_root) + "/")), **common)
    for version in entry.versions:
        previous = entry.previous(version)
        out[f"{unit_id}/{PROFILE_DIR}/{version.id}.md"] = env.get_template("unit_versi.md.j2").render(
            front_matter=front_matter(f"{version.model.nama}: profil versi {version.number}"),
            banner=Markup(BANNER.format(source=_source(version.path, source_root))),
            version=version, unit=version.model, previous=previous,
            perubahan=bandingkan_unit(previous.model, version.model) if previous else [], **common)
    return out


def _service_pages(env: Environment, catalog: Catalog, service: ServiceEntry,
                   source_root: Path) -> dict[str, str]:
    unit_entry = catalog.units.get(service.unit_id) or catalog.announced_units[service.unit_id]
    unit = unit_entry.unit
    common = {"service": service, "unit_id": service.unit_id, "unit": unit, "breadcrumb": breadcrumb(unit_entry)}
    out = {}
    shown = service.shown
    main = "layanan.md.j2" if service.in_force is not None else "layanan_diumumkan.md.j2"
    out[service_page(service)] = env.get_template(main).render(
        front_matter=front_matter(shown.model.nama),
        offers_online=Saluran.online in shown.model.saluran(),
        banner=Markup(BANNER.format(source=_source(shown.path, source_root))),
        layanan=shown.model, version=shown, up=Markup(""), root=Markup("../../../"),
        json_file=f"{service.id}.json",
        poster=f"{service.unit_id}/{service.id}/{poster_file(service.id)}",  # drawn by layanan/posters.py
        schema_file=f"../{SCHEMA_DIR}/layanan.schema.json",
        **common,
    )
    out[f"{service.unit_id}/{service.id}.json"] = _json(shown.model.model_dump(mode="json"))
    folder = f"{service.unit_id}/{service.id}"
    out[f"{folder}/riwayat.md"] = env.get_template("layanan_riwayat.md.j2").render(
        front_matter=front_matter(f"Riwayat versi: {shown.model.nama}"),
        banner=Markup(BANNER.format(source=_source(service.folder, source_root) + "/")), **common)
    for version in service.versions:
        previous = service.previous(version)
        out[f"{folder}/{version.id}.md"] = env.get_template("layanan_versi.md.j2").render(
            front_matter=front_matter(f"{version.model.nama} — versi {version.number}"),
            banner=Markup(BANNER.format(source=_source(version.path, source_root))),
            layanan=version.model, version=version, previous=previous, up=Markup("../"),
            root=Markup("../../../../"), offers_online=Saluran.online in version.model.saluran(),
            perubahan=bandingkan_layanan(previous.model, version.model) if previous else [],
            **common,
        )
    return out


def _unit_context(entry: UnitEntry, services: list[ServiceEntry], source_root: Path) -> dict[str, Any]:
    return {
        "entry": entry,
        "version": entry.shown,
        "maklumat_pdf": f"{entry.id}/{MAKLUMAT_PDF}",
        "front_matter": front_matter(entry.unit.nama),
        "banner": Markup(BANNER.format(source=_source(entry.path, source_root))),
        "unit_id": entry.id,
        "unit": entry.unit,
        "breadcrumb": breadcrumb(entry),
        "services": services,
        "channels": _complaint_channels(services),
        "schema_file": f"../{SCHEMA_DIR}/unit.schema.json",
    }


def _complaint_channels(services: list[ServiceEntry]) -> list[tuple[Any, list[str]]]:
    """Each distinct complaint channel of a unit's services, with the services that name it."""
    channels: dict[tuple[str, str | None], tuple[Any, list[str]]] = {}
    for service in services:
        if isinstance(service.layanan.pengaduan, TidakDiketahui):
            continue
        for channel in service.layanan.pengaduan.saluran:
            key = (channel.jenis.value, channel.alamat)
            channels.setdefault(key, (channel, []))[1].append(service.layanan.nama)
    return list(channels.values())


def _source(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _escape_for_markdown(value: Any) -> Markup:
    """Every `{{ value }}` passes here: text from a standard is made literal Markdown.

    Template text, macro output and our filters' output are Markup and pass unchanged.
    """
    if isinstance(value, Markup):
        return value
    return Markup(formatting.markdown_text(value))


def _join(values: Any, separator: str = "") -> Markup:
    return Markup(separator).join(_escape_for_markdown(value) for value in values)


def _code(text: str) -> Markup:
    """A Markdown code span that shows `text` literally, whatever backticks it holds."""
    text = " ".join(str(text).split())
    fence = "`"
    while fence in text:
        fence += "`"
    return Markup(f"{fence} {text} {fence}" if "`" in text else f"`{text}`")


def _url(target: str) -> Markup:
    """A link destination, encoded so that Markdown takes it whole."""
    return Markup(quote(target, safe="/:@?&=#%+~.-_"))


def _link(label: str, target: str | None = None) -> Markup:
    return Markup(f"[{formatting.markdown_text(label)}]({_url(target or label)})")


def _data_source(text: str) -> Markup:
    """Where the data came from: a web address as a link, anything else (a document's name) as text,
    which a strict build would otherwise refuse as a broken relative link."""
    if re.fullmatch(r"https?://\S+", text.strip()):
        return _link(text.strip())
    return Markup(formatting.markdown_text(text))
