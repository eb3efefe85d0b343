"""Data side: the data contract, CSV reading, the store, the customer-period table, measures and
the demo-data generator. Never imports Streamlit."""
