"""A4 PDF posters: a service standard as offices hang it on the wall, and a unit's Maklumat Pelayanan.

Both are reproducible byte for byte and embed their fonts; see `layanan.poster.page`.
"""

from layanan.poster.maklumat import poster_maklumat
from layanan.poster.service import poster_layanan

__all__ = ["poster_layanan", "poster_maklumat"]
