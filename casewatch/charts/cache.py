"""Memoised chart builders: a figure built once per distinct input, a new Figure on every call.

Building a plotly figure validates every property it sets, which is most of the server's CPU per
page view (py-spy, 20-session load run), while the same aggregates are drawn again and again: every
rerun of a page, and every reader of the same view. ``memoised_figure`` keys a builder's result by
the *content* of its arguments (DataFrames by their columns, dtypes, index and values), so a figure
is exactly the one its data would build: an import changes the data, hence the key, and no figure
of one data version can be shown with another's. A figure is stored pickled, and each call
returns a fresh Figure unpickled from those bytes (not validated again: it was when first built),
so a caller that changes its figure changes no one else's, nor the stored one.
"""

from __future__ import annotations

import functools
import hashlib
import io
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, ParamSpec

import pandas as pd
import plotly.graph_objects as go

MAX_FIGURES = 256
_P = ParamSpec("_P")


def _dtype(dtype: Any) -> Any:
    # a categorical's name says nothing of its categories or their order, which a chart may follow
    if isinstance(dtype, pd.CategoricalDtype):
        return ("category", list(dtype.categories), bool(dtype.ordered))
    return str(dtype)  # time zones are part of the name: datetime64[ns, Asia/Shanghai]


def _index(index: pd.Index) -> Any:
    return ([str(name) for name in index.names], _dtype(index.dtype), index.to_numpy())


def _plain(value: Any) -> Any:
    """``value`` with pandas objects spelled out (type, labels, dtypes, index and values), so that
    equal pickles mean equal inputs."""
    if isinstance(value, pd.DataFrame):
        return (
            "DataFrame",
            [str(name) for name in value.columns],
            [_dtype(dtype) for dtype in value.dtypes],
            _index(value.index),
            [value.iloc[:, position].to_numpy() for position in range(value.shape[1])],
        )
    if isinstance(value, pd.Series):
        return ("Series", str(value.name), _dtype(value.dtype), _index(value.index), value.to_numpy())
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_plain(item) for item in value])
    return value


def input_key(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    """A digest of a call's inputs, or None when one of them cannot be pickled (not memoised)."""
    spelled = io.BytesIO()
    pickler = pickle.Pickler(spelled, protocol=pickle.HIGHEST_PROTOCOL)
    # No memo: equal values give equal bytes whether or not they are one object (a frame fresh from
    # DuckDB shares its repeated strings, one unpickled from Streamlit's cache does not).
    pickler.fast = True
    try:
        pickler.dump((name, [_plain(arg) for arg in args], sorted((key, _plain(arg)) for key, arg in kwargs.items())))
    except (pickle.PicklingError, TypeError, AttributeError, ValueError):
        return None
    return hashlib.sha256(spelled.getbuffer()).hexdigest()


class ContentStore:
    """Bounded LRU of bytes by input key, shared by the server's script threads. Bytes cannot be
    changed in place: what one caller gets can never alter what the next one gets."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            stored = self._entries.get(key)
            if stored is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return stored

    def put(self, key: str, value: bytes) -> bytes:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0


STORE = ContentStore(MAX_FIGURES)


def _spelled(figure: go.Figure) -> bytes:
    # The properties as the builder set them (numpy arrays and all): Figure.to_dict() would encode
    # arrays for the browser, and a figure made from that would read differently. With the subplot
    # grid, so that a figure made from it takes row=/col= like the original.
    state = {
        "data": figure._data,
        "layout": figure._layout,
        "_grid_str": figure._grid_str,
        "_grid_ref": figure._grid_ref,
    }
    return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)


def _fresh(stored: bytes) -> go.Figure:
    # our own bytes, pickled in this process from a figure we built (never read from outside)
    state = pickle.loads(stored)  # noqa: S301
    return go.Figure(state, _validate=False)


def memoised_figure(build: Callable[_P, go.Figure]) -> Callable[_P, go.Figure]:
    """Decorates a pure chart builder (inputs in, new Figure out) with the shared figure store."""
    name = f"{build.__module__}.{build.__qualname__}"

    @functools.wraps(build)
    def memoised(*args: _P.args, **kwargs: _P.kwargs) -> go.Figure:
        key = input_key(name, args, kwargs)
        if key is None:
            return build(*args, **kwargs)
        stored = STORE.get(key)
        if stored is None:
            figure = build(*args, **kwargs)
            if figure.frames:  # animations are not stored
                return figure
            stored = STORE.put(key, _spelled(figure))
        return _fresh(stored)

    return memoised
