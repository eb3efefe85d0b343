"""Statistical side: failure classification, survival models, attribution and scenarios.
Never imports Streamlit."""
