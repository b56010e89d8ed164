"""The uses of Streamlit's private API, kept here so that an upgrade of Streamlit has one place to
look (tests/unit/test_streamlit_private.py fails when Streamlit changes them underneath).

A fresh server that sees a ``pages/`` folder next to its main script runs its first request in
Streamlit's legacy folder mode, executing a deep-linked page file without dashboard.py. Streamlit
offers no public switch out of that mode but ``st.navigation``, which only runs with dashboard.py.

Two things Streamlit does once per process, the first time it draws, fall in the first session
after a server start unless the start-up does them (``warm_first_draw``).
"""

from __future__ import annotations

from streamlit import delta_generator, string_util
from streamlit.runtime.pages_manager import PagesManager

# a label that is not ASCII, as the language switch's "中文"
_NOT_ASCII = "中文"


def leave_pages_folder_mode() -> None:
    """Makes the server run this app's ``st.navigation`` (the main script) from the next run on,
    as ``st.navigation`` itself does when it runs."""
    PagesManager.uses_pages_directory = False


def warm_first_draw() -> None:
    """Does, in the calling (start-up) thread, what Streamlit otherwise does in the first script run
    of the process (measured in the first session after a start, docs/benchmarks.md, issue 27):

    - compiles the emoji catalogue's regular expression (some thousands of emoji), which Streamlit
      loads the first time a label that is not ASCII passes through ``extract_leading_emoji``;
    - its check, on the first element drawn, whether it runs in a Python REPL: that walks the whole
      stack of the thread (``inspect.stack``, reading every frame's source file), deep in a script
      thread and shallow here. The check warns only outside ``streamlit run``, so here it is silent.
    """
    string_util.extract_leading_emoji(_NOT_ASCII)
    delta_generator._maybe_print_use_warning()
