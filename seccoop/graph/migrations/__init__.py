"""SQL migrations of the SQLite store, applied in file-name order (``NNNN_name.sql``).

``REDERIVE_EVENTS``: the versions after which the events are rebuilt from the claims in Python
(the merge of claims into events is the model's, :class:`seccoop.graph.model.EventFold`, not SQL's).
"""
REDERIVE_EVENTS = frozenset({4})
