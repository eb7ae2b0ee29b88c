"""Loading validated partner rows into ``raw``, rejected rows into ``quarantine``, and the ``ops`` ledger."""
