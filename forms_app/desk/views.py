"""The desk's views, one module per area; importing this registers them all on the blueprint."""

from forms_app.desk import auth_views  # noqa: F401
from forms_app.desk import inbox_views  # noqa: F401
