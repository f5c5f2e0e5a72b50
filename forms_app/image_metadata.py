"""Metadata stripped from photos before they are stored, losslessly, at the container level.

A phone's photo can carry where it was taken (EXIF GPS), the device, the owner's name (XMP,
IPTC, comments): an *anonim* complainant must not be found through their evidence. The image
data itself is not touched (no re-encoding: nothing is lost, and a file we cannot decode is
still kept as sent).

JPEG: every APPn and COM segment before the scan goes, except JFIF/JFXX (APP0), the ICC colour
profile (APP2) and Adobe's colour transform (APP14), which decoding needs. The EXIF orientation
alone is kept, in a minimal EXIF segment, so that a portrait photo is not shown on its side.
Further images stored after the main one (MPF multi-picture files, Ultra HDR gain maps, EXIF
thumbnails appended by some phones) carry their own EXIF/XMP: every embedded JPEG that starts
right after an end-of-image marker has the same segments blanked in place (same length, so the
offsets an MPF index holds stay valid).
PNG: the eXIf, tEXt, zTXt and iTXt chunks go.
"""

from __future__ import annotations

import struct

JPEG_SOI = b"\xff\xd8"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_KEPT_APP = {0xE0: (b"JFIF\x00", b"JFXX\x00"), 0xE2: (b"ICC_PROFILE\x00",), 0xEE: (b"Adobe",)}
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RSTn carry no length
_SOS, _EOI, _COM = 0xDA, 0xD9, 0xFE
_PNG_DROPPED = {b"eXIf", b"tEXt", b"zTXt", b"iTXt"}
_ORIENTATION = 0x0112
# An embedded image begins right after the previous one's EOI. In random (compressed) data these
# five bytes occur by chance about once in 2**40 positions (one in 200,000 files of 5 MB), and a
# false match is then blanked only where it also parses as a run of APPn/COM segments, so a file
# of random data is kept byte for byte.
_NEXT_IMAGE = b"\xff\xd9\xff\xd8\xff"


def strip(data: bytes, media_type: str) -> bytes:
    if media_type == "image/jpeg":
        return strip_jpeg(data)
    if media_type == "image/png":
        return strip_png(data)
    return data


def strip_jpeg(data: bytes) -> bytes:
    if not data.startswith(JPEG_SOI):
        return data
    out = [JPEG_SOI]
    at = 2
    for marker, start, end in _header_segments(data, 2):
        segment = data[start:end]
        if marker == 0xE1 and segment[4:10] == b"Exif\x00\x00":
            out.append(_orientation_only(segment[10:]))
        elif not _dropped(marker, segment):
            out.append(segment)
        at = end
    out.append(_blank_embedded(data[at:]))  # the scan and what follows, embedded images' metadata blanked
    return b"".join(out)


def _header_segments(data: bytes | bytearray, at: int):  # noqa: ANN202 - an iterator of (marker, start, end)
    """The marker segments of a JPEG header from `at` (just after its SOI) up to its scan: a
    marker with no length (TEM, RSTn) ends 2 bytes on; fill bytes are skipped. Stops at the scan,
    at the image's end, and at anything malformed."""
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        if marker in _STANDALONE:
            yield marker, at, at + 2
            at += 2
            continue
        if marker in (_SOS, _EOI):
            return
        length = struct.unpack(">H", bytes(data[at + 2:at + 4]))[0]
        end = at + 2 + length
        if length < 2 or end > len(data):
            return
        yield marker, at, end
        at = end


def _dropped(marker: int, segment: bytes | bytearray) -> bool:
    """A segment that may carry metadata: COM, and every APPn but those decoding needs."""
    if marker in _STANDALONE:
        return False
    return marker == _COM or (0xE0 <= marker <= 0xEF and not bytes(segment[4:]).startswith(_KEPT_APP.get(marker, ())))


def _blank_embedded(rest: bytes) -> bytes:
    found = rest.find(_NEXT_IMAGE)
    if found < 0:
        return rest
    blanked = bytearray(rest)
    while found >= 0:
        _blank_header(blanked, found + 2)
        found = rest.find(_NEXT_IMAGE, found + 2)
    return bytes(blanked)


def _blank_header(data: bytearray, start: int) -> None:
    """Zero, in place, the identifier and payload of every segment we would drop in the JPEG
    starting at `start` (its SOI), from its SOI up to its scan."""
    for marker, at, end in _header_segments(data, start + 2):
        if _dropped(marker, data[at:end]):
            data[at + 4:end] = bytes(end - at - 4)


def _orientation_only(tiff: bytes) -> bytes:
    """A minimal EXIF segment with only the orientation of `tiff`'s first IFD; b'' if none."""
    try:
        order = {b"II": "<", b"MM": ">"}[tiff[:2]]
        ifd = struct.unpack(order + "I", tiff[4:8])[0]
        count = struct.unpack(order + "H", tiff[ifd:ifd + 2])[0]
        for index in range(count):
            entry = ifd + 2 + 12 * index
            tag, kind = struct.unpack(order + "HH", tiff[entry:entry + 4])
            if tag == _ORIENTATION and kind == 3:
                orientation = struct.unpack(order + "H", tiff[entry + 8:entry + 10])[0]
                break
        else:
            return b""
    except (KeyError, struct.error):
        return b""
    if orientation == 1 or not 1 <= orientation <= 8:
        return b""
    body = (b"Exif\x00\x00" + b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
            + struct.pack(">HHIHH", _ORIENTATION, 3, 1, orientation, 0) + struct.pack(">I", 0))
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def strip_png(data: bytes) -> bytes:
    if not data.startswith(PNG_SIGNATURE):
        return data
    out = [PNG_SIGNATURE]
    at = len(PNG_SIGNATURE)
    while at + 12 <= len(data):
        length = struct.unpack(">I", data[at:at + 4])[0]
        kind = data[at + 4:at + 8]
        end = at + 12 + length
        if end > len(data):
            break
        if kind not in _PNG_DROPPED:
            out.append(data[at:end])
        at = end
        if kind == b"IEND":
            break
    out.append(data[at:])
    return b"".join(out)
