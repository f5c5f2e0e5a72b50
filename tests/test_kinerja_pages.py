"""Published performance ("Kinerja Layanan"): the data file in standard/kinerja/ and its public pages.

A tmp project gets a realistic data file (anonymous aggregates of a quarter and the quarter before) and the
office's follow-up text; a real, strict MkDocs build renders the unit's and the service's pages with the
index, grade, respondents against the minimum sample, the three lowest elements with the follow-up,
complaints, timeliness, charts as SVG with a text table, and the same data as open JSON. Bad files are
refused naming file, line and field, and the model accepts nothing personal.
"""

from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from layanan import kinerja, skm
from layanan.catalog import load
from layanan.problems import StandardsInvalid
from layanan.site import Project, build, render

UNIT = "pst-bps-kutai-barat"
SERVICE = "konsultasi-statistik"
SVG = "{http://www.w3.org/2000/svg}"


def responses(count: int, low: tuple[int, ...] = (2, 8)) -> list[list[int | None]]:
    """`count` respondents; elements at the indexes in `low` mostly 2–3, the rest mostly 3–4; some blanks."""
    rows = []
    for n in range(count):
        row: list[int | None] = []
        for i in range(9):
            if i in low:
                row.append(2 if n % 3 == 0 else 3)
            elif i == 3:
                row.append(4)  # free of charge
            else:
                row.append(4 if n % 2 == 0 else 3)
        if n % 10 == 7:
            row[5] = None  # a blank answer to U6
        rows.append(row)
    return rows


def skm_block(rows: list[list[int | None]], populasi: int | None) -> dict:
    """What the export writes for these answers: counts per element and the index by layanan.skm.hitung."""
    result = skm.hitung(rows)
    sebaran = {u.kode: [sum(1 for r in rows if r[i] == score) for score in (1, 2, 3, 4)]
               for i, u in enumerate(skm.UNSUR)}
    block = {
        "responden": result.responden,
        "sebaran": sebaran,
        "nrr": [float(skm.bulatkan(v, 3)) for v in result.nrr],
        "ikm": float(skm.bulatkan(result.ikm, 4)),
        "nilai_konversi": float(result.nilai_dibulatkan),
        "mutu": result.mutu,
        "kinerja": result.kinerja,
    }
    if populasi is not None:
        block.update(populasi=populasi, sampel_minimum=skm.sample_size(populasi))
    return block


def sample_data() -> dict:
    """A unit's quarter 3 and quarter 2 of 2026, as `layanan kinerja ekspor` is to write them."""
    return {
        "unit": UNIT,
        "dibuat": "2026-10-05",
        "periode": [
            {
                "jenis": "triwulan", "label": "2026-T2", "mulai": "2026-04-01", "sampai": "2026-06-30",
                "skm": skm_block(responses(30, low=(0, 2, 8)), 100),
                "tepat_waktu": {"konsultasi": {"selesai": 20, "tepat_waktu": 15}},
                "median_tanggapan_menit": {"konsultasi": 300},
                "pengaduan": {"per_aspek": {"waktu": 2}, "per_status": {"selesai": 2}},
                "layanan": {SERVICE: {"skm": skm_block(responses(30, low=(0, 2, 8)), 100)}},
            },
            {
                "jenis": "triwulan", "label": "2026-T3", "mulai": "2026-07-01", "sampai": "2026-09-30",
                "skm": skm_block(responses(60), 120),
                "tepat_waktu": {"konsultasi": {"selesai": 40, "tepat_waktu": 34},
                                "pengaduan": {"selesai": 4, "tepat_waktu": 3},
                                "kunjungan": {"selesai": 75, "tepat_waktu": 75}},
                "median_tanggapan_menit": {"konsultasi": 135, "pengaduan": 1500, "kunjungan": 12},
                "pengaduan": {"per_aspek": {"waktu": 3, "sarana": 1, "perilaku": 1},
                              "per_status": {"selesai": 4, "diproses": 1}},
                "layanan": {SERVICE: {
                    "skm": skm_block(responses(60), 120),
                    "tepat_waktu": {"konsultasi": {"selesai": 40, "tepat_waktu": 34}},
                    "median_tanggapan_menit": {"konsultasi": 135},
                }},
            },
        ],
    }


