"""plotly figure builders: plain functions, data in, figure out, no Streamlit (tested without a
browser). One module per page area; :mod:`dashboard.figures.common` holds the look they share."""
