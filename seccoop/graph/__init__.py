"""The graph: its model (a networkx view shared by queries, exports and renderings), the stores
behind one interface (embedded SQLite by default, Neo4j), subgraph selection and exports."""
