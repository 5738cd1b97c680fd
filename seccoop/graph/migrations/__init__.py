"""SQL migrations of the SQLite store, applied in file-name order (``NNNN_name.sql``)."""
