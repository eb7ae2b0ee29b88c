"""Superset's configuration for Pillars (SUPERSET_CONFIG_PATH points here; `pillars bi` sets the variables).

Nothing secret is written here: the secret key and the metadata database URL come from the environment,
which `pillars bi` fills from the warehouse credentials (or compose's .env). Superset's own metadata lives
in a PostgreSQL database owned by pillars_superset; it reads the warehouse only as pillars_reader.
"""

import os

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = os.environ["SUPERSET_METADATA_URL"]
# Nothing leaves the machine: no usage analytics, no remote map tiles or update checks.
SCARF_ANALYTICS = False
# The server listens on loopback (or behind a TLS proxy in production); HTTPS redirects would break it.
TALISMAN_ENABLED = False
# No uploads, no async queries: the warehouse connection is read-only and small.
CSV_EXTENSIONS: set = set()
EXCEL_EXTENSIONS: set = set()
COLUMNAR_EXTENSIONS: set = set()
ALLOWED_EXTENSIONS: set = set()
SQLLAB_CTAS_NO_LIMIT = False
