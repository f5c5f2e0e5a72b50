"""The desk's views, one module per area; importing this registers them all on the blueprint."""

from forms_app.desk import auth_views  # noqa: F401
from forms_app.desk import inbox_views  # noqa: F401
from forms_app.desk import account_views  # noqa: F401
from forms_app.desk import staff_views  # noqa: F401
from forms_app.desk import audit_views  # noqa: F401
from forms_app.desk import setup_views  # noqa: F401
from forms_app.desk import case_views  # noqa: F401
from forms_app.desk import canned_views  # noqa: F401
from forms_app.desk import settings_views  # noqa: F401
from forms_app.desk import queue_views  # noqa: F401
from forms_app.desk import entry_views  # noqa: F401
from forms_app.desk import personal_data_views  # noqa: F401
from forms_app.desk import report_views  # noqa: F401
from forms_app.desk import survey_views  # noqa: F401
