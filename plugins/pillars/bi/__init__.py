"""A BI tool on the published warehouse: Apache Superset, provisioned from ``dashboard.yml`` (``pillars bi``)."""