FOLLOW_UP = """\
# 2026-T3

## U3 Waktu Penyelesaian

Mulai Oktober 2026 satu petugas tambahan melayani konsultasi pada hari Senin dan Kamis,
hari dengan antrean terpanjang.

Jawaban konsultasi online dipantau setiap pagi oleh koordinator PST.

## U9

Ruang tunggu PST diperluas dan diberi kursi prioritas.
"""


def write_data(project: Project, data: dict, follow_up: str | None = FOLLOW_UP) -> Path:
    folder = project.standard / kinerja.KINERJA_DIR
    folder.mkdir(exist_ok=True)
    path = folder / f"{UNIT}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if follow_up is not None:
        (folder / f"{UNIT}{kinerja.FOLLOW_UP_SUFFIX}").write_text(follow_up, encoding="utf-8")
    return path


def refused(project: Project) -> list[str]:
    with pytest.raises(StandardsInvalid) as caught:
        render(project)
    return [p.format(project.root) for p in caught.value.problems]


def text_of(html: str) -> str:
    """The page's article as text: inline tags vanish, block tags separate words."""
    html = html[html.index("<article"):html.index("</article>")]
    html = re.sub(r"</?(strong|em|a|code)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    from conftest import REPO

    from layanan.versions import PUBLISHED_RECORD

    project = Project(REPO).copy_to(tmp_path_factory.mktemp("kinerja") / "proyek")
    (project.standard / PUBLISHED_RECORD).unlink(missing_ok=True)
    write_data(project, sample_data())
    build(project, site_dir=project.root / "keluaran")  # strict: any warning refuses
    return project


def page(project: Project, path: str) -> str:
    return (project.root / "keluaran" / path / "index.html").read_text(encoding="utf-8")


def test_the_unit_page_shows_the_latest_quarter_with_grade_sample_and_lowest_elements(built):
    html = page(built, f"standar/{UNIT}/kinerja")
    text = text_of(html)
    expected = skm.hitung(responses(60))
    assert expected.mutu == "B" and expected.nilai_dibulatkan == Decimal("84.41")
    assert "Kinerja Layanan: Pelayanan Statistik Terpadu" in text
    assert "Triwulan III 2026" in text and "1 Juli 2026 sampai 30 September 2026" in text
    assert "Mutu B (Baik): nilai 84,41 dari 100 (IKM 3,3765 pada skala 1–4)" in text
    assert "Responden: 60" in text
    assert "Sampel minimum: 92 (Krejcie–Morgan untuk 120 pengguna layanan dalam periode ini)" in text
    assert "Belum representatif" in text
    # the latest quarter comes first; the earlier one is listed after it
    assert text.index("Triwulan III 2026") < text.index("Periode sebelumnya") < text.index("Triwulan II 2026")
    # the three lowest: U3 and U9 (NRR 2,667), then of the six tied at 3,500 the first in the regulation's order
    lowest = text[text.index("Yang sedang diperbaiki"):]
    assert ("nilai terendah dalam periode ini: U3 Waktu Penyelesaian (NRR 2,667) U9 Sarana dan Prasarana "
            "(NRR 2,667) U1 Persyaratan (NRR 3,500)") in lowest
    listed = page(built, f"standar/{UNIT}/kinerja").split("Tiga unsur dengan nilai terendah")[1]
    assert listed.index("<ol>") < listed.index("U3 Waktu") < listed.index("U9 Sarana") < listed.index("</ol>")
    assert ("Tindak lanjut U3 Waktu Penyelesaian: Mulai Oktober 2026 satu petugas tambahan melayani konsultasi "
            "pada hari Senin dan Kamis, hari dengan antrean terpanjang. Jawaban konsultasi online") in lowest
    assert "Tindak lanjut U9 Sarana dan Prasarana: Ruang tunggu PST diperluas" in lowest
    assert "Unit belum menuliskan tindak lanjut untuk U1 Persyaratan." in lowest
    # complaints, timeliness, medians
    assert "5 pengaduan, saran, atau apresiasi diterima" in text
    assert "Jangka waktu penyelesaian 3" in text and "Perilaku petugas 1" in text and "Sedang diproses 1" in text
    assert "Permintaan konsultasi 34 dari 40 selesai (85,0 %)" in text
    assert "Kunjungan langsung 75 dari 75 selesai (100,0 %)" in text
    assert "U6 Kompetensi Pelaksana 3,556 dari 54 jawaban" in text  # six blank answers
    assert "Permintaan konsultasi: sampai jawaban pertama 2 jam 15 menit" in text
    assert "Pengaduan, saran, atau apresiasi: sampai tanggapan pertama 1 hari 1 jam" in text
    assert "Kunjungan langsung: waktu tunggu sampai dilayani 12 menit" in text
    assert "Triwulan II 2026 mutu B (Baik), nilai 82,10, IKM 3,2840, 30 responden" in text
    assert "A (Sangat Baik) mulai 88,31; B (Baik) mulai 76,61" in text  # how to read them


def test_each_chart_is_an_svg_image_with_a_name_and_a_table_of_the_same_figures(built):
    html = page(built, f"standar/{UNIT}/kinerja")
    svgs = re.findall(r'<svg[^>]*class="kinerja-grafik".*?</svg>', html, flags=re.S)
    assert len(svgs) == 2  # NRR per element, share within time
    nrr = ET.fromstring(svgs[0])
    assert nrr.get("role") == "img" and nrr.get("aria-label") == "NRR per unsur, Triwulan III 2026"
    assert nrr.get("viewBox").startswith("0 0 360 ") and nrr.find(f"{SVG}title").text == nrr.get("aria-label")
    assert len(nrr.findall(f"{SVG}rect")) == 9
    widths = [float(r.get("width")) for r in nrr.findall(f"{SVG}rect")]
    assert widths[2] < widths[1] < widths[3]  # U3 2,667 < U2 3,500 < U4 4,000: bars follow the values
    expected = skm.hitung(responses(60))
    for unsur, value in zip(skm.UNSUR, expected.nrr):
        shown = kinerja.angka(skm.bulatkan(value, 3), 3)
        assert f"{unsur.kode} {unsur.nama}" in "".join(nrr.itertext())
        # the table beside the chart holds the same figure, as text
        assert re.search(rf"<td>{unsur.kode} {re.escape(unsur.nama)}</td>\s*<td>{shown} dari \d+ jawaban</td>", html), \
            unsur.kode
    share = ET.fromstring(svgs[1])
    assert share.get("aria-label") == "Bagian yang selesai tepat waktu, Triwulan III 2026"
    assert "85,0 %" in "".join(share.itertext())
    assert "<script" not in "".join(svgs) and "href" not in "".join(svgs)
    assert html.count("<figcaption>") == 2 and "Angkanya ada di tabel di bawah grafik" in html


def test_the_service_page_has_its_own_figures_and_points_to_the_unit_for_follow_up(built):
    text = text_of(page(built, f"standar/{UNIT}/{SERVICE}/kinerja"))
    assert "Kinerja Layanan: Pelayanan Konsultasi Statistik" in text
    assert "Mutu B (Baik)" in text and "Responden: 60" in text
    assert "Tindak lanjut yang ditulis unit ada di halaman kinerja unit" in text
    assert "Pengaduan" not in text.split("Ketepatan waktu")[1].split("Periode sebelumnya")[0]
    assert "Triwulan II 2026" in text.split("Periode sebelumnya")[1]


def test_unit_and_service_pages_link_their_performance_page(built):
    unit = page(built, f"standar/{UNIT}")
    assert 'href="kinerja/"' in unit and "Kinerja Layanan Pelayanan Statistik Terpadu" in text_of(unit)
    service = page(built, f"standar/{UNIT}/{SERVICE}")
    assert 'href="kinerja/"' in service


def test_the_open_json_holds_the_same_figures(built):
    site = built.root / "keluaran" / "standar" / UNIT
    unit = json.loads((site / "kinerja.json").read_text(encoding="utf-8"))
    assert unit == json.loads((built.standard / "kinerja" / f"{UNIT}.json").read_text(encoding="utf-8"))
    service = json.loads((site / SERVICE / "kinerja.json").read_text(encoding="utf-8"))
    assert service["unit"] == UNIT and service["layanan"] == SERVICE
    assert [p["label"] for p in service["periode"]] == ["2026-T2", "2026-T3"]
    assert service["periode"][1]["skm"]["nilai_konversi"] == 84.41
    assert service["periode"][1]["tepat_waktu"] == {"konsultasi": {"selesai": 40, "tepat_waktu": 34}}


def test_without_data_there_is_no_performance_page_and_no_link(project):
    result = render(project)
    folder = project.generated_dir() / UNIT
    assert not (folder / "kinerja.md").exists() and not (folder / SERVICE / "kinerja.md").exists()
    assert "kinerja.md" not in (folder / "index.md").read_text(encoding="utf-8")
    assert "kinerja.md" not in (folder / f"{SERVICE}.md").read_text(encoding="utf-8")
    assert result.written.removed == []


def test_adding_and_changing_the_data_file_renders_the_pages_again(project):
    render(project)
    write_data(project, sample_data(), follow_up=None)
    render(project)
    folder = project.generated_dir() / UNIT
    assert "kinerja.md" in (folder / "index.md").read_text(encoding="utf-8")
    assert "Unit belum menuliskan tindak lanjut untuk U3" in (folder / "kinerja.md").read_text(encoding="utf-8")
    (project.standard / "kinerja" / f"{UNIT}{kinerja.FOLLOW_UP_SUFFIX}").write_text(FOLLOW_UP, encoding="utf-8")
    render(project)
    assert "Ruang tunggu PST diperluas" in (folder / "kinerja.md").read_text(encoding="utf-8")
    (project.standard / "kinerja" / f"{UNIT}{kinerja.FOLLOW_UP_SUFFIX}").unlink()
    (project.standard / "kinerja" / f"{UNIT}.json").unlink()
    render(project)
    assert not (folder / "kinerja.md").exists()
    assert "kinerja.md" not in (folder / "index.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["file", "periode", "skm", "layanan", "tepat_waktu", "pengaduan"])
@pytest.mark.parametrize("personal", [
    ("nama", "Siti Aminah"), ("email", "siti@example.org"), ("telepon", "0812 3456 7890"),
    ("komentar", "Petugasnya lambat sekali"), ("alamat", "Jl. Merdeka 1"),
])
def test_nothing_personal_can_be_in_the_data_file(project, where, personal):
    key, value = personal
    data = sample_data()
    latest = data["periode"][1]
    target = {"file": data, "periode": latest, "skm": latest["skm"], "layanan": latest["layanan"][SERVICE],
              "tepat_waktu": latest["tepat_waktu"]["konsultasi"], "pengaduan": latest["pengaduan"]}[where]
    target[key] = value
    write_data(project, data)
    messages = refused(project)
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"standard/kinerja/{UNIT}.json:")
    assert "data pribadi (nama, kontak, komentar) tidak boleh ada di sini" in messages[0]
    assert f"{key}: kunci ini tidak dikenal" in messages[0]
    line = int(messages[0].split(":")[1])
    assert key in (project.standard / "kinerja" / f"{UNIT}.json").read_text().splitlines()[line - 1]


def test_a_personal_value_under_a_known_key_is_refused_too(project):
    data = sample_data()
    data["periode"][1]["pengaduan"]["per_aspek"]["Siti Aminah mengeluh"] = 1
    data["periode"][1]["pengaduan"]["per_status"]["selesai"] += 1
    write_data(project, data)
    [message] = refused(project)
    assert "periode[2].pengaduan.per_aspek" in message and "nilai tidak dikenal" in message


def test_an_index_that_does_not_follow_from_the_answers_is_refused(project):
    data = sample_data()
    data["periode"][1]["skm"]["nilai_konversi"] = 90.0
    write_data(project, data)
    [message] = refused(project)
    assert message.startswith(f"standard/kinerja/{UNIT}.json:")
    assert "periode[2].skm: nilai_konversi tidak sesuai dengan sebaran jawaban" in message
    assert "hasilnya 84.41" in message


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["periode"][1]["skm"].update(mutu="A"), "mutu tidak sesuai dengan sebaran jawaban"),
    (lambda d: d["periode"][1]["skm"].update(sampel_minimum=80),
     "sampel_minimum untuk populasi 120 menurut Krejcie–Morgan adalah 92, bukan 80"),
    (lambda d: d["periode"][1]["skm"].update(responden=10), "responden (10) lebih sedikit dari jawaban satu unsur"),
    (lambda d: d["periode"][1]["skm"]["sebaran"].update(U9=[0, 0, 0, 0]), "Unsur U9 (Sarana dan Prasarana) tidak "
                                                                          "dijawab satu responden pun"),
    (lambda d: d["periode"][1]["skm"]["sebaran"].pop("U5"), "sebaran harus memuat U1 … U9 berurutan; tidak ada: U5"),
    (lambda d: d["periode"][1].update(sampai="2026-09-29"),
     "periode 2026-T3 berlangsung 2026-07-01 sampai 2026-09-30"),
    (lambda d: d["periode"][1].update(label="2026-Q3"), "label '2026-Q3' tidak cocok dengan jenis triwulan"),
    (lambda d: d["periode"][1]["tepat_waktu"]["konsultasi"].update(tepat_waktu=41),
     "tepat_waktu (41) lebih besar dari selesai (40)"),
    (lambda d: d["periode"][1]["pengaduan"]["per_status"].update(selesai=9),
     "jumlah per_aspek (5) tidak sama dengan jumlah per_status (10)"),
    (lambda d: d["periode"][1]["tepat_waktu"]["konsultasi"].update(selesai=-1), "tidak boleh negatif"),
    (lambda d: d["periode"][0].update(label="2026-T3", mulai="2026-07-01", sampai="2026-09-30"),
     "periode 2026-T3 ditulis dua kali"),
    (lambda d: d.update(unit="unit-lain"), "file ini untuk unit 'pst-bps-kutai-barat' tetapi menulis 'unit-lain'"),
    (lambda d: d["periode"][1]["layanan"].update({"layanan-lain": {}}),
     "unit 'pst-bps-kutai-barat' tidak punya layanan 'layanan-lain' — layanan yang ada: konsultasi-statistik"),
    (lambda d: d["periode"][1].update(skm_tanpa_indeks={"alasan": "unsur_tanpa_jawaban"}),
     "skm dan skm_tanpa_indeks tidak boleh keduanya ada"),
    (lambda d: d["periode"][1].update(skm=None, skm_tanpa_indeks={"alasan": "responden_di_bawah_minimum"}),
     "responden_di_bawah_minimum memerlukan minimum_responden"),
    (lambda d: d["periode"][1].update(skm=None, skm_tanpa_indeks={"alasan": "melindungi_kelompok_kecil"}),
     "melindungi_kelompok_kecil memerlukan minimum_responden"),
    (lambda d: d["periode"][1].update(skm=None, skm_tanpa_indeks={"alasan": "unsur_tanpa_jawaban",
                                                                  "minimum_responden": 5}),
     "minimum_responden hanya untuk responden_di_bawah_minimum"),
    (lambda d: d["periode"][1].update(skm=None, skm_tanpa_indeks={"alasan": "responden_di_bawah_minimum",
                                                                  "minimum_responden": 1}),
     "periode[2].skm_tanpa_indeks.minimum_responden"),
    # what the privacy rule withholds has no key: not the number of respondents, not their answers
    (lambda d: d["periode"][1].update(skm=None, skm_tanpa_indeks={"alasan": "responden_di_bawah_minimum",
                                                                  "minimum_responden": 5, "responden": 3}),
     "periode[2].skm_tanpa_indeks.responden: kunci ini tidak dikenal"),
])
def test_inconsistent_data_is_refused_naming_file_and_field(project, change, expected):
    data = copy.deepcopy(sample_data())
    change(data)
    write_data(project, data)
    messages = refused(project)
    assert any(expected in m and m.startswith(f"standard/kinerja/{UNIT}.json") for m in messages), messages


