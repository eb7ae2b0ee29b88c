"""The warehouse: the embedded PostgreSQL cluster, credentials, connections and versioned bootstrap SQL."""
