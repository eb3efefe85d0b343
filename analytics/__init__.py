"""Data side: the data contract, CSV reading, the store, the customer-period table and measures.
Never imports Streamlit, the models or the demo-data generator (``demo/``)."""
