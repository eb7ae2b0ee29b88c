"""Everything the Airflow DAG files need, so the files in ``dags/`` only declare.

Nothing here touches the database or the network at import time: DAG parsing stays fast and offline.
"""