def withheld_data() -> dict:
    """Quarter 3: too few respondents for the unit and its service; quarter 2: an element no one answered
    for the unit, no respondent for the service; quarter 1: a published index."""
    data = sample_data()
    q2, q3 = data["periode"]
    below = {"alasan": "responden_di_bawah_minimum", "minimum_responden": 5}
    q3.update(skm=None, skm_tanpa_indeks=below)
    q3["layanan"][SERVICE].update(skm=None, skm_tanpa_indeks=below)
    q2.update(skm=None, skm_tanpa_indeks={"alasan": "unsur_tanpa_jawaban"})
    q2["layanan"][SERVICE] = {"tepat_waktu": {"konsultasi": {"selesai": 20, "tepat_waktu": 15}}}
    q1 = {"jenis": "triwulan", "label": "2026-T1", "mulai": "2026-01-01", "sampai": "2026-03-31",
          "skm": skm_block(responses(30), None)}
    data["periode"] = [q1, q2, q3]
    return data


def test_withheld_results_say_there_were_respondents_without_publishing_them(project):
    """Strict build of a file whose latest quarter is below the minimum of respondents: the pages say there
    were answers, too few to publish, and neither page nor JSON holds their number or answers."""
    write_data(project, withheld_data(), follow_up=None)
    build(project, site_dir=project.root / "keluaran")
    unit = text_of(page(project, f"standar/{UNIT}/kinerja"))
    latest = unit[unit.index("Triwulan III 2026"):unit.index("Ketepatan waktu")]
    assert ("Ada responden survei dalam periode ini, tetapi kurang dari 5 orang. Agar jawaban setiap responden "
            "tidak dapat dikenali, jumlah responden dan indeks kepuasan unit ini tidak dipublikasikan untuk "
            "periode ini.") in latest
    assert "Belum ada responden" not in unit and "Responden:" not in latest and "Mutu" not in latest
    earlier = unit[unit.index("Periode sebelumnya"):]
    assert "Triwulan II 2026 ada unsur yang tidak dijawab; IKM tidak dihitung" in earlier
    assert "Triwulan I 2026 mutu B (Baik)" in earlier
    service = text_of(page(project, f"standar/{UNIT}/{SERVICE}/kinerja"))
    assert ("tetapi kurang dari 5 orang. Agar jawaban setiap responden tidak dapat dikenali, jumlah responden "
            "dan indeks kepuasan layanan ini tidak dipublikasikan") in service
    assert "Triwulan II 2026 belum ada responden survei" in service  # the service had none in quarter 2
    markdown = (project.generated_dir() / UNIT / "kinerja.md").read_text(encoding="utf-8")
    assert "kurang dari 5 orang" in markdown and "Belum ada responden" not in markdown
    published = json.loads((project.root / "keluaran" / "standar" / UNIT / "kinerja.json").read_text("utf-8"))
    q3 = published["periode"][2]
    assert q3["skm_tanpa_indeks"] == {"alasan": "responden_di_bawah_minimum", "minimum_responden": 5}
    assert q3["skm"] is None and q3["layanan"][SERVICE]["skm"] is None
    assert q3["layanan"][SERVICE]["skm_tanpa_indeks"] == q3["skm_tanpa_indeks"]  # no count, no answers


