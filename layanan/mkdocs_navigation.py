"""MkDocs hook: put the generated navigation where mkdocs.yml's nav names `standar/index.md`.

`layanan build` writes the navigation of the generated pages to
`<docs_dir>/standar/.navigasi.json` (a dot-file, so MkDocs does not publish it).
This hook only reads that file; all logic stays in the `layanan` package, so
plain `mkdocs build` and `mkdocs serve` show the same navigation as `layanan build`.
"""

import json
from pathlib import Path

GENERATED_INDEX = "standar/index.md"
NAV_FILE = Path("standar") / ".navigasi.json"


def on_config(config):
    nav_file = Path(config["docs_dir"]) / NAV_FILE
    if not nav_file.is_file() or not config["nav"]:
        return config
    generated = json.loads(nav_file.read_text(encoding="utf-8"))
    config["nav"] = [_replace(item, generated) for item in config["nav"]]
    return config


def _replace(item, generated):
    if isinstance(item, dict):
        ((title, value),) = item.items()
        if value == GENERATED_INDEX:
            return {title: generated}
    return item
