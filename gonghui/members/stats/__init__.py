"""Member statistics: precomputed snapshots, the dashboard and its export."""