def test_a_result_left_out_against_subtraction_says_why(project):
    data = withheld_data()
    data["periode"][2]["layanan"][SERVICE]["skm_tanpa_indeks"] = {"alasan": "melindungi_kelompok_kecil",
                                                                  "minimum_responden": 5}
    write_data(project, data, follow_up=None)
    render(project)
    markdown = (project.generated_dir() / UNIT / SERVICE / "kinerja.md").read_text(encoding="utf-8")
    assert ("Ada responden survei dalam periode ini, tetapi indeks kepuasan layanan ini tidak dipublikasikan: "
            "bersama angka lain yang dipublikasikan, angkanya akan mengungkap jawaban kelompok responden lain yang "
            "kurang dari 5 orang.") in " ".join(markdown.split())


def test_a_quarter_without_respondents_still_says_so(project):
    data = withheld_data()
    data["periode"][2].update(skm_tanpa_indeks=None)
    del data["periode"][2]["skm_tanpa_indeks"]
    write_data(project, data, follow_up=None)
    render(project)
    markdown = (project.generated_dir() / UNIT / "kinerja.md").read_text(encoding="utf-8")
    assert "Belum ada responden survei dalam periode ini." in markdown and "kurang dari 5" not in markdown


def test_a_broken_json_file_is_refused_with_its_line(project):
    path = write_data(project, sample_data())
    lines = path.read_text().splitlines()
    lines[5] = lines[5].rstrip(",")
    path.write_text("\n".join(lines))
    [message] = refused(project)
    assert message.startswith(f"standard/kinerja/{UNIT}.json:") and "JSON tidak sah" in message


