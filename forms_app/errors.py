"""Error pages in Indonesian that say what happened and what to do; never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("Permintaan tidak dapat diproses",
          "Isi permintaan tidak dapat dibaca. Kembali ke formulir, periksa isiannya, lalu kirim lagi."),
    403: ("Akses ditolak", "Halaman ini tidak dapat dibuka dari sini."),
    404: ("Halaman tidak ditemukan",
          "Alamat yang Anda buka tidak ada. Periksa alamatnya, atau mulai dari beranda."),
    405: ("Cara membuka halaman ini tidak didukung",
          "Halaman ini tidak menerima permintaan dengan cara itu. Buka halamannya dari tautan di situs."),
    413: ("Kiriman terlalu besar",
          "Kiriman Anda melebihi batas: lampirannya terlalu besar, atau ada isian yang terlalu panjang. "
          "Setiap lampiran paling besar 5 MB, paling banyak 3 lampiran, dan setiap isian cukup beberapa "
          "ribu karakter. Perkecil berkasnya (misalnya foto dengan resolusi lebih rendah) atau persingkat "
          "isiannya, lalu kirim lagi."),
    415: ("Bentuk kiriman tidak didukung",
          "Formulir ini hanya menerima kiriman dari halaman formulirnya (isian formulir biasa, dengan atau "
          "tanpa lampiran). Buka formulirnya di peramban, isi, lalu tekan tombol kirim."),
    429: ("Terlalu banyak kiriman",
          "Dari alamat Anda sudah masuk banyak kiriman dalam waktu singkat. Tunggu beberapa menit, lalu "
          "coba lagi. Bila mendesak, sampaikan melalui saluran lain pada halaman standar pelayanan."),
    500: ("Terjadi kesalahan pada sistem",
          "Kiriman Anda belum tersimpan. Coba lagi beberapa saat lagi; bila tetap gagal, sampaikan melalui "
          "saluran lain pada halaman standar pelayanan."),
}

CSRF_MESSAGE = (
    "Formulir kedaluwarsa",
    "Demi keamanan, formulir hanya dapat dikirim dari halaman formulir yang masih berlaku. Muat ulang "
    "halaman formulir lalu kirim lagi. Bila Anda membuka formulir di tab lain, gunakan tab terbaru.",
)


def error_page(status: int, title: str | None = None, message: str | None = None):  # noqa: ANN201
    default_title, default_message = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
    body = render_template("errors/galat.html", status=status, title=title or default_title,
                           message=message or default_message)
    return body, status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError):  # noqa: ANN202
        return error_page(400, *CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):  # noqa: ANN202
        response = error_page(error.code or 500)
        if error.code == 405 and getattr(error, "valid_methods", None):
            return response[0], 405, {"Allow": ", ".join(error.valid_methods)}
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):  # noqa: ANN202
        if isinstance(error, HTTPException):
            return _http(error)
        log.exception("kesalahan tak terduga", exc_info=error)
        return error_page(InternalServerError.code)
