"""Provision Superset from a Pillars asset bundle; runs with Superset's own Python (`pillars bi` calls it).

One application start does what would take four `superset` commands (each start costs seconds): the
metadata schema migration (`superset db upgrade`), roles and permissions (`superset init`), the admin user
(created, or its password reset to the stored one), the import of the bundle with every object overwritten
in place (Superset's `ImportAssetsCommand`, the same code as its /api/v1/assets/import), and a column sync
of each imported dataset from the warehouse, as pillars_reader.

    python provision.py BUNDLE.zip      # env: SUPERSET_ADMIN_USER, SUPERSET_ADMIN_PASSWORD, PILLARS_BI_READER_PASSWORD
"""

import os
import sys
import zipfile

from sqlalchemy.exc import NoSuchTableError
from superset.app import create_app

ADMIN_EMAIL = "admin@pillars.invalid"


def ensure_admin(security_manager, username: str, password: str):
    user = security_manager.find_user(username=username)
    admin = security_manager.find_role("Admin")
    if user is None:
        user = security_manager.add_user(username, "Pillars", "Admin", ADMIN_EMAIL, admin, password=password)
        if not user:
            sys.exit(f"provision: could not create the Superset user {username}")
    else:
        security_manager.reset_password(user.id, password)
    return user


def main(bundle_path: str) -> None:
    app = create_app()
    with app.app_context():
        from flask import g
        from flask_migrate import upgrade
        from superset import appbuilder, db, security_manager

        upgrade()
        appbuilder.add_permissions(update_perms=True)
        security_manager.sync_role_definitions()
        db.session.commit()
        from superset.commands.importers.v1.assets import ImportAssetsCommand
        from superset.commands.importers.v1.utils import get_contents_from_bundle
        from superset.connectors.sqla.models import SqlaTable

        g.user = ensure_admin(security_manager, os.environ["SUPERSET_ADMIN_USER"], os.environ["SUPERSET_ADMIN_PASSWORD"])
        db.session.commit()
        with zipfile.ZipFile(bundle_path) as bundle:
            contents = get_contents_from_bundle(bundle)
        reader_password = os.environ["PILLARS_BI_READER_PASSWORD"]
        passwords = {name: reader_password for name in contents if name.startswith("databases/")}
        ImportAssetsCommand(contents, passwords=passwords).run()
        names = [name.rsplit("/", 1)[-1].removesuffix(".yaml") for name in contents if name.startswith("datasets/")]
        tables = db.session.query(SqlaTable).filter(SqlaTable.table_name.in_(names), SqlaTable.schema == "reporting")
        for table in tables:
            try:
                table.fetch_metadata()
            except NoSuchTableError:
                sys.exit(f"provision: reporting.{table.table_name} does not exist yet: publish the warehouse first (make demo)")
        db.session.commit()
        print(f"provision: imported {len(contents)} files, synced columns of {len(names)} datasets")


if __name__ == "__main__":
    main(sys.argv[1])
