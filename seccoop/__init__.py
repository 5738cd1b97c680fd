"""seccoop: news articles about international security cooperation -> a knowledge graph.

The chain is read -> extract -> resolve -> relate -> store (see :mod:`seccoop.pipeline`).
"""

__version__ = "0.1.0"
