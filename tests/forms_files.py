"""Files as citizens attach them: megabytes of random data (as compressed photo data looks)
behind real JPEG, PNG and PDF structure, and real photos made by Pillow that carry EXIF/GPS."""

from __future__ import annotations

import io
import os
import struct
import zlib

MEGABYTE = 1024 * 1024


def jpeg_photo(size: int) -> bytes:
    """A JPEG of `size` bytes: SOI, JFIF, a scan header, random scan data, EOI."""
    head = (b"\xff\xd8" + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            + b"\xff\xda\x00\x0c\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00")
    return head + os.urandom(size - len(head) - 2) + b"\xff\xd9"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_photo(size: int) -> bytes:
    """A PNG of `size` bytes: signature, IHDR, IDAT chunks of random data, IEND."""
    head = b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", 3000, 2000, 8, 2, 0, 0, 0))
    tail = _chunk(b"IEND", b"")
    room = size - len(head) - len(tail)
    chunks = []
    while room > 0:
        take = min(room - 12, MEGABYTE)
        chunks.append(_chunk(b"IDAT", os.urandom(take)))
        room -= take + 12
    return head + b"".join(chunks) + tail


def pdf_document(size: int) -> bytes:
    """A PDF of `size` bytes: a header, a random binary stream, the trailer."""
    head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Length 0>>stream\n"
    tail = b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return head + os.urandom(size - len(head) - len(tail)) + tail


GPS_LATITUDE = ((0, 1), (13, 1), (5, 1))  # near Sendawar, Kutai Barat


def _exif_with_gps(orientation: int | None = None):  # noqa: ANN202
    from PIL import Image

    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    exif[0x010F] = "PonselMerek"  # Make
    exif[0x0110] = "Model X"  # Model
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (0.0, 13.0, 5.0), 3: "E", 4: (115.0, 42.0, 7.0)})
    return exif


def camera_jpeg(orientation: int | None = None) -> bytes:
    """A real JPEG of noise, as a phone writes it: EXIF with GPS, XMP, a comment, an ICC profile."""
    from PIL import Image

    image = Image.frombytes("RGB", (320, 240), os.urandom(320 * 240 * 3))
    out = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>0,13.08S</exif:GPSLatitude></x:xmpmeta>'
    image.save(out, "JPEG", quality=90, exif=_exif_with_gps(orientation), comment=b"Lokasi: Sendawar",
               icc_profile=b"ICCPROFILE-KEEP-ME" * 8, xmp=xmp)
    return out.getvalue()


def camera_png() -> bytes:
    """A real PNG of noise with an eXIf chunk (GPS) and text chunks."""
    from PIL import Image, PngImagePlugin

    image = Image.frombytes("RGB", (64, 48), os.urandom(64 * 48 * 3))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Lokasi: Sendawar")
    info.add_text("Description", "dekat kantor", zip=True)
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS</x:xmpmeta>")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=_exif_with_gps())
    return out.getvalue()
