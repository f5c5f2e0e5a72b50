"""Each standard is published as JSON beside its page, with a JSON Schema generated from the model."""

from __future__ import annotations

import json

import jsonschema

from layanan.catalog import load
from layanan.model import Layanan, Unit

GENERATED = "site/standar"


def test_service_json_round_trips_through_the_model(built_seed_site) -> None:
    published = (built_seed_site.root / GENERATED / "pst-bps-kutai-barat/konsultasi-statistik.json")
    from_yaml = load(built_seed_site.standard).catalog.services[0].layanan

    from_json = Layanan.model_validate_json(published.read_text(encoding="utf-8"))

    assert from_json == from_yaml
    assert json.loads(from_json.model_dump_json()) == json.loads(published.read_text(encoding="utf-8"))


def test_unit_json_round_trips_through_the_model(built_seed_site) -> None:
    published = built_seed_site.root / GENERATED / "pst-bps-kutai-barat/unit.json"
    from_yaml = load(built_seed_site.standard).catalog.units["pst-bps-kutai-barat"].unit

    assert Unit.model_validate_json(published.read_text(encoding="utf-8")) == from_yaml


def test_published_json_follows_the_published_schema(built_seed_site) -> None:
    site = built_seed_site.root / GENERATED
    for document, schema in [("pst-bps-kutai-barat/konsultasi-statistik.json", "skema/layanan.schema.json"),
                             ("pst-bps-kutai-barat/unit.json", "skema/unit.schema.json")]:
        jsonschema.validate(json.loads((site / document).read_text(encoding="utf-8")),
                            json.loads((site / schema).read_text(encoding="utf-8")))


def test_schema_rejects_what_the_model_rejects(built_seed_site) -> None:
    site = built_seed_site.root / GENERATED
    document = json.loads((site / "pst-bps-kutai-barat/konsultasi-statistik.json").read_text(encoding="utf-8"))
    schema = json.loads((site / "skema/layanan.schema.json").read_text(encoding="utf-8"))
    document["produkk"] = document.pop("produk")

    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid(document)


def test_service_page_links_to_its_json_and_schema(built_seed_site) -> None:
    page = (built_seed_site.root / GENERATED / "pst-bps-kutai-barat/konsultasi-statistik/index.html")
    text = page.read_text(encoding="utf-8")
    assert 'href="../konsultasi-statistik.json"' in text
    assert 'href="../../skema/layanan.schema.json"' in text
