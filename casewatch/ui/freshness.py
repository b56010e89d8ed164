"""A hidden mark at the end of every completed run: the data version the page was drawn from and
a nonce of the run. A browser (a load test, a browser test) can tell a finished page from one still
drawing, or one whose run was cut short, and check that the whole page came from one version; and a
fresh session's first screen from the whole page that follows it."""

from __future__ import annotations

import uuid

import streamlit as st

MARK_ID = "cw-run-complete"


def run_complete(data_version: int, *, first_paint: bool = False) -> None:
    """``first_paint``: the run drew a fresh session's first screen (charts as placeholders); the
    mark says so (``data-first-paint``) until the run with the charts replaces it."""
    # values are an int and a hex nonce: nothing user-provided reaches this HTML
    flag = " data-first-paint" if first_paint else ""
    st.html(
        f'<span data-testid="{MARK_ID}" data-version="{int(data_version)}" data-run="{uuid.uuid4().hex}"{flag} hidden>'
        "</span>"
    )
