"""Extensions, created unbound here and bound to an app in `create_app`."""

from __future__ import annotations

import ipaddress

from flask import request
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Constraint names that Alembic can rely on, the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# Objects stay readable after a commit (the views read a draft's token or a submission's code
# after committing; reloading each would be one more transaction and SELECT per request).
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
csrf = CSRFProtect()


def client_address() -> str:
    """Who a rate limit counts: the client's address, an IPv6 client by its /64 (one household or
    phone holds a whole /64 and can pick any address in it). Behind trusted proxies (setting
    TRUSTED_PROXIES) `remote_addr` is already the address the nearest trusted proxy saw."""
    address = request.remote_addr or "tidak-diketahui"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


limiter = Limiter(key_func=client_address, default_limits=[])


def tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL (readers never wait for the writer), a busy timeout, enforced foreign keys, and
    synchronous=FULL so that a commit survives a power cut, not only a crash of the process."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(connection, _record) -> None:  # noqa: ANN001 - DB-API connection
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA secure_delete=ON")  # erased personal data does not linger in free pages
        cursor.close()