def test_files_that_do_not_belong_are_named(project):
    write_data(project, sample_data())
    folder = project.standard / "kinerja"
    (folder / "unit-tak-ada.json").write_text(json.dumps({**sample_data(), "unit": "unit-tak-ada"}))
    (folder / "catatan.txt").write_text("catatan")
    messages = refused(project)
    assert "standard/kinerja/catatan.txt: galat: file ini tidak dibaca" in messages[0]
    assert "standard/kinerja/unit-tak-ada.json: galat: unit 'unit-tak-ada' tidak ada di standard/unit/" in messages[1]


@pytest.mark.parametrize("text, expected", [
    ("# 2025-T1\n\n## U3\n\nTeks.\n", "baris 1? periode '2025-T1' tidak ada di pst-bps-kutai-barat.json"),
    ("# 2026-T3\n\n## U10\n\nTeks.\n", "unsur 'U10' tidak dikenal — tulis U1 sampai U9"),
    ("Teks tanpa judul.\n", "teks di luar unsur"),
    ("# 2026-T3\n\n## U3\n\nSatu.\n\n## U3\n\nDua.\n", "U3 untuk periode 2026-T3 sudah ditulis di baris 3"),
    ("# 2026-T3\n\n## U3\n\n", "U3 untuk periode 2026-T3 belum berisi teks"),
    ("# 2026-T3\n\n### U3\n\nTeks.\n", "judul tidak dikenal"),
])
def test_the_follow_up_text_is_checked_with_its_line(project, text, expected):
    write_data(project, sample_data(), follow_up=text)
    messages = refused(project)
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"standard/kinerja/{UNIT}{kinerja.FOLLOW_UP_SUFFIX}:")
    assert expected.split("? ")[-1] in messages[0]


