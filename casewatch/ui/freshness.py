"""A hidden mark at the end of every completed run: the data version the page was drawn from and
a nonce of the run. A browser (a load test, a browser test) can tell a finished page from one still
drawing, or one whose run was cut short, and check that the whole page came from one version."""

from __future__ import annotations

import uuid

import streamlit as st

MARK_ID = "cw-run-complete"


def run_complete(data_version: int) -> None:
    # values are an int and a hex nonce: nothing user-provided reaches this HTML
    st.html(
        f'<span data-testid="{MARK_ID}" data-version="{int(data_version)}" data-run="{uuid.uuid4().hex}" hidden></span>'
    )
