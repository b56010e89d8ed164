"""The one use of Streamlit's private API, kept here so that an upgrade of Streamlit has one place
to look (tests/unit/test_streamlit_private.py fails when Streamlit changes it underneath).

A fresh server that sees a ``pages/`` folder next to its main script runs its first request in
Streamlit's legacy folder mode, executing a deep-linked page file without dashboard.py. Streamlit
offers no public switch out of that mode but ``st.navigation``, which only runs with dashboard.py.
"""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager


def leave_pages_folder_mode() -> None:
    """Makes the server run this app's ``st.navigation`` (the main script) from the next run on,
    as ``st.navigation`` itself does when it runs."""
    PagesManager.uses_pages_directory = False
