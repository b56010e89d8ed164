"""Cross-filtering: a click on a chart element sets the matching global filter (and the URL).

Streamlit keeps a chart's selection across reruns, so a click is applied once: the value last
applied per chart is remembered, and the same selection seen again (say after the user cleared
the filter in the sidebar) is not applied a second time.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from casewatch.charts.breakdowns import clicked
from casewatch.filters import LIST_FIELDS, Filters
from casewatch.ui import sidebar

_APPLIED = "_crossfilter_applied"


def apply_click(
    event: object,
    *,
    key: str,
    filter_name: str,
    filters: Filters,
    field: str = "customdata",
    to_code: Callable[[str | None], str | None] | None = None,
) -> None:
    """If ``event`` (from ``chart_block(..., on_select=True)``) selects a new element, set the
    global filter ``filter_name`` (URL name, e.g. 'city') to its code and rerun."""
    value = clicked(event, field)
    code = fresh(key, to_code(value) if to_code else value)
    if code and getattr(filters, LIST_FIELDS[filter_name][0]) != (code,):
        sidebar.set_filter(filter_name, [code])
        st.rerun()


def fresh(key: str, value: str | None) -> str | None:
    """``value`` when it differs from the last selection seen under ``key`` (then remembered),
    else None; an empty selection is remembered too, so selecting the same element again counts."""
    seen: dict[str, str] = st.session_state.setdefault(_APPLIED, {})
    if not value:
        seen.pop(key, None)
        return None
    if seen.get(key) == value:
        return None
    seen[key] = value
    return value


def clear_button(label: str, *, filter_name: str, key: str) -> None:
    """A button that empties one global filter (e.g. back from one city to all of them)."""
    if st.button(label, key=key, icon=":material/filter_alt_off:"):
        sidebar.set_filter(filter_name, [])
        st.rerun()
