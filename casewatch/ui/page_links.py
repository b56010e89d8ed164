"""Page-specific choices mirrored in the URL (e.g. ``?measure=``, ``?party=``), so a view is a link.

A choice widget keyed ``name`` is seeded once per session from ``?name=`` when the value is one
of its options, and every run writes the choice back (dropping it when it is the default).
Streamlit's own ``bind="query-params"`` is not used: with a ``format_func`` it expects the
displayed label in the URL, which would differ between zh and en.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

_SEEDED = "_page_links_seeded"


def seed(name: str, options: Sequence[str], default: str | None, *, free_text: bool = False) -> None:
    """Before the widget keyed ``name`` is created: take ``?name=`` if valid (any non-empty text
    when ``free_text``), else keep the session's choice, else the default."""
    seeded: set[str] = st.session_state.setdefault(_SEEDED, set())
    if name not in seeded:
        seeded.add(name)
        linked = st.query_params.get(name)
        if linked and (free_text or linked in options):
            st.session_state[name] = linked
    if name not in st.session_state or (st.session_state[name] not in options and not free_text):
        st.session_state[name] = default


def mirror(name: str, value: str | None, default: str | None) -> None:
    """Write the choice to the URL; the default (or nothing chosen) leaves the URL clean."""
    if value is None or value == default:
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != value:
        st.query_params[name] = value
