"""The Streamlit side's shared parts: what every page uses, so pages stay thin.

Pages import from here only (``tests/test_layout.py`` checks it). ``loaders`` is the one place
with Streamlit caches; ``frame`` and ``sidebar`` build each run's :class:`~dashboard.view.View`;
``guard`` turns failures into messages; ``formatting``, ``colors``, ``tables``, ``tiles`` and
``figures`` are plain functions (no Streamlit), tested without a browser; ``strings`` holds the
interface in English and Spanish, one module per page.
"""
