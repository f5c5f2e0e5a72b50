"""Photo metadata stripped at the container level: what goes, what stays, and files that are
not what they claim (truncated, random data) kept as sent rather than refused or mangled."""

from __future__ import annotations

import io
import struct

import pytest
from forms_files import MEGABYTE, camera_jpeg, jpeg_photo, png_photo

from forms_app import image_metadata


def segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def exif(order: str, orientation: int, gps: bool = True) -> bytes:
    """An EXIF APP1 body: IFD0 with the orientation and (as phones write) a GPS pointer."""
    fmt = {"II": "<", "MM": ">"}[order]
    entries = [struct.pack(fmt + "HHIHH", 0x0112, 3, 1, orientation, 0)]
    if gps:
        entries.append(struct.pack(fmt + "HHII", 0x8825, 4, 1, 0))
    ifd = struct.pack(fmt + "H", len(entries)) + b"".join(entries) + struct.pack(fmt + "I", 0)
    return b"Exif\x00\x00" + order.encode() + struct.pack(fmt + "HI", 42, 8) + ifd + b"GPS-Sendawar"


SOI, EOI = b"\xff\xd8", b"\xff\xd9"
JFIF = segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
ICC = segment(0xE2, b"ICC_PROFILE\x00\x01\x01" + b"profil")
ADOBE = segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01")
DQT = segment(0xDB, b"\x00" + bytes(range(64)))
SOS_AND_SCAN = segment(0xDA, b"\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00") + b"\x12\x34\xff\x00\x56" + EOI


def test_jpeg_keeps_what_decoding_needs_and_drops_every_other_app_and_comment():
    dropped = [segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>GPS</x:xmpmeta>"),
               segment(0xED, b"Photoshop 3.0\x008BIM IPTC Sendawar"),
               segment(0xFE, b"Lokasi: Sendawar"), segment(0xEB, b"JP\x00\x00 jumbf")]
    photo = SOI + JFIF + b"".join(dropped) + ICC + ADOBE + DQT + SOS_AND_SCAN
    assert image_metadata.strip(photo, "image/jpeg") == SOI + JFIF + ICC + ADOBE + DQT + SOS_AND_SCAN


@pytest.mark.parametrize("order", ["II", "MM"])
def test_jpeg_exif_becomes_the_orientation_alone(order):
    photo = SOI + segment(0xE1, exif(order, 8)) + DQT + SOS_AND_SCAN
    stripped = image_metadata.strip(photo, "image/jpeg")
    assert b"Sendawar" not in stripped and stripped.endswith(DQT + SOS_AND_SCAN)
    minimal = stripped[2:stripped.index(DQT)]
    assert minimal[:2] == b"\xff\xe1" and len(minimal) == 36


def test_a_phone_photo_keeps_only_its_orientation_as_pillow_reads_it():
    from PIL import Image

    photo = camera_jpeg(orientation=3)
    assert len(Image.open(io.BytesIO(photo)).getexif()) > 1
    kept = image_metadata.strip(photo, "image/jpeg")
    assert dict(Image.open(io.BytesIO(kept)).getexif()) == {0x0112: 3}


def test_jpeg_exif_without_a_turn_goes_entirely():
    photo = SOI + JFIF + segment(0xE1, exif("II", 1)) + DQT + SOS_AND_SCAN
    assert image_metadata.strip(photo, "image/jpeg") == SOI + JFIF + DQT + SOS_AND_SCAN


@pytest.mark.parametrize("photo", [
    pytest.param(SOI + JFIF + b"\x00\x01 not a marker " + segment(0xFE, b"stays"), id="garbage-after-header"),
    pytest.param(SOI + JFIF + b"\xff\xfe\x40\x00short", id="segment-longer-than-the-file"),
    pytest.param(SOI + b"\xff", id="cut-after-a-marker-byte"),
    pytest.param(b"\xff\xd8\xff", id="three-bytes"),
])
def test_a_jpeg_that_is_not_well_formed_is_kept_from_where_it_stops_making_sense(photo):
    assert image_metadata.strip(photo, "image/jpeg") == photo  # the walk stops; the rest is kept as sent


def test_a_second_image_after_the_first_loses_its_metadata_in_place():
    """Ultra HDR gain maps and MPF pictures are whole JPEGs appended after the main one's EOI."""
    from PIL import Image

    main, second = camera_jpeg(orientation=6), camera_jpeg()
    stripped = image_metadata.strip(main + second, "image/jpeg")
    second_kept = stripped[stripped.index(b"\xff\xd9\xff\xd8\xff") + 2:]
    assert len(second_kept) == len(second)  # blanked in place: offsets into the file stay valid
    assert b"Exif\x00\x00" not in second_kept
    for needle in (b"PonselMerek", b"GPSLatitude", b"Sendawar"):
        assert needle not in stripped
    header = second_kept[:second_kept.index(b"\xff\xda")]  # the scan's random data may hold any two bytes
    assert b"\x88\x25" not in header and b"\x25\x88" not in header  # no GPS IFD pointer left
    assert b"ICCPROFILE-KEEP-ME" in second_kept and b"JFIF" in second_kept
    for image in (stripped, second_kept):
        decoded = Image.open(io.BytesIO(image))
        decoded.load()
        assert decoded.size == (320, 240) and not decoded.getexif().get_ifd(0x8825)
    assert dict(Image.open(io.BytesIO(stripped)).getexif()) == {0x0112: 6}


def test_random_data_photos_pass_unchanged():
    for photo, kind in ((jpeg_photo(MEGABYTE), "image/jpeg"), (png_photo(MEGABYTE), "image/png")):
        assert image_metadata.strip(photo, kind) == photo


def chunk(kind: bytes, data: bytes) -> bytes:
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_png_drops_exif_and_text_chunks_and_keeps_the_rest_in_order():
    head = image_metadata.PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    kept = [chunk(b"iCCP", b"profil\x00\x00xyz"), chunk(b"pHYs", b"\x00" * 9), chunk(b"IDAT", b"data")]
    dropped = [chunk(b"eXIf", b"MM\x00*GPS"), chunk(b"tEXt", b"Comment\x00Sendawar"),
               chunk(b"zTXt", b"Lokasi\x00\x00x"), chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00GPS")]
    png = head + kept[0] + dropped[0] + kept[1] + dropped[1] + dropped[2] + kept[2] + dropped[3] + chunk(b"IEND", b"")
    assert image_metadata.strip(png, "image/png") == head + b"".join(kept) + chunk(b"IEND", b"")


def test_a_truncated_png_is_kept_from_where_it_stops_making_sense():
    png = image_metadata.PNG_SIGNATURE + chunk(b"tEXt", b"a\x00b") + b"\x00\x10\x00\x00IDATshort"
    assert image_metadata.strip(png, "image/png") == image_metadata.PNG_SIGNATURE + b"\x00\x10\x00\x00IDATshort"


def test_pdf_is_not_touched():
    pdf = b"%PDF-1.7\n/Author (Siti)\n%%EOF\n"
    assert image_metadata.strip(pdf, "application/pdf") == pdf
