"""Page-specific choices mirrored in the URL (e.g. ``?measure=``, ``?party=``), so a view is a link.

A choice widget keyed ``name`` is seeded once per session from ``?name=`` when the value is one
of its options, and every run writes the choice back (dropping it when it is the default);
``segmented`` does all three for a segmented control.
Streamlit's own ``bind="query-params"`` is not used: with a ``format_func`` it expects the
displayed label in the URL, which would differ between zh and en.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

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


def segmented(
    name: str,
    label: str,
    options: Sequence[str],
    default: str,
    *,
    format_func: Callable[[str], str],
    where: DeltaGenerator | None = None,
    help_text: str | None = None,
    label_shown: bool = True,
) -> str:
    """A segmented control keyed ``name`` (in ``where``, a column say, else the page) whose choice
    is one of ``options``, seeded from ``?name=`` and mirrored back to it; ``default`` when
    nothing valid is chosen. ``label_shown=False`` keeps the label for screen readers only."""
    seed(name, options, default)
    control = st.segmented_control if where is None else where.segmented_control
    chosen = control(
        label,
        options,
        format_func=format_func,
        required=True,
        key=name,
        help=help_text,
        label_visibility="visible" if label_shown else "collapsed",
    )
    choice = chosen if chosen is not None and chosen in options else default
    mirror(name, choice, default)
    return choice