def test_follow_up_text_is_shown_literally(project):
    write_data(project, sample_data(), follow_up="# 2026-T3\n\n## U3\n\nLihat <script>alert(1)</script> *bukan* [tautan](x).\n")
    render(project)
    text = (project.generated_dir() / UNIT / "kinerja.md").read_text(encoding="utf-8")
    assert r"Lihat &lt;script&gt;alert(1)&lt;/script&gt; \*bukan\* \[tautan\](x)." in text


def test_the_seed_has_no_invented_figures():
    from conftest import REPO

    assert not (REPO / "standard" / "kinerja").exists()
    assert load(REPO / "standard").errors == []


@pytest.mark.parametrize("jenis, label, bounds, nama", [
    ("triwulan", "2026-T1", ("2026-01-01", "2026-03-31"), "Triwulan I 2026"),
    ("triwulan", "2028-T1", ("2028-01-01", "2028-03-31"), "Triwulan I 2028"),
    ("triwulan", "2026-T4", ("2026-10-01", "2026-12-31"), "Triwulan IV 2026"),
    ("semester", "2028-S1", ("2028-01-01", "2028-06-30"), "Semester I 2028"),
    ("semester", "2026-S2", ("2026-07-01", "2026-12-31"), "Semester II 2026"),
    ("tahun", "2026", ("2026-01-01", "2026-12-31"), "Tahun 2026"),
])
def test_periods_are_calendar_quarters_semesters_and_years(jenis, label, bounds, nama):
    import datetime as dt

    start, end = (dt.date.fromisoformat(v) for v in bounds)
    assert kinerja.period_bounds(jenis, label) == (start, end)
    one = kinerja.Periode(jenis=jenis, label=label, mulai=start, sampai=end)
    assert one.nama == nama
    assert kinerja.period_bounds(jenis, "2026-T5") is None and kinerja.period_bounds("tahun", "2026-S1") is None


def test_durations_and_numbers_are_written_the_indonesian_way():
    assert [kinerja.lama(m) for m in (0, 12, 60, 135, 1440, 1500, 2880)] == [
        "0 menit", "12 menit", "1 jam", "2 jam 15 menit", "1 hari", "1 hari 1 jam", "2 hari"]
    assert kinerja.angka(Decimal("3.5"), 3) == "3,500" and kinerja.angka(1234) == "1.234"


def test_a_chart_escapes_its_text_and_draws_no_bar_for_a_missing_value():
    from layanan import charts

    svg = charts.bar_chart("x", 'Judul <b>"tebal"</b>', [charts.Bar("A & <B>", None, "—"),
                                                          charts.Bar("C", Decimal(50), "50 %")],
                           Decimal(0), Decimal(100), [(Decimal(0), "0 %"), (Decimal(100), "100 %")])
    tree = ET.fromstring(svg)
    assert tree.get("aria-label") == 'Judul <b>"tebal"</b>' and tree.find(f"{SVG}b") is None
    assert [float(r.get("width")) for r in tree.findall(f"{SVG}rect")] == [146.0]
    assert "A & <B>" in "".join(tree.itertext()) and "—" in "".join(tree.itertext())
